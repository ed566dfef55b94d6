import { CommitRecord, FileChange } from '@conway/plugin-ownership-common';

/** Starts each commit's header line; never appears in git's own output. */
export const RECORD_START = '\x1e';
const FIELD = '\x1f';

/**
 * The `git log` arguments whose output {@link GitLogParser} reads: oldest
 * first, no merges (their changes are counted in the commits merged), rename
 * detection (`-M`) so that a moved file keeps who wrote it, and real paths
 * (`core.quotePath=false`).
 *
 * @public
 */
export function gitLogArgs(range?: string): string[] {
  return [
    '-c',
    'core.quotePath=false',
    'log',
    '--reverse',
    '--no-merges',
    '-M',
    '--numstat',
    `--format=${RECORD_START}%H${FIELD}%at${FIELD}%ae${FIELD}%an`,
    ...(range ? [range] : []),
    '--',
  ];
}

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  '"': '"',
  '\\': '\\',
};

/** Undoes git's C-style quoting of a path (`"a\tb"`, octal bytes as UTF-8). */
export function unquotePath(path: string): string {
  if (path.length < 2 || path[0] !== '"' || path[path.length - 1] !== '"') {
    return path;
  }
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(ESCAPES[next] ?? next ?? '', 'utf8'));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `src/{old => new}/a.ts` or `old.ts => new.ts` → [oldPath, newPath]. */
export function parseRenamePath(spec: string): {
  path: string;
  oldPath?: string;
} {
  const arrow = spec.indexOf(' => ');
  if (arrow === -1) return { path: unquotePath(spec) };
  const open = spec.lastIndexOf('{', arrow);
  const close = spec.indexOf('}', arrow);
  if (open !== -1 && close !== -1) {
    const prefix = spec.slice(0, open);
    const suffix = spec.slice(close + 1);
    const before = spec.slice(open + 1, arrow);
    const after = spec.slice(arrow + 4, close);
    const join = (middle: string) =>
      `${prefix}${middle}${suffix}`.replace(/\/\/+/g, '/');
    return { oldPath: join(before), path: join(after) };
  }
  return {
    oldPath: unquotePath(spec.slice(0, arrow)),
    path: unquotePath(spec.slice(arrow + 4)),
  };
}

const NUMSTAT = /^(\d+|-)\t(\d+|-)\t(.+)$/;

/**
 * Turns `git log` output (see {@link gitLogArgs}), fed line by line, into
 * commits. Holds one commit at a time; lines it cannot read are counted,
 * never fatal.
 *
 * @public
 */
export class GitLogParser {
  private current: CommitRecord | undefined;
  /** Lines that are neither a header nor a numstat line. */
  unparseableLines = 0;
  /** Commits skipped because their header could not be read. */
  unparseableCommits = 0;
  /** The first unreadable line, for the report. */
  firstUnparseable: string | undefined;

  constructor(private readonly emit: (commit: CommitRecord) => void) {}

  line(line: string): void {
    if (line.startsWith(RECORD_START)) {
      this.flush();
      const [sha, time, email, ...name] = line.slice(1).split(FIELD);
      const seconds = Number(time);
      if (!/^[0-9a-f]{40,64}$/.test(sha ?? '') || !Number.isFinite(seconds)) {
        this.unparseableCommits += 1;
        this.firstUnparseable ??= line.slice(1, 200);
        return;
      }
      this.current = {
        sha,
        time: seconds,
        authorEmail: email ?? '',
        authorName: name.join(FIELD),
        files: [],
      };
      return;
    }
    if (line === '') return;
    const m = NUMSTAT.exec(line);
    if (!m || !this.current) {
      this.unparseableLines += 1;
      this.firstUnparseable ??= line.slice(0, 200);
      return;
    }
    const binary = m[1] === '-' || m[2] === '-';
    const file: FileChange = {
      ...parseRenamePath(m[3]),
      added: binary ? 0 : Number(m[1]),
      deleted: binary ? 0 : Number(m[2]),
    };
    if (binary) file.binary = true;
    this.current.files.push(file);
  }

  /** Emits the commit being read; call at the end of the output. */
  flush(): void {
    if (this.current) this.emit(this.current);
    this.current = undefined;
  }
}
