import path from 'node:path';
import { WriteError } from '../errors';

/**
 * Checks that an output path is relative and stays where it is put: no
 * absolute paths, no `.`/`..`/empty segments, no NUL. Returns it with `/` separators.
 */
export function toSafeRelativePath(file: string): string {
  const segments = file.split(/[\\/]/);
  if (
    file.includes('\0') ||
    path.posix.isAbsolute(file) ||
    path.win32.isAbsolute(file) ||
    segments.some(s => s === '' || s === '.' || s === '..')
  ) {
    throw new WriteError(
      `Refusing output path ${JSON.stringify(
        file,
      )}: it must be a relative path inside the target directory`,
    );
  }
  return segments.join('/');
}
