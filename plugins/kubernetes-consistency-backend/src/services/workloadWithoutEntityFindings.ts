import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { KUBERNETES_ID } from './catalogIndex';
import { AddFinding, refOf, unique, workloadLabel } from './findings';
import type { Workload } from './types';

/**
 * `workload-without-entity`: a workload no entity selects, with the
 * components of its name or id that could claim it.
 */
export function workloadWithoutEntityFindings(
  unmatched: Workload[],
  explained: Set<Workload>,
  componentsByName: Map<string, Entity[]>,
  add: AddFinding,
): void {
  for (const w of unmatched) {
    if (explained.has(w)) continue;
    const id = w.labels[KUBERNETES_ID];
    const candidates = unique([
      ...(componentsByName.get(id ?? '') ?? []),
      ...(componentsByName.get(w.name) ?? []),
    ]).map(e => stringifyEntityRef(e));
    const claim = id ?? w.name;
    add('workload-without-entity', {
      workloads: [refOf(w)],
      message: `${workloadLabel(w)} ${
        id !== undefined
          ? `is labelled ${KUBERNETES_ID}: ${id}, but no catalog entity has that annotation`
          : `has no ${KUBERNETES_ID} label and no catalog entity's selector matches it`
      }; no team is accountable for it in the portal.`,
      suggestion: candidates.length
        ? `Annotate ${candidates.join(' or ')} with ${KUBERNETES_ID}: ${claim}${
            id === undefined
              ? `, and label the ${w.kind} and its pod template with it`
              : ''
          }.`
        : `Register the component that runs it, annotated ${KUBERNETES_ID}: ${claim}${
            id === undefined
              ? `, and label the ${w.kind} and its pod template with it`
              : ''
          }; or remove the ${w.kind} if nothing needs it.`,
      ...(candidates.length ? { relatedRefs: candidates } : {}),
    });
  }
}
