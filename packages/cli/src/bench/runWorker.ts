import { spawn } from 'child_process';

/** Median of a non-empty list, the mean of the two middle values rounded for even lengths. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[mid]
    : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/**
 * Runs a TypeScript benchmark worker in a fresh Node.js process (through tsx,
 * as the CLI itself runs) and resolves to the JSON on its last stdout line.
 * A fresh process per measurement keeps one run's heap and JIT state out of
 * the next and makes its peak RSS its own.
 */
export function runBenchWorker<T>(
  worker: string,
  args: string[],
  nodeOptions: string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeOptions, '--require', require.resolve('tsx/cjs'), worker, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', reject);
    child.on('close', code => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) {
        const tail = err.trim().split('\n').slice(-3).join(' ');
        reject(
          new Error(
            `benchmark worker ${args.join(' ')} exited with ${code}: ${tail}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line) as T);
    });
  });
}
