import type { OwnershipFindingFact } from '@conway/plugin-scorecards-common';

/** The part of an ownership report's finding the scorecards use (plugins/ownership-common's `Finding` fits). @public */
export interface OwnershipFindingLike {
  entityRef: string;
  type: string;
  severity: string;
  message: string;
}

/**
 * Indexes an ownership report's findings by the entity they are about, so
 * each service's `no-ownership-findings` check reads its own. A service absent
 * from the map has no findings (when the report covered it).
 *
 * @public
 */
export function findingsByEntity(
  findings: Iterable<OwnershipFindingLike>,
): Map<string, OwnershipFindingFact[]> {
  const byEntity = new Map<string, OwnershipFindingFact[]>();
  for (const f of findings) {
    const ref = f.entityRef.toLocaleLowerCase('en-US');
    const list = byEntity.get(ref) ?? [];
    list.push({ type: f.type, severity: f.severity, message: f.message });
    byEntity.set(ref, list);
  }
  return byEntity;
}
