import { Entity } from '@backstage/catalog-model';
import type {
  ClusterFacts,
  ScorecardOutcome,
} from '@conway/plugin-scorecards-common';

/** A fact that could not be established, and why. */
export interface UnknownFact {
  unknown: string;
}

/** An ownership finding on the service (from the shared ownership analysis). */
export interface OwnershipFindingFact {
  type: string;
  severity: string;
  message: string;
}

/** Everything known about one service when it is evaluated. */
export interface ServiceFacts {
  entity: Entity;
  /** The owner entity (with its display name) and its direct member count, when the owner exists in the catalog. */
  owner?: {
    ref: string;
    title?: string;
    kind: string;
    type?: string;
    memberCount: number;
  };
  goldenPath:
    | {
        /** Undefined when the service names no golden path (no `conway.dev/template`). */
        template?: string;
        version?: string;
        /** The template's released versions, oldest first, when they could be read. */
        releasedVersions?: string[];
      }
    | UnknownFact;
  /** The service's local repository, or why it cannot be read. */
  repository: { directory: string } | UnknownFact;
  /** Ownership findings; unknown before the first ownership analysis. */
  findings: OwnershipFindingFact[] | UnknownFact;
  /** How the clusters compare with the catalog for this service; unknown when not compared. */
  cluster?: ClusterFacts | UnknownFact;
}

/** Loaded scorecard definitions. */
export interface ScorecardDefinitions {
  /** Changes whenever a definition changes: a new hash means every service is evaluated again. */
  hash: string;
  /** Scorecard ids with their titles, in definition order. */
  scorecards: Array<{ id: string; title: string }>;
  /** Files refused at this load (their previous definition, if any, stays in force). */
  errors: Array<{ file: string; line: number; message: string }>;
}

/**
 * What the plugin needs of the scorecards library: load the SREs' YAML
 * definitions, and evaluate a service's facts against them. The library
 * (`@conway/plugin-scorecards-common` and `-node`) implements it; this seam
 * keeps the plugin's scheduling, storage and HTTP independent of its shape.
 */
export interface ScorecardEngine {
  /**
   * Loads the definitions from their directory.
   *
   * @throws an error naming the file, the line and the reason when one is invalid
   */
  load(): Promise<ScorecardDefinitions>;
  /** Evaluates one service against every loaded scorecard (the last definitions {@link ScorecardEngine.load} returned). */
  evaluate(
    definitions: ScorecardDefinitions,
    facts: ServiceFacts,
  ): Promise<ScorecardOutcome[]>;
}
