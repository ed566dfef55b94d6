import { createHash } from 'node:crypto';

/** The SHA-1 of a file's content, in hex: how the plan recognizes content it has seen. */
export const sha1 = (content: Buffer) =>
  createHash('sha1').update(content).digest('hex');
