import { Command, InvalidArgumentError } from 'commander';
import { runOwnershipBench } from '../bench/ownershipBench';
import { CliIo } from '../lib/io';

function positiveInts(value: string): number[] {
  const sizes = value
    .split(',')
    .map(v =>
      Number(
        v
          .trim()
          .replace(/_/g, '')
          .replace(/k$/i, '000')
          .replace(/m$/i, '000000'),
      ),
    );
  if (sizes.some(n => !Number.isInteger(n) || n <= 0)) {
    throw new InvalidArgumentError(
      'Expected positive whole numbers, e.g. 10k,100k,1m.',
    );
  }
  return sizes;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('Expected a positive whole number.');
  return n;
}

/** Adds `ownership` to the `bench` command group. */
export function registerOwnershipBench(
  bench: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  bench
    .command('ownership')
    .description(
      'Time and memory of the ownership analysis on synthetic organisations, one child process per size',
    )
    .option(
      '--sizes <list>',
      'organisation sizes in entities',
      positiveInts,
      [10_000, 100_000, 1_000_000],
    )
    .option(
      '--runs <n>',
      'analysis runs per size (default 7 / 5 / 3 by size)',
      positiveInt,
    )
    .option('--seed <n>', 'seed of the synthetic organisation', positiveInt, 1)
    .option(
      '--max-old-space-size <mb>',
      'heap limit of the child processes (default 1 GB per 100k entities, at least 2 GB)',
      positiveInt,
    )
    .option('--json', 'print the measurements as JSON')
    .action(
      async (opts: {
        sizes: number[];
        runs?: number;
        seed: number;
        maxOldSpaceSize?: number;
        json?: boolean;
      }) => {
        setExitCode(
          await runOwnershipBench(
            {
              sizes: opts.sizes,
              runs: opts.runs,
              seed: opts.seed,
              maxOldSpaceMb: opts.maxOldSpaceSize,
              json: opts.json,
            },
            io,
          ),
        );
      },
    );
}
