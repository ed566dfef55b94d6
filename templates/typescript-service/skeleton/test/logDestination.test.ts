import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

import { BatchingDestination } from '../src/logDestination';

const line = (n: number) => `{"level":"info","n":${String(n)}}\n`;

describe('BatchingDestination', () => {
  let dir: string;
  let file: string;
  let fd: number;

  beforeEach(() => {
    jest.useFakeTimers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-destination-'));
    file = path.join(dir, 'out.log');
    fd = fs.openSync(file, 'w');
  });

  afterEach(() => {
    jest.useRealTimers();
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds lines for up to maxDelayMs and then writes them all, in order', () => {
    const destination = new BatchingDestination(fd, { maxDelayMs: 20 });
    destination.write(line(1));
    destination.write(line(2));
    jest.advanceTimersByTime(19);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    destination.write(line(3));
    jest.advanceTimersByTime(1);
    expect(fs.readFileSync(file, 'utf8')).toBe(line(1) + line(2) + line(3));
    // The next line starts a new window rather than waiting for nothing.
    destination.write(line(4));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(20);
    expect(fs.readFileSync(file, 'utf8')).toBe(line(1) + line(2) + line(3) + line(4));
  });

  it('writes at once when maxBytes are pending', () => {
    const destination = new BatchingDestination(fd, { maxDelayMs: 1000, maxBytes: 3 * line(1).length });
    destination.write(line(1));
    destination.write(line(2));
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    destination.write(line(3));
    expect(fs.readFileSync(file, 'utf8')).toBe(line(1) + line(2) + line(3));
    // Nothing is pending, so no timer is left to fire.
    expect(jest.getTimerCount()).toBe(0);
  });

  it('writes what is pending when pino flushes', () => {
    const destination = new BatchingDestination(fd);
    destination.write(line(1));
    const done = jest.fn();
    destination.flush(done);
    expect(fs.readFileSync(file, 'utf8')).toBe(line(1));
    expect(done).toHaveBeenCalledWith();
  });
});

describe('BatchingDestination in a process that ends', () => {
  // The class compiled to JavaScript and run in a real Node.js process: what a pod's
  // last lines go through when the service stops or crashes.
  let dir: string;
  let compiled: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-destination-exit-'));
    compiled = path.join(dir, 'logDestination.js');
    const source = fs.readFileSync(path.join(__dirname, '../src/logDestination.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    fs.writeFileSync(compiled, outputText);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function run(ending: string) {
    const script = `
      const { BatchingDestination } = require(${JSON.stringify(compiled)});
      const destination = new BatchingDestination(1, { maxDelayMs: 60000 });
      destination.write('first\\n');
      destination.write('second\\n');
      ${ending}
    `;
    // Killed after 20 s: long enough for Node.js to start on a busy machine, well short of the window.
    return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  }

  it('writes pending lines when the process ends on its own, without waiting for the window', () => {
    const result = run('');
    expect(result.stdout).toBe('first\nsecond\n');
    // Not killed: the unreferenced timer did not hold the process for its 60 s window.
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
  }, 30_000);

  it('writes pending lines when the process exits or crashes', () => {
    expect(run('process.exit(3);').stdout).toBe('first\nsecond\n');
    const crashed = run("throw new Error('boom');");
    expect(crashed.stdout).toBe('first\nsecond\n');
    expect(crashed.status).toBe(1);
    expect(crashed.stderr).toContain('boom');
  }, 60_000);
});
