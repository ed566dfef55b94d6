import { buildModel } from './analysis/buildModel';
import { analyzeCohesion } from './analysis/cohesion';
import { analyzeCoupling } from './analysis/coupling';
import { checkOwnership } from './analysis/ownership';
import { analyzeDependencyFlow } from './analysis/dependencyFlow';
import { buildReport } from './analysis/report';
import { countScores } from './analysis/scores';
import { describeValue } from './model';
import {
  FindingSource,
  OwnershipAnalysisOptions,
  OwnershipReport,
} from './types';

/** @public */
export const DEFAULT_TEAM_LOAD_THRESHOLD = 6;

/** @public */
export const DEFAULT_TEAM_TYPES: readonly string[] = Object.freeze(['team']);

/** @public */
export const DEFAULT_LAYER_ORDER: readonly string[] = Object.freeze([
  'website',
  'service',
  'library',
]);

/** @public */
export const DEFAULT_HUB_MIN_DEGREE = 5;

/**
 * Where each input entity is defined, by its position in the input (e.g. the
 * CLI's file and line). Without it, findings name the entity's
 * `backstage.io/managed-by-origin-location` or `managed-by-location`
 * annotation when it has one.
 *
 * @public
 */
export type EntitySourceLookup = (
  position: number,
  entity: unknown,
) => FindingSource | undefined;

/** Inputs beside the entities. @public */
export interface OwnershipAnalysisInputs {
  sourceOf?: EntitySourceLookup;
}

function stringList(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some(t => typeof t !== 'string')) {
    throw new TypeError(
      `${field} must be a list of strings, got ${describeValue(value)}`,
    );
  }
  return [...value];
}

/** Resolves options, failing loudly on values that would make no sense. */
export function normalizeOptions(
  options: OwnershipAnalysisOptions = {},
): Required<OwnershipAnalysisOptions> {
  const threshold = options.teamLoadThreshold ?? DEFAULT_TEAM_LOAD_THRESHOLD;
  if (
    typeof threshold !== 'number' ||
    !Number.isFinite(threshold) ||
    threshold <= 0
  ) {
    throw new RangeError(
      `teamLoadThreshold must be a positive number, got ${describeValue(
        threshold,
      )}`,
    );
  }
  const teamTypes = stringList(
    'teamTypes',
    options.teamTypes ?? DEFAULT_TEAM_TYPES,
  );
  const layerOrder = stringList(
    'layerOrder',
    options.layerOrder ?? DEFAULT_LAYER_ORDER,
  );
  const seen = new Set<string>();
  for (const layer of layerOrder) {
    const key = layer.trim().toLowerCase();
    if (!key || seen.has(key)) {
      throw new TypeError(
        `layerOrder must list distinct, non-empty layer names, got ${describeValue(
          layerOrder,
        )}`,
      );
    }
    seen.add(key);
  }
  const hubMinDegree = options.hubMinDegree ?? DEFAULT_HUB_MIN_DEGREE;
  if (
    typeof hubMinDegree !== 'number' ||
    !Number.isInteger(hubMinDegree) ||
    hubMinDegree < 1
  ) {
    throw new RangeError(
      `hubMinDegree must be a positive whole number, got ${describeValue(
        hubMinDegree,
      )}`,
    );
  }
  return {
    teamLoadThreshold: threshold,
    teamTypes,
    layerOrder: layerOrder.map(l => l.trim()),
    hubMinDegree,
  };
}

/**
 * Analyses how well ownership in a catalog follows the team structure
 * (Conway's law): ownership coverage and orphans, system and domain
 * cohesion, coupling between teams, team load, and an alignment score for
 * the organisation and every group (see {@link alignmentScore}).
 *
 * Pure and deterministic: the same entities give the same report, in any
 * environment. Never throws on bad entities; they become findings. Throws
 * only on invalid options.
 *
 * Runs in stages (each in `analysis/`), each linear in the number of
 * entities and references (n log n where it sorts): the model (entities,
 * group tree, members, owners, systems and domains), ownership, cohesion,
 * coupling, dependency flow (cycles, layering, hubs), scores, and the
 * report (with root causes and each finding's source).
 *
 * @param entities - plain catalog entities (Group, User, Domain, System,
 *   Component, API, Resource; other kinds are ignored). Only `spec` is read.
 * @param inputs - optional side inputs, e.g. where each entity is defined.
 * @public
 */
export function analyzeOwnership(
  entities: readonly unknown[],
  options: OwnershipAnalysisOptions = {},
  inputs: OwnershipAnalysisInputs = {},
): OwnershipReport {
  const list = Array.isArray(entities) ? entities : [];
  const model = buildModel(list, normalizeOptions(options));
  const owned = checkOwnership(model);
  const cohesion = analyzeCohesion(model);
  const coupling = analyzeCoupling(model);
  const dependencies = analyzeDependencyFlow(model, coupling);
  const scores = countScores(model, owned, cohesion, coupling);
  return buildReport(
    model,
    { owned, cohesion, coupling, scores, dependencies },
    inputs.sourceOf,
  );
}
