import { mergeThreeWay } from '../merge/mergeThreeWay';
import { isBinary } from './fileContent';
import type { TemplateFile } from './renderVersions';

/** The outcome for one file the template produces at both versions. */
export interface Merged {
  content: Buffer;
  executable: boolean;
  status: 'unchanged' | 'theirs' | 'merged' | 'conflict' | 'binary-conflict';
}

/** Three-way merge of one file: the template's change (base → theirs) applied to ours. */
export function mergeFile(
  base: TemplateFile,
  ours: { content: Buffer; executable: boolean },
  theirs: TemplateFile,
): Merged {
  // Only the executable bit is tracked, as in git: take the template's change to it, if any.
  const executable =
    base.executable !== theirs.executable ? theirs.executable : ours.executable;
  if (base.content.equals(theirs.content)) {
    return { content: ours.content, executable, status: 'unchanged' };
  }
  if (ours.content.equals(base.content)) {
    return { content: theirs.content, executable, status: 'theirs' };
  }
  if (ours.content.equals(theirs.content)) {
    return { content: ours.content, executable, status: 'unchanged' };
  }
  if (
    isBinary(base.content) ||
    isBinary(ours.content) ||
    isBinary(theirs.content)
  ) {
    return { content: ours.content, executable, status: 'binary-conflict' };
  }
  const merged = mergeThreeWay(
    base.content.toString('utf8'),
    ours.content.toString('utf8'),
    theirs.content.toString('utf8'),
  );
  return {
    content: Buffer.from(merged.text, 'utf8'),
    executable,
    status: merged.conflict ? 'conflict' : 'merged',
  };
}

/**
 * Both sides added a file with different content (no common ancestor): lines
 * they share at the start and the end stay, the rest becomes one conflict, as
 * git writes an add/add conflict.
 */
export function addAddConflict(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  return [
    ...a.slice(0, start),
    '<<<<<<< ours',
    ...a.slice(start, a.length - end),
    '=======',
    ...b.slice(start, b.length - end),
    '>>>>>>> theirs',
    ...a.slice(a.length - end),
  ].join('\n');
}
