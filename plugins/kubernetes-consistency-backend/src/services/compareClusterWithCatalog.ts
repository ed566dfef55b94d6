import type { Entity } from '@backstage/catalog-model';
import { indexCatalog } from './catalogIndex';
import { entityWithoutWorkloadFindings } from './entityWithoutWorkloadFindings';
import { countByType, FindingCollector } from './findings';
import {
  invalidSelectorFindings,
  workloadLabelFindings,
} from './labelMismatchFindings';
import { matchWorkloads } from './matchWorkloads';
import { ownerFindings } from './ownerFindings';
import type { ComparisonResult, Workload } from './types';
import { workloadWithoutEntityFindings } from './workloadWithoutEntityFindings';

export {
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
  KUBERNETES_NAMESPACE,
} from './catalogIndex';

/** Options of {@link compareClusterWithCatalog}. @public */
export interface CompareOptions {
  /**
   * Group `spec.type` values that count as a team. Default: any Group in the
   * catalog owns as a team.
   */
  teamTypes?: string[];
  /**
   * Clusters that could not be read: an entity may have workloads there, so
   * its `entity-without-workload` finding says so.
   */
  unreadClusters?: string[];
}

/**
 * Compares the workloads running in the clusters with the catalog, as
 * Backstage's Kubernetes tab connects them (an entity's label selector, or
 * `backstage.io/kubernetes-id=<id>`, against the workloads' labels).
 *
 * Findings:
 * - `workload-without-entity`: no entity selects the workload; nobody is
 *   accountable for it in the portal.
 * - `workload-entity-without-team-owner`: the entities that select a workload
 *   are owned by a user, by a group that does not exist, by a group that is
 *   not a team, or by no one.
 * - `entity-without-workload`: an entity with Kubernetes annotations selects
 *   no workload in any cluster read; its Kubernetes tab is empty.
 * - `label-annotation-mismatch`: labels and annotations disagree: a
 *   workload's `backstage.io/kubernetes-id` differs from its pod template's or
 *   from the entity's annotation, the pods are not selected with the
 *   workload, a selector annotation is invalid, or an entity's annotation
 *   misses a workload that is evidently its own (same name).
 *
 * Pure and synchronous: the same input gives the same findings, in a stable
 * order.
 *
 * @public
 */
export function compareClusterWithCatalog(
  input: { workloads: Workload[]; entities: Entity[] },
  options: CompareOptions = {},
): ComparisonResult {
  const { workloads, entities } = input;
  const collector = new FindingCollector();
  const { add } = collector;
  const { byRef, componentsByName, annotatedEntities } = indexCatalog(entities);
  invalidSelectorFindings(annotatedEntities, add);

  const { matchesOf, workloadsByEntity } = matchWorkloads(
    workloads,
    annotatedEntities,
  );
  ownerFindings(
    annotatedEntities,
    workloadsByEntity,
    byRef,
    options.teamTypes,
    add,
  );
  workloadLabelFindings(workloads, matchesOf, add);

  const unmatched = workloads.filter(w => matchesOf.get(w)!.length === 0);
  const explained = entityWithoutWorkloadFindings(
    annotatedEntities,
    workloadsByEntity,
    unmatched,
    options.unreadClusters,
    add,
  );
  workloadWithoutEntityFindings(unmatched, explained, componentsByName, add);

  const findings = collector.sorted();
  return {
    findings,
    workloadsByEntity,
    selectorsByEntity: new Map(
      annotatedEntities.map(a => [a.ref, a.selectorText]),
    ),
    summary: {
      workloads: workloads.length,
      mappedWorkloads: workloads.length - unmatched.length,
      annotatedEntities: annotatedEntities.length,
      annotatedEntitiesWithWorkloads: annotatedEntities.filter(
        a => workloadsByEntity.get(a.ref)!.length > 0,
      ).length,
      findingsByType: countByType(findings),
    },
  };
}
