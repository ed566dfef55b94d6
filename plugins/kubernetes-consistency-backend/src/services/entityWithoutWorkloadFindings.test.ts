import { Entity } from '@backstage/catalog-model';
import { indexCatalog } from './catalogIndex';
import { entityWithoutWorkloadFindings } from './entityWithoutWorkloadFindings';
import { matchWorkloads } from './matchWorkloads';
import type { Workload } from './types';
import {
  collectFindings,
  entity,
  kubernetesId,
  workload,
} from '../__testUtils__/builders';

function run(
  entities: Entity[],
  workloads: Workload[],
  unreadClusters?: string[],
) {
  const { annotatedEntities } = indexCatalog(entities);
  const { matchesOf, workloadsByEntity } = matchWorkloads(
    workloads,
    annotatedEntities,
  );
  const unmatched = workloads.filter(w => matchesOf.get(w)!.length === 0);
  let explained = new Set<Workload>();
  const findings = collectFindings(add => {
    explained = entityWithoutWorkloadFindings(
      annotatedEntities,
      workloadsByEntity,
      unmatched,
      unreadClusters,
      add,
    );
  });
  return { findings, explained };
}

describe('entityWithoutWorkloadFindings', () => {
  it('points an entity to its evident workload in another namespace, and counts that workload explained', () => {
    const evident = workload('api', kubernetesId('api'));
    const { findings, explained } = run(
      [
        entity(
          'Component',
          'api',
          {},
          {
            ...kubernetesId('api'),
            'backstage.io/kubernetes-namespace': 'prod',
          },
        ),
      ],
      [evident, workload('unrelated')],
    );
    expect(findings).toEqual([
      expect.objectContaining({
        type: 'label-annotation-mismatch',
        severity: 'error',
        entityRef: 'component:default/api',
        message:
          "component:default/api selects 'backstage.io/kubernetes-id=api' in namespace 'prod', which misses its evident workload(s): Deployment shop/api (cluster 'dev') runs in namespace 'shop', not 'prod'. Its Kubernetes tab is empty.",
        suggestion:
          "Set backstage.io/kubernetes-namespace of component:default/api to 'shop', or remove it.",
      }),
    ]);
    expect([...explained]).toEqual([evident]);
  });

  it('suggests labelling an evident workload that has no id', () => {
    const { findings } = run(
      [entity('Component', 'api', {}, kubernetesId('api'))],
      [workload('api')],
    );
    expect(findings[0].suggestion).toBe(
      "Label the workload(s) and their pod templates so that 'backstage.io/kubernetes-id=api' selects them (e.g. backstage.io/kubernetes-id: api).",
    );
  });

  it('reports an entity without any workload, naming the clusters not read, and skips invalid selectors and matched entities', () => {
    const { findings, explained } = run(
      [
        entity('Component', 'ghost', {}, kubernetesId('ghost')),
        entity('Component', 'live', {}, kubernetesId('live')),
        entity(
          'Component',
          'bad',
          {},
          {
            'backstage.io/kubernetes-label-selector': 'x in (',
          },
        ),
      ],
      [workload('live', kubernetesId('live'))],
      ['prod', 'eu'],
    );
    expect(findings).toEqual([
      expect.objectContaining({
        type: 'entity-without-workload',
        severity: 'warning',
        entityRef: 'component:default/ghost',
        message:
          "component:default/ghost has Kubernetes annotations (backstage.io/kubernetes-id=ghost) but no Deployment, StatefulSet or CronJob in the clusters read matches them; its Kubernetes tab is empty. It may run in 'prod', 'eu', which could not be read.",
        suggestion:
          "Deploy it with the labels 'backstage.io/kubernetes-id=ghost' on the workload and its pods, or remove the backstage.io/kubernetes-id annotation if it does not run on Kubernetes.",
      }),
    ]);
    expect(explained.size).toBe(0);
  });
});
