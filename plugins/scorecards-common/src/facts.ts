/**
 * What is known about one service when its checks run. Every source that can
 * fail (the repository, the golden path, ownership analysis, clusters) is
 * either its facts or an {@link UnknownFact} with the reason, so a check can
 * never pass on something nobody could read.
 */

/** A fact that could not be established, and why. @public */
export interface UnknownFact {
  unknown: string;
}

/** True when `fact` is an {@link UnknownFact}. @public */
export function isUnknown<T extends object>(
  fact: T | UnknownFact | undefined,
): fact is UnknownFact {
  return (
    fact !== undefined &&
    Object.prototype.hasOwnProperty.call(fact, 'unknown') &&
    typeof (fact as UnknownFact).unknown === 'string'
  );
}

/** The annotations read as an on-call / contact reference, in order of preference. @public */
export const ON_CALL_ANNOTATIONS: readonly string[] = [
  'conway.dev/on-call',
  'pagerduty.com/service-id',
  'pagerduty.com/integration-key',
  'opsgenie.com/team',
];

/** Facts from the service's catalog entity. @public */
export interface CatalogFacts {
  kind: string;
  lifecycle?: string;
  system?: string;
  owner?: string;
  providesApis: string[];
  /** The first of {@link ON_CALL_ANNOTATIONS} the entity has, with its value. */
  onCall?: { annotation: string; value: string };
}

/** The owner as the catalog knows it. @public */
export interface OwnerFacts {
  ref: string;
  /** Display name (`spec.profile.displayName`, else `metadata.title`), when the catalog has one. */
  title?: string;
  kind: string;
  /** `spec.type` of a group, e.g. `team`. */
  type?: string;
  memberCount: number;
}

/** The golden path the service was generated from. @public */
export interface GoldenPathFacts {
  /** Template name; undefined when the service names none. */
  template?: string;
  version?: string;
  /** Newest released version of that template, when known. */
  latestVersion?: string;
  /** Released versions between the service's and the latest; undefined when unknown. */
  versionsBehind?: number;
}

/** A check made on a repository that may itself be impossible to run. @public */
export interface ProblemsFact {
  /** Files looked at (repository-relative). */
  files: string[];
  /** What is wrong; empty when all is well. */
  problems: string[];
  /** What could not be checked, e.g. kustomize overlays without kubectl. */
  skipped?: string[];
}

/** Facts read from the service's repository. @public */
export interface RepositoryFacts {
  /** The shared policy checker's errors over the service's manifests; undefined when it has none. */
  manifests?: ProblemsFact | UnknownFact;
  /** Pipeline files and the golden path's pipeline checks; undefined when no pipeline file exists. */
  pipeline?: ProblemsFact | UnknownFact;
  /** Test files found (repository-relative, first few). */
  testFiles: string[];
  testFileCount: number;
  /** Lockfile name, when one exists. */
  lockfile?: string;
  /** The Dockerfile's final-stage USER, or null when it sets none; undefined without a Dockerfile. */
  dockerfile?: { file: string; user: string | null };
  /** Files holding alert rules for the service's SLOs. */
  alertFiles: string[];
  /** Files holding a dashboard. */
  dashboardFiles: string[];
}

/** An ownership finding on the service (from the shared ownership report). @public */
export interface OwnershipFindingFact {
  type: string;
  severity: string;
  message: string;
}

/** Whether what runs in the clusters matches the catalog. @public */
export interface ClusterFacts {
  matches: boolean;
  /** What differs, when it does not. */
  differences: string[];
}

/** Everything known about one service. @public */
export interface ServiceFacts {
  entityRef: string;
  catalog: CatalogFacts;
  owner: OwnerFacts | UnknownFact;
  goldenPath: GoldenPathFacts | UnknownFact;
  repository: RepositoryFacts | UnknownFact;
  ownershipFindings: OwnershipFindingFact[] | UnknownFact;
  cluster: ClusterFacts | UnknownFact;
}
