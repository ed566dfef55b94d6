import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotFoundError } from '@backstage/errors';

/** The largest guide served, in bytes: these are hand-written docs. */
const MAX_BYTES = 512 * 1024;

/**
 * Serves the repository's Markdown guides that checks name as "how to fix"
 * (`docs/scorecards.md#owner-is-team`), so that every how-to-fix link in the
 * portal opens something. Only `.md` files inside the root, never outside it
 * (`..`, absolute paths and symbolic links out are refused), never under
 * `node_modules` or a dot directory.
 */
export class GuideReader {
  constructor(private readonly root: string) {}

  /**
   * @throws InputError for a path that is not a repository-relative `.md` file,
   * NotFoundError for one that does not exist inside the root
   */
  async read(relativePath: string): Promise<{ path: string; markdown: string }> {
    const normalized = path.posix.normalize(relativePath.replace(/\\/g, '/'));
    if (
      !normalized.endsWith('.md') ||
      path.posix.isAbsolute(normalized) ||
      normalized.split('/').some(
        part => part === '..' || part.startsWith('.') || part === 'node_modules',
      )
    ) {
      throw new InputError(
        `path: '${relativePath}' is not a Markdown guide inside the repository`,
      );
    }
    const notFound = () =>
      new NotFoundError(`No guide found at '${normalized}'`);
    let real: string;
    let rootReal: string;
    try {
      [real, rootReal] = await Promise.all([
        fs.realpath(path.join(this.root, normalized)),
        fs.realpath(this.root),
      ]);
    } catch {
      throw notFound();
    }
    if (!real.startsWith(rootReal + path.sep)) throw notFound();
    const stat = await fs.stat(real);
    if (!stat.isFile() || stat.size > MAX_BYTES) throw notFound();
    return { path: normalized, markdown: await fs.readFile(real, 'utf8') };
  }
}
