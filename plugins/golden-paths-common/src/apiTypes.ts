/**
 * The golden-paths HTTP API under `/api/golden-paths`:
 *
 * - `GET  /templates`                      -> {@link GoldenPathListResponse}
 * - `GET  /templates/:name`                -> {@link GoldenPathDetails} (404 for an unknown template)
 * - `POST /upgrades`          body {@link UpgradeRequest}      -> {@link UpgradeOutcome}
 * - `POST /templates/:name/upgrades` body {@link FleetUpgradeRequest} -> {@link FleetUpgradeResponse}
 *
 * Errors use Backstage's error body (`{ error: { name, message } }`):
 * InputError 400, NotAllowedError 403, NotFoundError 404, ConflictError 409.
 */

/** One released version of a golden path, from its CHANGELOG.md. @public */
export interface GoldenPathVersion {
  version: string;
  /** Release date from the changelog heading, when it has one (YYYY-MM-DD). */
  date?: string;
  /** Changelog entries of this version, one line each. */
  changes: string[];
  /** Scaffolded services currently on this version. */
  serviceCount: number;
}

/** A golden path (a Template entity with a `conway.dev/template-version`). @public */
export interface GoldenPathSummary {
  /** Template name, e.g. `typescript-service`. */
  name: string;
  /** The Template entity, e.g. `template:default/typescript-service`. */
  entityRef: string;
  title: string;
  description?: string;
  owner?: string;
  /** The version the portal scaffolds now. */
  currentVersion: string;
  /** Newest first. */
  versions: GoldenPathVersion[];
  serviceCount: number;
  /** Services on an older version than `currentVersion`. */
  behindCount: number;
}

/** @public */
export interface GoldenPathListResponse {
  items: GoldenPathSummary[];
}

/** Where a scaffolded service's repository lives. @public */
export interface ServiceRepository {
  /** `local`: a git repository under the portal's data directory; `github`: through the GitHub integration. */
  type: 'local' | 'github';
  /** Local path or `https://github.com/owner/repo` URL. */
  location: string;
}

/** A service made from a golden path, and where it stands. @public */
export interface GoldenPathService {
  /** The Component, e.g. `component:default/orders-api`. */
  entityRef: string;
  title: string;
  owner?: string;
  system?: string;
  /** Version recorded in the service (catalog annotation, else its generation record). */
  version: string;
  /** Versions newer than `version`, oldest first. */
  newerVersions: string[];
  behind: boolean;
  repository?: ServiceRepository;
  /**
   * Files the recorded version generates that the team has since modified or
   * deleted; absent when it could not be computed (see `driftError`).
   */
  drift?: { modified: string[]; deleted: string[] };
  driftError?: string;
  /** The commit that last changed the generation record: scaffolding or last upgrade. */
  lastUpgrade?: { commit: string; date: string; subject: string };
  /** Whether the portal can upgrade it (false with `reason`, e.g. no repository it can reach). */
  upgradeable: boolean;
  reason?: string;
}

/** @public */
export interface GoldenPathDetails extends GoldenPathSummary {
  services: GoldenPathService[];
}

/** Upgrade one service. @public */
export interface UpgradeRequest {
  /** The Component to upgrade. */
  entityRef: string;
  /** Defaults to the template's current version. */
  targetVersion?: string;
  /** Answers for parameters the target version added, when they have no default. */
  answers?: Record<string, unknown>;
  /** Compute the result without committing anything. */
  dryRun?: boolean;
}

/** One file the upgrade changed. @public */
export interface UpgradeFileChange {
  path: string;
  /** What happened to the file. */
  action: 'added' | 'updated' | 'merged' | 'deleted' | 'renamed' | 'conflict' | 'kept';
  /** For renames: the old path. */
  from?: string;
}

/** A file left with conflict markers (or a delete/modify conflict) for the team. @public */
export interface UpgradeConflictInfo {
  path: string;
  kind: string;
  message?: string;
}

/** @public */
export interface UpgradeOutcome {
  entityRef: string;
  fromVersion: string;
  toVersion: string;
  status: 'upgraded' | 'up-to-date' | 'conflicts' | 'failed' | 'dry-run';
  /** The branch the upgrade was committed on. */
  branch?: string;
  commit?: string;
  /** When published through GitHub. */
  pullRequestUrl?: string;
  changes: UpgradeFileChange[];
  conflicts: UpgradeConflictInfo[];
  /** For `failed`: why, naming the file or field. */
  error?: string;
}

/** Upgrade every service of a golden path that is behind. @public */
export interface FleetUpgradeRequest {
  targetVersion?: string;
  dryRun?: boolean;
}

/** @public */
export interface FleetUpgradeResponse {
  template: string;
  toVersion: string;
  outcomes: UpgradeOutcome[];
  /** Wall-clock time of the whole fleet upgrade. */
  durationMs: number;
}
