import { Command, InvalidArgumentError } from 'commander';
import { runCatalogBench } from '../bench/catalogBench';
import { CATALOG_MODES, CatalogMode } from '../bench/catalogModes';
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

function catalogModes(value: string): CatalogMode[] {
  const modes = value.split(',').map(m => m.trim());
  const unknown = modes.filter(m => !(m in CATALOG_MODES));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `Unknown mode ${unknown.join(', ')}; expected some of ${Object.keys(
        CATALOG_MODES,
      ).join(', ')}.`,
    );
  }
  return modes as CatalogMode[];
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
    .option(
      '--catalog',
      'instead: read one generated catalog file per size (default 100k) with our loader and analysis, both YAML parsers alone and a straightforward analysis, side by side',
    )
    .option(
      '--modes <list>',
      `with --catalog: modes to run (${Object.keys(CATALOG_MODES).join(', ')})`,
      catalogModes,
    )
    .option('--json', 'print the measurements as JSON')
    .action(
      async (opts: {
        sizes: number[];
        runs?: number;
        seed: number;
        maxOldSpaceSize?: number;
        json?: boolean;
        catalog?: boolean;
        modes?: CatalogMode[];
      }) => {
        if (opts.catalog) {
          const explicitSizes =
            bench.commands
              .find(c => c.name() === 'ownership')
              ?.getOptionValueSource('sizes') === 'cli';
          setExitCode(
            await runCatalogBench(
              {
                sizes: explicitSizes ? opts.sizes : undefined,
                runs: opts.runs,
                seed: opts.seed,
                modes: opts.modes,
                json: opts.json,
              },
              io,
            ),
          );
          return;
        }
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
