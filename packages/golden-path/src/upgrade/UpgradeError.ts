/**
 * Why an upgrade was refused or failed.
 *
 * - `not-scaffolded`: the directory has no generation record.
 * - `invalid-record`: the generation record cannot be read, or its answers no longer render its version.
 * - `unknown-template`: the version source has no template of the recorded name.
 * - `unknown-version`: the recorded or the requested version is not in the source.
 * - `downgrade`: the requested version is older than the recorded one.
 * - `missing-answers`: the target version has required parameters without an answer.
 * - `invalid-answers`: the answers do not satisfy the target version.
 * - `not-a-git-repository`, `dirty-working-copy`: the working copy cannot be upgraded safely.
 * - `branch-exists`, `invalid-branch`: the upgrade branch already exists, or its name is not a valid branch name.
 * - `stale-plan`: the files changed between planning and applying.
 * - `apply-failed`: writing failed; what was written has been restored.
 *
 * @public
 */
export type UpgradeErrorCode =
  | 'not-scaffolded'
  | 'invalid-record'
  | 'unknown-template'
  | 'unknown-version'
  | 'downgrade'
  | 'missing-answers'
  | 'invalid-answers'
  | 'not-a-git-repository'
  | 'dirty-working-copy'
  | 'branch-exists'
  | 'invalid-branch'
  | 'stale-plan'
  | 'apply-failed';

/**
 * Thrown when an upgrade is refused (before anything is touched) or fails
 * (after what was touched has been restored).
 *
 * @remarks
 * A backend maps `code` to its HTTP errors: `not-scaffolded`, `unknown-template`
 * and `unknown-version` to NotFoundError, `dirty-working-copy`,
 * `branch-exists` and `stale-plan` to ConflictError, the rest of the refusals
 * to InputError, `apply-failed` to a server error.
 *
 * @public
 */
export class UpgradeError extends Error {
  readonly code: UpgradeErrorCode;
  /** Fields concerned, for `missing-answers` and `invalid-answers`. */
  readonly fields: string[];

  constructor(
    code: UpgradeErrorCode,
    message: string,
    options: { fields?: string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'UpgradeError';
    this.code = code;
    this.fields = options.fields ?? [];
  }
}
