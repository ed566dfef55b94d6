const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether a file is binary as git decides it (a NUL byte in the first 8000
 * bytes), or is not valid UTF-8 and so cannot be merged line by line.
 */
export function isBinary(content: Buffer): boolean {
  if (content.subarray(0, 8000).includes(0)) {
    return true;
  }
  try {
    utf8.decode(content);
    return false;
  } catch {
    return true;
  }
}

/**
 * How alike two texts are, from 0 to 1: the share of lines they have in
 * common (as a multiset), like git's rename score.
 */
export function similarity(a: string, b: string): number {
  // The newline that ends the last line is no line of its own.
  const left = a.replace(/\n$/, '').split('\n');
  const right = b.replace(/\n$/, '').split('\n');
  const counts = new Map<string, number>();
  for (const line of left) {
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  let common = 0;
  for (const line of right) {
    const n = counts.get(line) ?? 0;
    if (n > 0) {
      common++;
      counts.set(line, n - 1);
    }
  }
  return (2 * common) / (left.length + right.length);
}
