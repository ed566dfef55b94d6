import { createHash } from 'node:crypto';
import type { ProblemsFact } from '@conway/plugin-scorecards-common';

/** Policy-check results by content hash. @public */
export interface ManifestCheckCache {
  get(key: string): ProblemsFact | undefined;
  set(key: string, value: ProblemsFact): void;
}

/**
 * An in-memory {@link ManifestCheckCache} holding at most `maxEntries`
 * results, dropping the least recently used.
 *
 * @public
 */
export function createManifestCheckCache(
  maxEntries = 50_000,
): ManifestCheckCache {
  const entries = new Map<string, ProblemsFact>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries)
        entries.delete(entries.keys().next().value!);
    },
  };
}

/**
 * The spellings of a name the golden path derives (`orders-api`, `OrdersApi`,
 * `ordersApi`, `orders_api`, `ORDERS_API`), each with the placeholder that
 * stands for it in cached keys and results: a NUL byte never occurs in a
 * manifest, so putting the spellings back gives the original text exactly.
 */
function spellings(name: string): Array<[string, string]> {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const cap = (w: string) =>
    w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
  const pascal = words.map(cap).join('');
  const variants = [
    name,
    pascal,
    pascal.charAt(0).toLowerCase() + pascal.slice(1),
    words.join('_').toLowerCase(),
    words.join('_').toUpperCase(),
  ];
  return [...new Set(variants)]
    .filter(v => v.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((v, i) => [v, `\u0000name${i}\u0000`]);
}

/**
 * Replaces the service's name by a placeholder, so that services generated
 * from the same golden-path version with the same answers (manifests equal
 * but for the name, derived names like `<name>-api` included) share one
 * policy result. Exact: putting the name back gives the original text. The
 * name's shape (length, DNS-label characters or not) is part of the key, as
 * schema limits depend on it.
 */
export function withoutName(text: string, name: string | undefined): string {
  if (!name) return text;
  let out = text;
  for (const [spelling, placeholder] of spellings(name)) {
    out = out.split(spelling).join(placeholder);
  }
  return out;
}

/** Puts the service's name back into a cached result. */
export function withName(
  fact: ProblemsFact,
  name: string | undefined,
): ProblemsFact {
  if (!name) return fact;
  const put = (t: string) =>
    spellings(name).reduce(
      (out, [spelling, placeholder]) => out.split(placeholder).join(spelling),
      t,
    );
  return {
    ...fact,
    problems: fact.problems.map(put),
    skipped: fact.skipped?.map(put),
  };
}

/**
 * SHA-256 over the files' paths and texts (sorted, the service's name
 * replaced by a placeholder), the extra strings and the name's shape.
 */
export function contentKey(
  entries: Array<[string, string]>,
  extra: string[],
  name?: string,
): string {
  const hash = createHash('sha256');
  for (const [file, text] of [...entries].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    hash.update(file).update('\0').update(withoutName(text, name)).update('\0');
  }
  return hash
    .update(extra.join('\0'))
    .update(`\0${name?.length ?? 0}:${/^[a-z0-9-]*$/.test(name ?? '')}`)
    .digest('hex');
}
