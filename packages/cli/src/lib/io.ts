import path from 'path';
import { createStyle } from './style';

/**
 * Where a command writes and which directory it works in. Commands take this
 * instead of using `process` directly so tests can run them in-process.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Whether to colour the output. */
  color: boolean;
}

/** The real terminal. `INIT_CWD` is where `yarn conway ...` was started. */
export function processIo(): CliIo {
  return {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    cwd: process.env.INIT_CWD || process.cwd(),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

/** Exit codes shared by every command. */
export const ExitCode = {
  /** Everything checked passed. */
  Ok: 0,
  /** The check ran and failed, or its input could not be read. */
  Failed: 1,
  /** Wrong usage or configuration: nothing was checked. */
  Usage: 2,
} as const;

/** A problem with how the command was called or configured (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `p` relative to `cwd` when inside it, else absolute: how commands show paths. */
export function shortPath(cwd: string, p: string): string {
  const relative = path.relative(cwd, p);
  if (relative === '') return '.';
  return relative.startsWith('..') ? p : relative;
}

/**
 * Reports an error that stopped a check before it could judge anything: on
 * stderr, and for `--format json` also as `{ passed: false, error }` on
 * stdout, so a pipeline reading the JSON sees a failed check. Returns `code`.
 */
export function reportStop(
  io: CliIo,
  format: string,
  error: Error,
  code: number,
): number {
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify(
        { passed: false, error: { message: error.message } },
        null,
        2,
      )}\n`,
    );
  }
  io.stderr(`${createStyle(io.color).red('error')} ${error.message}\n`);
  return code;
}
