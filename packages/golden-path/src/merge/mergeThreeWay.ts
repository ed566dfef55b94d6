import { diff3Merge } from 'node-diff3';

/** Result of {@link mergeThreeWay}. @public */
export interface MergeResult {
  /** The merged text, with git-style conflict markers where both sides changed the same lines. */
  text: string;
  conflict: boolean;
}

/**
 * Line-based three-way merge of text files, as git does it.
 *
 * @param base - the common ancestor (e.g. the file as the old template version rendered it)
 * @param ours - the current file (with the team's edits)
 * @param theirs - the new version (e.g. the file as the new template version renders it)
 * @public
 */
export function mergeThreeWay(
  base: string,
  ours: string,
  theirs: string,
): MergeResult {
  // Lines are passed as arrays: node-diff3 splits strings on any whitespace.
  const regions = diff3Merge(
    ours.split('\n'),
    base.split('\n'),
    theirs.split('\n'),
    { excludeFalseConflicts: true },
  );
  const lines: string[] = [];
  let conflict = false;
  for (const region of regions) {
    if (region.ok) {
      lines.push(...region.ok);
    } else if (region.conflict) {
      conflict = true;
      lines.push(
        '<<<<<<< ours',
        ...region.conflict.a,
        '=======',
        ...region.conflict.b,
        '>>>>>>> theirs',
      );
    }
  }
  return { text: lines.join('\n'), conflict };
}
