import { spawn } from 'child_process';
import { createInterface } from 'readline';

/** A git command that failed, with what it said. */
export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(
      `git ${args.filter(a => !a.startsWith('--format')).join(' ')} failed${
        code === null ? '' : ` (exit ${code})`
      }: ${stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`,
    );
    this.name = 'GitError';
  }
}

/** Environment without prompts: a repository that needs credentials fails instead of waiting. */
function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'echo',
    LC_ALL: 'C',
  };
}

const MAX_STDERR = 8192;

/** Runs git and returns its (small) stdout. @throws GitError */
export function runGit(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv() });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < MAX_STDERR) err += d.toString();
    });
    child.on('error', e => reject(new GitError(args, null, e.message)));
    child.on('close', code => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new GitError(args, code, err));
    });
  });
}

/** Runs git for its exit status only: true on 0, false on 1. @throws GitError otherwise */
export async function gitSucceeds(
  cwd: string,
  args: string[],
): Promise<boolean> {
  try {
    await runGit(cwd, args);
    return true;
  } catch (e) {
    if (e instanceof GitError && e.code === 1) return false;
    throw e;
  }
}

/**
 * Runs git and hands its stdout to `onLine` one line at a time, as it
 * arrives: memory stays flat however long the output. @throws GitError
 */
export function streamGitLines(
  cwd: string,
  args: string[],
  onLine: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv() });
    let err = '';
    let failure: Error | undefined;
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < MAX_STDERR) err += d.toString();
    });
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', line => {
      if (failure) return;
      try {
        onLine(line);
      } catch (e) {
        failure = e as Error;
        child.kill();
      }
    });
    child.on('error', e => reject(new GitError(args, null, e.message)));
    let closed = 0;
    const done = (code: number | null) => {
      if (failure) reject(failure);
      else if (code === 0) resolve();
      else reject(new GitError(args, code, err));
    };
    let exitCode: number | null = null;
    // Both the process and the line reader must finish before the last line is in.
    const finish = () => {
      closed += 1;
      if (closed === 2) done(exitCode);
    };
    lines.on('close', finish);
    child.on('close', code => {
      exitCode = code;
      finish();
    });
  });
}
