import { main } from '../index';
import { CliIo } from '../lib/io';

/** Runs `conway <args>` in-process in `cwd`, without colour, and returns its exit code and output. */
export async function runConway(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd,
    color: false,
    stdout: text => {
      out += text;
    },
    stderr: text => {
      err += text;
    },
  };
  const code = await main(['node', 'conway', ...args], io);
  return { code, out, err };
}
