import { sha1 } from './contentHash';
import { isBinary, similarity } from './fileContent';
import { compareStrings } from './stableOrder';

const RENAME_THRESHOLD = 0.5;
const MAX_RENAME_PAIRS = 100_000;

/**
 * Pairs files the target version removed with files it added: identical
 * content first, then text files at least 50% alike (git's default), best pairs first.
 *
 * @returns added path → removed path
 */
export function detectRenames(
  removed: Map<string, Buffer>,
  added: Map<string, Buffer>,
): Map<string, string> {
  const renames = new Map<string, string>();
  const used = new Set<string>();
  const removedByHash = new Map<string, string[]>();
  for (const [file, content] of removed) {
    if (content.length > 0) {
      const hash = sha1(content);
      removedByHash.set(hash, [...(removedByHash.get(hash) ?? []), file]);
    }
  }
  for (const [file, content] of added) {
    const candidate = removedByHash.get(sha1(content))?.find(r => !used.has(r));
    if (content.length > 0 && candidate) {
      renames.set(file, candidate);
      used.add(candidate);
    }
  }

  const text = (entries: Map<string, Buffer>, taken: (f: string) => boolean) =>
    [...entries]
      .filter(([file, content]) => !taken(file) && !isBinary(content))
      .map(([file, content]) => ({ file, text: content.toString('utf8') }));
  const from = text(removed, f => used.has(f));
  const to = text(added, f => renames.has(f));
  if (from.length * to.length > MAX_RENAME_PAIRS) {
    return renames;
  }
  const pairs: { from: string; to: string; score: number }[] = [];
  for (const a of from) {
    for (const b of to) {
      const score = similarity(a.text, b.text);
      if (score >= RENAME_THRESHOLD) {
        pairs.push({ from: a.file, to: b.file, score });
      }
    }
  }
  pairs.sort(
    (x, y) =>
      y.score - x.score ||
      compareStrings(x.to, y.to) ||
      compareStrings(x.from, y.from),
  );
  for (const pair of pairs) {
    if (!used.has(pair.from) && !renames.has(pair.to)) {
      renames.set(pair.to, pair.from);
      used.add(pair.from);
    }
  }
  return renames;
}
