import { normalizeOptions } from '../analyzeOwnership';
import { buildModel, OwnershipModel } from '../analysis/buildModel';
import { OwnershipAnalysisOptions } from '../types';

/** The model stage's output for a test's entities. */
export function modelOf(
  entities: unknown[],
  options: OwnershipAnalysisOptions = {},
): OwnershipModel {
  return buildModel(entities, normalizeOptions(options));
}

/** The id of a group of the model, by name in the default namespace. */
export function groupId(model: OwnershipModel, name: string): number {
  const node = model.ctx.nodes.get(`group:default/${name}`);
  if (!node) throw new Error(`No group ${name} in the model`);
  return node.id;
}

/** A node of the model by ref. */
export function nodeOf(model: OwnershipModel, ref: string) {
  const node = model.ctx.nodes.get(ref.toLowerCase());
  if (!node) throw new Error(`No ${ref} in the model`);
  return node;
}

/** Ids of the findings collected so far. */
export const findingIds = (model: OwnershipModel) =>
  model.ctx.findings.sorted().map(f => f.id);
