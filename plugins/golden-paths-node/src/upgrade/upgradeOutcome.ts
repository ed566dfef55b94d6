import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  GENERATION_RECORD_PATH,
  UpgradeError,
  type UpgradeResult,
} from '@conway/golden-path';
import type { UpgradeOutcome } from '@conway/plugin-golden-paths-common';

/** The version an `unknown-version` refusal names (its message starts with it). */
const UNKNOWN_VERSION = /^Unknown version (\S+) /;

/** Which request field an upgrade refusal is about, for the error message. */
function fieldOf(error: UpgradeError, targetVersion?: string): string {
  switch (error.code) {
    case 'missing-answers':
    case 'invalid-answers':
      return `answers${
        error.fields.length ? ` (${error.fields.join(', ')})` : ''
      }`;
    case 'unknown-version':
      // Either the requested version or the one the service's record names
      // (a hand-edited record): the message says which, the field must too.
      return targetVersion &&
        UNKNOWN_VERSION.exec(error.message)?.[1] === targetVersion
        ? 'targetVersion'
        : `version recorded in ${GENERATION_RECORD_PATH}`;
    case 'downgrade':
      return targetVersion ? 'targetVersion' : 'recorded version';
    default:
      return 'service';
  }
}

/**
 * Turns an upgrade refusal into the Backstage error its HTTP status needs:
 * an unknown template is NotFoundError, a working copy that changed under
 * the upgrade ConflictError, bad input InputError naming the field.
 *
 * @public
 */
export function toBackstageError(error: unknown, targetVersion?: string) {
  if (!(error instanceof UpgradeError)) {
    return error;
  }
  switch (error.code) {
    case 'unknown-template':
      return new NotFoundError(error.message);
    case 'dirty-working-copy':
    case 'branch-exists':
    case 'stale-plan':
      return new ConflictError(error.message);
    case 'apply-failed':
      return error;
    default:
      return new InputError(
        `${fieldOf(error, targetVersion)}: ${error.message}`,
      );
  }
}

/**
 * The outcome the API reports for an upgrade result.
 *
 * @public
 */
export function outcomeOf(
  entityRef: string,
  result: UpgradeResult,
  status: UpgradeOutcome['status'],
  commit?: { branch?: string; commit?: string },
): UpgradeOutcome {
  return {
    entityRef,
    fromVersion: result.fromVersion,
    toVersion: result.toVersion,
    status,
    ...(commit?.branch ? { branch: commit.branch } : {}),
    ...(commit?.commit ? { commit: commit.commit } : {}),
    // Only what the upgrade changes: a service has dozens of files it leaves alone.
    changes: result.changes.flatMap(c =>
      c.action === 'unchanged'
        ? []
        : [
            {
              path: c.path,
              action: c.action,
              ...(c.from ? { from: c.from } : {}),
            },
          ],
    ),
    conflicts: result.conflicts.map(c => ({
      path: c.path,
      kind: c.kind,
      message: c.message,
    })),
  };
}
