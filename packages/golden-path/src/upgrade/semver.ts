// semver.org's recommended pattern, as loadTemplate checks it.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Whether a string is a semver version such as `1.2.0` or `2.0.0-rc.1`. */
export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

function comparePrerelease(a: string | undefined, b: string | undefined) {
  if (a === b) {
    return 0;
  }
  // A version without a pre-release tag ranks above one with.
  if (a === undefined) {
    return 1;
  }
  if (b === undefined) {
    return -1;
  }
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] === undefined) return -1;
    if (right[i] === undefined) return 1;
    const leftNumeric = /^\d+$/.test(left[i]);
    const rightNumeric = /^\d+$/.test(right[i]);
    if (leftNumeric && rightNumeric) {
      const diff = Number(left[i]) - Number(right[i]);
      if (diff !== 0) return Math.sign(diff);
    } else if (leftNumeric !== rightNumeric) {
      return leftNumeric ? -1 : 1;
    } else if (left[i] !== right[i]) {
      return left[i] < right[i] ? -1 : 1;
    }
  }
  return 0;
}

/**
 * Compares two semver versions by precedence (build metadata ignored).
 *
 * @returns a negative number, zero or a positive number
 * @public
 */
export function compareVersions(a: string, b: string): number {
  const left = SEMVER.exec(a);
  const right = SEMVER.exec(b);
  if (!left || !right) {
    throw new Error(`Not a semver version: '${left ? b : a}'`);
  }
  for (let i = 1; i <= 3; i++) {
    const diff = Number(left[i]) - Number(right[i]);
    if (diff !== 0) {
      return Math.sign(diff);
    }
  }
  return comparePrerelease(left[4], right[4]);
}

/** Sorts versions from oldest to newest. */
export function sortVersions(versions: Iterable<string>): string[] {
  return [...versions].sort(compareVersions);
}

/** The newest release (no pre-release tag), or the newest pre-release when there is no release. */
export function latestVersion(versions: string[]): string | undefined {
  const sorted = sortVersions(versions);
  const releases = sorted.filter(v => !SEMVER.exec(v)![4]);
  return (releases.length > 0 ? releases : sorted).at(-1);
}
