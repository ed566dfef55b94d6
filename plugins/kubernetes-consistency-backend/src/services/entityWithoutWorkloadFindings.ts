import {
  Annotated,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
  KUBERNETES_NAMESPACE,
} from './catalogIndex';
import { AddFinding, groupBy, refOf, unique, workloadLabel } from './findings';
import { matchesSelector } from './labelSelector';
import type { Workload, WorkloadRef } from './types';

/**
 * Annotated entities that select no workload: `label-annotation-mismatch`
 * when a workload nobody selects is evidently theirs (same name or id, or
 * selected outside the annotated namespace), else `entity-without-workload`.
 *
 * @returns the unselected workloads a finding already explains
 */
export function entityWithoutWorkloadFindings(
  annotatedEntities: Annotated[],
  workloadsByEntity: Map<string, WorkloadRef[]>,
  unmatched: Workload[],
  unreadClusters: string[] | undefined,
  add: AddFinding,
): Set<Workload> {
  const unmatchedByName = groupBy(unmatched, w => w.name);
  const unmatchedById = groupBy(
    unmatched.filter(w => w.labels[KUBERNETES_ID] !== undefined),
    w => w.labels[KUBERNETES_ID],
  );
  const explained = new Set<Workload>();
  for (const a of annotatedEntities) {
    if (workloadsByEntity.get(a.ref)!.length || a.selectorError) continue;
    const names = unique([a.id, a.entity.metadata.name]);
    const near = unique(
      names.flatMap(n => [
        ...(unmatchedByName.get(n) ?? []),
        ...(unmatchedById.get(n) ?? []),
      ]),
    );
    if (near.length) {
      for (const w of near) explained.add(w);
      // Selected by labels but outside the annotated namespace, or labelled otherwise.
      const elsewhere = near.filter(w =>
        matchesSelector(a.requirements!, w.labels),
      );
      const describe = (w: Workload) => {
        if (elsewhere.includes(w)) {
          return `${workloadLabel(w)} runs in namespace '${
            w.namespace
          }', not '${a.namespace}'`;
        }
        const label = w.labels[KUBERNETES_ID];
        return label !== undefined
          ? `${workloadLabel(w)} is labelled ${KUBERNETES_ID}: ${label}`
          : `${workloadLabel(w)} has no ${KUBERNETES_ID} label`;
      };
      const id = near.find(w => !elsewhere.includes(w))?.labels[KUBERNETES_ID];
      let suggestion = `Label the workload(s) and their pod templates so that '${a.selectorText}' selects them (e.g. ${KUBERNETES_ID}: ${a.id}).`;
      if (elsewhere.length === near.length) {
        suggestion = `Set ${KUBERNETES_NAMESPACE} of ${a.ref} to '${near[0].namespace}', or remove it.`;
      } else if (id !== undefined && id !== a.id) {
        suggestion = `Use one value: label the workload(s) and their pod templates ${KUBERNETES_ID}: ${a.id}, or annotate ${a.ref} with ${KUBERNETES_ID}: ${id}.`;
      }
      add('label-annotation-mismatch', {
        entityRef: a.ref,
        workloads: near.map(refOf),
        message: `${a.ref} selects '${a.selectorText}'${
          a.namespace ? ` in namespace '${a.namespace}'` : ''
        }, which misses its evident workload(s): ${near
          .map(describe)
          .join('; ')}. Its Kubernetes tab is empty.`,
        suggestion,
      });
      continue;
    }
    const unread = unreadClusters?.length
      ? ` It may run in ${unreadClusters
          .map(c => `'${c}'`)
          .join(', ')}, which could not be read.`
      : '';
    add('entity-without-workload', {
      entityRef: a.ref,
      workloads: [],
      message: `${a.ref} has Kubernetes annotations (${a.selectorText}${
        a.namespace ? `, namespace ${a.namespace}` : ''
      }) but no Deployment, StatefulSet or CronJob in the clusters read matches them; its Kubernetes tab is empty.${unread}`,
      suggestion: `Deploy it with the labels '${
        a.selectorText
      }' on the workload and its pods, or remove the ${
        a.hasIdAnnotation ? KUBERNETES_ID : KUBERNETES_LABEL_SELECTOR
      } annotation if it does not run on Kubernetes.`,
    });
  }
  return explained;
}
