import { spawn } from 'node:child_process';

/** Name and email git records for a commit. @public */
export interface GitIdentity {
  name: string;
  email: string;
}

/** A git command that failed. @public */
export class GitCommandError extends Error {
  readonly args: string[];
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(args: string[], exitCode: number | null, stderr: string) {
    super(
      `git ${args.join(' ')} failed (exit ${exitCode}): ${
        stderr.trim() || 'no output'
      }`,
    );
    this.name = 'GitCommandError';
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

// Variables that would point git at another repository, index or work tree
// than the one asked for (set, for example, when running inside a git hook).
const REDIRECTING_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

function gitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
  for (const name of REDIRECTING_VARIABLES) {
    delete env[name];
  }
  return env;
}

/** Options of {@link runGit}. @public */
export interface RunGitOptions {
  cwd: string;
  /** Extra environment variables, such as `GIT_AUTHOR_NAME`. */
  env?: Record<string, string>;
  /** Written to the command's standard input. */
  input?: string | Buffer;
  /** Resolve with the result instead of rejecting on a non-zero exit. */
  allowFailure?: boolean;
}

/** Output of a git command. @public */
export interface GitOutput {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
}

/**
 * Runs the git CLI without a shell: arguments are passed as they are, so paths
 * and names from users cannot inject commands. Variables that would point git
 * at another repository (`GIT_DIR`, set inside a git hook, and the like) are
 * removed, so the command works on the repository in `cwd`. Conway's one way
 * of running git.
 *
 * @throws GitCommandError on a non-zero exit, unless `allowFailure` is set
 * @public
 */
export function runGit(
  args: string[],
  options: RunGitOptions,
): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', exitCode => {
      const result = {
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode,
      };
      if (exitCode !== 0 && !options.allowFailure) {
        reject(new GitCommandError(args, exitCode, result.stderr));
      } else {
        resolve(result);
      }
    });
    // A command that exits before reading its input closes the pipe: not an error of ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Runs git and returns its standard output as text, without the final newline. @public */
export async function gitText(args: string[], cwd: string): Promise<string> {
  const { stdout } = await runGit(args, { cwd });
  return stdout.toString('utf8').replace(/\n$/, '');
}

/** `-c user.name=… -c user.email=…` for an identity, or nothing to use git's configuration. @public */
export function identityArgs(identity: GitIdentity | undefined): string[] {
  return identity
    ? ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`]
    : [];
}

/** The top directory of the working tree that holds `dir`, or undefined when `dir` is not in one. */
export async function workTreeRoot(dir: string): Promise<string | undefined> {
  const result = await runGit(['rev-parse', '--show-toplevel'], {
    cwd: dir,
    allowFailure: true,
  }).catch(() => undefined);
  if (!result || result.exitCode !== 0) {
    return undefined;
  }
  return result.stdout.toString('utf8').trim();
}

/** One object of `git cat-file --batch`: its content, or undefined when missing. */
export async function readObjects(
  cwd: string,
  specs: string[],
): Promise<(Buffer | undefined)[]> {
  if (specs.length === 0) {
    return [];
  }
  const { stdout } = await runGit(['cat-file', '--batch'], {
    cwd,
    input: `${specs.join('\n')}\n`,
  });
  const objects: (Buffer | undefined)[] = [];
  let offset = 0;
  for (let i = 0; i < specs.length; i++) {
    const end = stdout.indexOf(0x0a, offset);
    const header = stdout.subarray(offset, end).toString('utf8');
    offset = end + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      objects.push(undefined);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    objects.push(Buffer.from(stdout.subarray(offset, offset + size)));
    offset += size + 1;
  }
  return objects;
}
