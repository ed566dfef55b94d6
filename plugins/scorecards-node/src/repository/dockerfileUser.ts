/**
 * The user the final stage of a Dockerfile runs as: the last `USER` after the
 * last `FROM`, or null when that stage sets none (so it runs as root, or as
 * whatever its base image says, which this check does not trust).
 *
 * @public
 */
export function dockerfileUser(text: string): string | null {
  let user: string | null = null;
  // Join continuation lines so `USER \` + value reads as one instruction.
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = match[1].toUpperCase();
    if (instruction === 'FROM') user = null;
    else if (instruction === 'USER')
      user = match[2].trim().split(/\s+/)[0] || null;
  }
  return user;
}
