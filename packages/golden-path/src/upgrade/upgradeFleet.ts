import os from 'node:os';
import {
  upgradeRepository,
  UpgradeRepositoryOptions,
  UpgradeRepositoryResult,
} from './upgradeRepository';
import { UpgradeError, UpgradeErrorCode } from './UpgradeError';

/** How the upgrade of one service of a fleet ended. @public */
export interface FleetUpgradeOutcome {
  repoDir: string;
  /** `upgraded` without conflicts, `conflicts` committed with conflicts, `up-to-date`, or `failed` (repository untouched). */
  status: 'upgraded' | 'conflicts' | 'up-to-date' | 'failed';
  result?: UpgradeRepositoryResult;
  error?: { code?: UpgradeErrorCode; message: string };
  durationMs: number;
}

function statusOf(
  result: UpgradeRepositoryResult,
): FleetUpgradeOutcome['status'] {
  if (!result.commit) {
    return 'up-to-date';
  }
  return result.conflicts.length > 0 ? 'conflicts' : 'upgraded';
}

/** Options of {@link upgradeFleet}. @public */
export interface UpgradeFleetOptions
  extends Omit<UpgradeRepositoryOptions, 'repoDir'> {
  /** Services upgraded at the same time; the number of CPUs by default. */
  concurrency?: number;
  /** Called as each service finishes. */
  onOutcome?: (outcome: FleetUpgradeOutcome) => void;
}

/**
 * Upgrades many services, each in its own repository with
 * {@link upgradeRepository}. One service failing does not stop the others.
 *
 * @remarks
 * The version source is shared, so each template version is checked out and
 * loaded once for the whole fleet.
 *
 * @returns one outcome per repository, in the order given
 * @public
 */
export async function upgradeFleet(
  repoDirs: string[],
  options: UpgradeFleetOptions,
): Promise<FleetUpgradeOutcome[]> {
  const { concurrency, onOutcome, ...upgradeOptions } = options;
  const outcomes: FleetUpgradeOutcome[] = new Array(repoDirs.length);
  let next = 0;
  const worker = async () => {
    while (next < repoDirs.length) {
      const index = next++;
      const repoDir = repoDirs[index];
      const started = performance.now();
      let outcome: FleetUpgradeOutcome;
      try {
        const result = await upgradeRepository({ ...upgradeOptions, repoDir });
        outcome = {
          repoDir,
          status: statusOf(result),
          result,
          durationMs: performance.now() - started,
        };
      } catch (error) {
        outcome = {
          repoDir,
          status: 'failed',
          error: {
            code: error instanceof UpgradeError ? error.code : undefined,
            message: (error as Error).message,
          },
          durationMs: performance.now() - started,
        };
      }
      outcomes[index] = outcome;
      onOutcome?.(outcome);
    }
  };
  const workers = Math.max(
    1,
    Math.min(concurrency ?? os.availableParallelism(), repoDirs.length),
  );
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
