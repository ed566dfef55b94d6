import { spawn } from 'child_process';
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';
import { runGit } from './git';

const DAY = 86400;
/** Example histories older than this are made again, so that their recent weeks stay recent. */
const MAX_AGE_DAYS = 28;
const MARKER = '.conway-example-repositories.json';
const REPOSITORY_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** One commit of an example description, or a run of them. @public */
export interface DescribedCommit {
  author: string;
  /** Days before the generation day. */
  daysAgo: number;
  /** Path → lines appended by the commit. */
  files: Record<string, number>;
  /** Repeats the commit `count` times, `everyDays` apart, towards now. */
  repeat?: { count: number; everyDays: number };
}

/** A parsed example description (see org/histories.yaml). @public */
export interface ExampleHistories {
  /** Key → the author's name and email. */
  people: Map<string, { name: string; email: string }>;
  /** In the order of the file. */
  repositories: Array<{
    name: string;
    /** Ref of the component this repository is the source of. */
    entityRef: string;
    commits: DescribedCommit[];
  }>;
}

/** Where the example repositories are and which component each one is the source of. @public */
export interface ExampleRepositories {
  /** Absolute directory holding one repository per described entry. */
  directory: string;
  /** Component ref → absolute directory of its repository. */
  byEntityRef: Map<string, string>;
  /** Whether this call made them (false: the existing ones were current). */
  generated: boolean;
}

function fail(file: string, where: string, reason: string): never {
  throw new Error(`Invalid example histories '${file}' at ${where}: ${reason}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function entries(v: Record<string, unknown>): Array<[string, unknown]> {
  return Object.keys(v).map(k => [k, v[k]]);
}

function count(file: string, where: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    fail(
      file,
      where,
      `expected an integer >= ${min}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/**
 * Reads an example description: `people` (key → name and email) and
 * `repositories` (name → component and commits).
 *
 * @throws Error naming the file and the offending entry.
 * @public
 */
export function parseExampleHistories(
  text: string,
  file = 'example histories',
): ExampleHistories {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return fail(file, '(document)', (e as Error).message);
  }
  if (!isRecord(doc)) return fail(file, '(document)', 'expected a mapping');
  if (!isRecord(doc.people)) return fail(file, 'people', 'expected a mapping');
  if (!isRecord(doc.repositories)) {
    return fail(file, 'repositories', 'expected a mapping');
  }
  const people = new Map<string, { name: string; email: string }>();
  for (const [key, p] of entries(doc.people)) {
    if (
      !isRecord(p) ||
      typeof p.name !== 'string' ||
      typeof p.email !== 'string' ||
      !p.email.includes('@')
    ) {
      fail(file, `people.${key}`, 'expected { name, email }');
    }
    people.set(key, { name: p.name, email: p.email });
  }
  const repositories: ExampleHistories['repositories'] = [];
  for (const [name, r] of entries(doc.repositories)) {
    const at = `repositories.${name}`;
    if (!REPOSITORY_NAME.test(name)) {
      fail(file, at, 'use lower-case letters, digits, ".", "_" and "-"');
    }
    const list: unknown = isRecord(r) ? r.commits : undefined;
    if (!isRecord(r) || !Array.isArray(list)) {
      fail(file, at, 'expected { component, commits: [...] }');
    }
    const component = r.component ?? name;
    if (typeof component !== 'string' || !component) {
      fail(file, `${at}.component`, 'expected a component name or ref');
    }
    const entityRef = component.includes(':')
      ? component.toLowerCase()
      : `component:default/${component.toLowerCase()}`;
    const commits = list.map((c: unknown, i: number): DescribedCommit => {
      const cat = `${at}.commits[${i}]`;
      if (!isRecord(c)) fail(file, cat, 'expected { author, daysAgo, files }');
      const author = c.author;
      const described = c.files;
      const repeated = c.repeat;
      if (typeof author !== 'string' || !people.has(author)) {
        fail(file, `${cat}.author`, `'${String(author)}' is not in people`);
      }
      if (!isRecord(described) || Object.keys(described).length === 0) {
        fail(file, `${cat}.files`, 'expected path: lines');
      }
      const files: Record<string, number> = {};
      for (const [p, n] of entries(described)) {
        const normalized = path.posix.normalize(p);
        if (
          path.posix.isAbsolute(normalized) ||
          normalized.startsWith('..') ||
          normalized.split('/').includes('.git') ||
          /["\n\r]/.test(normalized)
        ) {
          fail(file, `${cat}.files`, `'${p}' must stay inside the repository`);
        }
        files[normalized] = count(file, `${cat}.files.${p}`, n, 1);
      }
      let repeat: DescribedCommit['repeat'];
      if (repeated !== undefined) {
        if (!isRecord(repeated)) {
          fail(file, `${cat}.repeat`, 'expected { count, everyDays }');
        }
        repeat = {
          count: count(file, `${cat}.repeat.count`, repeated.count, 1),
          everyDays: count(
            file,
            `${cat}.repeat.everyDays`,
            repeated.everyDays,
            1,
          ),
        };
      }
      return {
        author,
        daysAgo: count(file, `${cat}.daysAgo`, c.daysAgo),
        files,
        ...(repeat ? { repeat } : {}),
      };
    });
    repositories.push({ name, entityRef, commits });
  }
  return { people, repositories };
}

/** Commits of one repository, oldest first, at fixed times before `base`. */
function expandCommits(
  histories: ExampleHistories,
  commits: DescribedCommit[],
  base: number,
) {
  const out: Array<{
    author: { name: string; email: string };
    time: number;
    files: Record<string, number>;
  }> = [];
  commits.forEach((c, i) => {
    const n = c.repeat?.count ?? 1;
    for (let k = 0; k < n; k++) {
      const daysAgo = c.daysAgo - k * (c.repeat?.everyDays ?? 0);
      if (daysAgo < 0) break;
      // Minutes apart by position, so that commits of one day keep their order.
      out.push({
        author: histories.people.get(c.author)!,
        time: base - daysAgo * DAY + (i % 600) * 60 + k,
        files: c.files,
      });
    }
  });
  return out.sort((a, b) => a.time - b.time);
}

/** A `git fast-import` stream: each commit appends distinct lines to its files. */
function fastImportStream(commits: ReturnType<typeof expandCommits>): string {
  const contents = new Map<string, string[]>();
  const parts: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  commits.forEach((c, i) => {
    const who = `${c.author.name} <${c.author.email}> ${c.time} +0000`;
    parts.push(
      'commit refs/heads/main\n',
      `author ${who}\n`,
      `committer ${who}\n`,
      data(`Example change ${i + 1}`),
    );
    for (const file of Object.keys(c.files).sort()) {
      const lines = contents.get(file) ?? [];
      const start = lines.length;
      for (let k = 1; k <= c.files[file]; k++) {
        lines.push(`${file} line ${start + k}`);
      }
      contents.set(file, lines);
      parts.push(`M 100644 inline ${file}\n`, data(`${lines.join('\n')}\n`));
    }
  });
  return parts.join('');
}

function fastImport(dir: string, stream: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], {
      cwd: dir,
      env: { ...process.env, LC_ALL: 'C' },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(`git fast-import failed (exit ${code}): ${err.trim()}`),
          ),
    );
    child.stdin.end(stream);
  });
}

/**
 * Makes the example repositories a description asks for, one git work tree
 * per repository under `directory`, with commits at times relative to the
 * generation day (so that they stay in the analysis window). Idempotent:
 * when the repositories there were made from the same description less than
 * four weeks ago, they are kept. New ones are built beside the directory and
 * swapped in whole, so a killed process never leaves half a set.
 *
 * @throws Error naming the file when the description is invalid.
 * @public
 */
export async function ensureExampleRepositories(options: {
  /** The description (org/histories.yaml). */
  descriptionFile: string;
  directory: string;
  /** Epoch seconds; default now. */
  now?: number;
}): Promise<ExampleRepositories> {
  const { descriptionFile } = options;
  const directory = path.resolve(options.directory);
  const text = await fs.promises.readFile(descriptionFile, 'utf8');
  const histories = parseExampleHistories(text, descriptionFile);
  const hash = createHash('sha256').update(text).digest('hex');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const byEntityRef = new Map(
    histories.repositories.map(r => [
      r.entityRef,
      path.join(directory, r.name),
    ]),
  );

  try {
    const marker = JSON.parse(
      await fs.promises.readFile(path.join(directory, MARKER), 'utf8'),
    );
    if (marker.hash === hash && now - marker.base < MAX_AGE_DAYS * DAY) {
      return { directory, byEntityRef, generated: false };
    }
  } catch {
    // No marker or an unreadable one: make them.
  }

  // The day before today, at midnight UTC: every commit is in the past.
  const base = Math.floor(now / DAY) * DAY - DAY;
  const temp = `${directory}.tmp-${process.pid}`;
  const old = `${directory}.old-${process.pid}`;
  await fs.promises.rm(temp, { recursive: true, force: true });
  try {
    for (const repository of histories.repositories) {
      const dir = path.join(temp, repository.name);
      await fs.promises.mkdir(dir, { recursive: true });
      await runGit(dir, ['init', '-q', '-b', 'main']);
      await fastImport(
        dir,
        fastImportStream(expandCommits(histories, repository.commits, base)),
      );
      await runGit(dir, ['reset', '-q', '--hard', 'main']);
    }
    await fs.promises.writeFile(
      path.join(temp, MARKER),
      JSON.stringify({ hash, base }),
    );
    await fs.promises.mkdir(path.dirname(directory), { recursive: true });
    if (fs.existsSync(directory)) await fs.promises.rename(directory, old);
    await fs.promises.rename(temp, directory);
  } finally {
    await fs.promises.rm(temp, { recursive: true, force: true });
    await fs.promises.rm(old, { recursive: true, force: true });
  }
  return { directory, byEntityRef, generated: true };
}
