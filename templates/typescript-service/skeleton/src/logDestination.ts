import fs from 'node:fs';

/**
 * A pino destination that collects the lines written during one turn of the
 * event loop and writes them with one write(2) at the end of the turn: under
 * load dozens of requests share a system call instead of paying one each.
 * What is pending is written synchronously when the process exits.
 */
export class BatchingDestination {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly fd = 1) {
    process.once('exit', () => {
      this.flushSync();
    });
  }

  write(line: string): boolean {
    this.pending.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.flushSync();
      });
    }
    return true;
  }

  /** pino's `logger.flush()`. */
  flush(callback?: (error?: Error) => void): void {
    this.flushSync();
    callback?.();
  }

  /** Writes every pending line now. */
  flushSync(): void {
    this.scheduled = false;
    if (this.pending.length === 0) {
      return;
    }
    let data = Buffer.from(this.pending.join(''));
    this.pending = [];
    while (data.length > 0) {
      try {
        data = data.subarray(fs.writeSync(this.fd, data));
      } catch (error) {
        // A full non-blocking pipe: wait for the reader briefly. Anything else (a closed
        // stdout) loses these lines rather than the process.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
          return;
        }
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  }
}
