/**
 * Orders semantic versions (`1.2.0`, `1.3.0-rc.1`) the way the golden-paths
 * backend does: by major, minor and patch, a pre-release before its release.
 * Returns a negative number when `a` is older than `b`.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.trim().split('+')[0].split(/-(.*)/s);
    return { parts: core.split('.').map(n => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const diff = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre.localeCompare(y.pre, undefined, { numeric: true });
}

/** True when `candidate` is a newer version than `base`. */
export function isNewer(candidate: string, base: string): boolean {
  return compareVersions(candidate, base) > 0;
}
