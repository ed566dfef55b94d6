import { buildModel } from './analysis/buildModel';
import { analyzeCohesion } from './analysis/cohesion';
import { analyzeCoupling } from './analysis/coupling';
import { checkOwnership } from './analysis/ownership';
import { buildReport } from './analysis/report';
import { countScores } from './analysis/scores';
import { describeValue } from './model';
import { OwnershipAnalysisOptions, OwnershipReport } from './types';

/** @public */
export const DEFAULT_TEAM_LOAD_THRESHOLD = 6;

/** @public */
export const DEFAULT_TEAM_TYPES: readonly string[] = Object.freeze(['team']);

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
  const teamTypes = options.teamTypes ?? DEFAULT_TEAM_TYPES;
  if (!Array.isArray(teamTypes) || teamTypes.some(t => typeof t !== 'string')) {
    throw new TypeError(
      `teamTypes must be a list of strings, got ${describeValue(teamTypes)}`,
    );
  }
  return { teamLoadThreshold: threshold, teamTypes: [...teamTypes] };
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
 * coupling, scores, and the report.
 *
 * @param entities - plain catalog entities (Group, User, Domain, System,
 *   Component, API, Resource; other kinds are ignored). Only `spec` is read.
 * @public
 */
export function analyzeOwnership(
  entities: readonly unknown[],
  options: OwnershipAnalysisOptions = {},
): OwnershipReport {
  const list = Array.isArray(entities) ? entities : [];
  const model = buildModel(list, normalizeOptions(options));
  const owned = checkOwnership(model);
  const cohesion = analyzeCohesion(model);
  const coupling = analyzeCoupling(model);
  const scores = countScores(model, owned, cohesion, coupling);
  return buildReport(model, { owned, cohesion, coupling, scores });
}
