import { spawn, execFileSync } from 'child_process';
import fs from 'fs';

/** Shape of a generated history. @public */
export interface GeneratedHistoryOptions {
  commits: number;
  /** Files the history spreads over (fixed: the code does not grow with history). Default 400. */
  files?: number;
  /** Authors, the first `departed` of them not in any catalog. Default 40. */
  authors?: number;
  /** Added to every author's number, so that repositories can have different people. Default 0. */
  authorOffset?: number;
  /** Seconds between commits. Default 3150 (≈ 10,000 commits a year). */
  spacing?: number;
  /** Time of the last commit, epoch seconds. */
  end: number;
  seed?: number;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Email of generated author `i`. @public */
export function generatedAuthorEmail(i: number): string {
  return `dev${i}@fleet.example`;
}

/**
 * Writes a repository with a generated history through `git fast-import`
 * (seconds for 100,000 commits): each commit changes one to three of a
 * fixed set of files, rewriting, adding and removing lines, so that
 * `--numstat` has real diffs to compute.
 *
 * @public
 */
export async function generateRepository(
  dir: string,
  options: GeneratedHistoryOptions,
): Promise<void> {
  const fileCount = options.files ?? 400;
  const authorCount = options.authors ?? 40;
  const spacing = options.spacing ?? 3150;
  const rand = random(options.seed ?? 1);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', dir]);
  const child = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: dir,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(new Error(`git fast-import exited ${code}`)),
    );
  });
  const files: string[][] = Array.from({ length: fileCount }, () => []);
  const paths = files.map((_, i) => `src/module${i % 20}/file${i}.ts`);
  let counter = 0;
  const line = () =>
    `export const value${counter++} = ${Math.floor(rand() * 1e6)};`;
  let chunk: string[] = [];
  let size = 0;
  const write = async (text: string) => {
    chunk.push(text);
    size += text.length;
    if (size > 1 << 20) {
      const ok = child.stdin.write(chunk.join(''));
      chunk = [];
      size = 0;
      if (!ok) await new Promise(r => child.stdin.once('drain', r));
    }
  };
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const start = options.end - (options.commits - 1) * spacing;
  for (let c = 0; c < options.commits; c++) {
    const author = Math.floor(rand() ** 1.5 * authorCount);
    const time = start + c * spacing;
    const person = author + (options.authorOffset ?? 0);
    const who = `Dev ${person} <${generatedAuthorEmail(person)}> ${time} +0000`;
    let body = `commit refs/heads/main\nauthor ${who}\ncommitter ${who}\n${data(
      `change ${c}`,
    )}`;
    const touched = 1 + Math.floor(rand() * 3);
    for (let t = 0; t < touched; t++) {
      // Authors stay near their own part of the code, as teams do.
      const f = (author * 10 + Math.floor(rand() * 30)) % fileCount;
      const lines = files[f];
      const rewrites = Math.floor(rand() * 4);
      for (let r = 0; r < rewrites && lines.length; r++) {
        lines[Math.floor(rand() * lines.length)] = line();
      }
      const adds = Math.floor(rand() * 8);
      for (let a = 0; a < adds; a++)
        lines.splice(Math.floor(rand() * (lines.length + 1)), 0, line());
      if (lines.length > 60) lines.splice(Math.floor(rand() * 40), 15);
      body += `M 100644 inline ${paths[f]}\n${data(`${lines.join('\n')}\n`)}`;
    }
    await write(body);
  }
  await write('done\n');
  child.stdin.end(chunk.join(''));
  await exited;
}

/** Appends one commit (by a generated author) to a generated repository. @public */
export function appendCommit(dir: string, time: number, n: number): void {
  const who = `Dev 1 <${generatedAuthorEmail(1)}> ${time} +0000`;
  const content = `export const appended${n} = ${n};\n`;
  const stream =
    `commit refs/heads/main\nauthor ${who}\ncommitter ${who}\ndata 8\nappended\n` +
    `from refs/heads/main^0\nM 100644 inline src/appended${n}.ts\ndata ${content.length}\n${content}\ndone\n`;
  execFileSync('git', ['fast-import', '--quiet', '--done'], {
    cwd: dir,
    input: stream,
  });
}
