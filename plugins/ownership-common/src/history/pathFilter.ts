/**
 * Paths left out of the history by default: lockfiles, vendored and
 * generated code. Lines there are written by tools or other projects, not by
 * the team, and would otherwise dominate the figures.
 *
 * @public
 */
export const DEFAULT_HISTORY_EXCLUDES: readonly string[] = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  '*.lock',
  'go.sum',
  '**/vendor/**',
  '**/third_party/**',
  '**/third-party/**',
  '**/node_modules/**',
  // Yarn's own release and plugins, and its Plug'n'Play loaders: committed, written by Yarn.
  '**/.yarn/releases/**',
  '**/.yarn/plugins/**',
  '.pnp.cjs',
  '.pnp.loader.mjs',
  '**/__generated__/**',
  '*.generated.*',
  '*.min.js',
  '*.min.css',
  '*.pb.go',
  '*.snap',
];

function globToSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return out;
}

/**
 * A predicate that tells whether a repository path matches one of the
 * globs. `*` and `?` stay inside one path segment, `**` crosses them; a glob
 * without `/` matches the file name in any directory (like `.gitignore`).
 *
 * @public
 */
export function createPathFilter(
  globs: readonly string[],
): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const sources = globs.map(glob => {
    const trimmed = glob.replace(/^\.?\//, '');
    const source = globToSource(trimmed);
    return trimmed.includes('/') ? source : `(?:.*/)?${source}`;
  });
  const regex = new RegExp(`^(?:${sources.join('|')})$`);
  return path => regex.test(path);
}

/** `a/b/` or `./a/b` → `a/b`; '' for the whole repository. */
export function normalizePathPrefix(prefix: string): string {
  return prefix
    .replace(/^\.\/?/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
}

/** The path relative to the prefix, or undefined when it lies outside. */
export function pathInside(path: string, prefix: string): string | undefined {
  if (prefix === '') return path;
  if (path.length > prefix.length && path.startsWith(prefix)) {
    return path[prefix.length] === '/'
      ? path.slice(prefix.length + 1)
      : undefined;
  }
  return undefined;
}
