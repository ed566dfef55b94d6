import { KubeObject } from '@conway/kubernetes-clusters';
import { ENTITIES, WORKLOAD_OBJECTS } from '../__testUtils__/scenario';
import { toWorkload } from './clusterWorkloads';
import { compareClusterWithCatalog } from './compareClusterWithCatalog';
import { Workload, WorkloadKind } from './types';

const WORKLOADS: Workload[] = WORKLOAD_OBJECTS.filter(
  o => o.metadata?.namespace !== 'kube-system',
).map(o => toWorkload('dev', o.kind as WorkloadKind, o as KubeObject));

const summarize = (
  findings: Array<{ type: string; entityRef?: string; workloads: any[] }>,
) =>
  findings.map(
    f =>
      `${f.type} ${f.entityRef ?? '-'} ${
        f.workloads.map(w => `${w.kind}/${w.name}`).join(',') || '-'
      }`,
  );

describe('compareClusterWithCatalog', () => {
  const result = compareClusterWithCatalog(
    { workloads: WORKLOADS, entities: ENTITIES },
    { teamTypes: ['team'] },
  );
  const finding = (type: string, key: string) =>
    result.findings.find(
      f =>
        f.type === type &&
        (f.entityRef === key || f.workloads.some(w => w.name === key)),
    )!;

  it('finds each deliberate mistake once, and nothing about the golden-path service', () => {
    expect(summarize(result.findings)).toEqual([
      'label-annotation-mismatch component:default/inventory Deployment/inventory',
      'label-annotation-mismatch component:default/payments Deployment/payments',
      'label-annotation-mismatch component:default/scoped Deployment/scoped',
      'label-annotation-mismatch component:default/shipping -',
      'workload-entity-without-team-owner component:default/billing Deployment/billing',
      'workload-entity-without-team-owner component:default/reports Deployment/reports',
      'workload-entity-without-team-owner component:default/search StatefulSet/search',
      'workload-without-entity - CronJob/legacy-cron',
      'workload-without-entity - StatefulSet/redis',
      'entity-without-workload component:default/ghost -',
    ]);
    expect(
      result.findings.some(f => f.entityRef === 'component:default/orders-api'),
    ).toBe(false);
    expect(
      result.workloadsByEntity.get('component:default/orders-api'),
    ).toEqual([
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'orders-api',
      },
    ]);
    expect(result.selectorsByEntity.get('component:default/orders-api')).toBe(
      'app.kubernetes.io/name=orders-api',
    );
    expect(result.summary).toEqual({
      workloads: 9,
      mappedWorkloads: 5,
      annotatedEntities: 9,
      annotatedEntitiesWithWorkloads: 5,
      findingsByType: {
        'label-annotation-mismatch': 4,
        'workload-entity-without-team-owner': 3,
        'workload-without-entity': 2,
        'entity-without-workload': 1,
      },
    });
    expect(new Set(result.findings.map(f => f.id)).size).toBe(
      result.findings.length,
    );
  });

  it('explains owners that are not teams, and suggests the team', () => {
    const billing = finding(
      'workload-entity-without-team-owner',
      'component:default/billing',
    );
    expect(billing).toMatchObject({
      severity: 'error',
      message:
        "1 workload(s) belong to component:default/billing, which is owned by a person (user:default/ada), not a team: Deployment shop/billing (cluster 'dev').",
      suggestion:
        'Set spec.owner of component:default/billing to group:default/team-checkout, the team user:default/ada belongs to.',
      relatedRefs: ['user:default/ada', 'group:default/team-checkout'],
    });
    expect(
      finding('workload-entity-without-team-owner', 'component:default/search')
        .message,
    ).toContain(
      "is owned by group:default/platform, which is not a team (type 'department')",
    );
    expect(
      finding('workload-entity-without-team-owner', 'component:default/reports')
        .message,
    ).toContain(
      'is owned by group:default/team-gone, which is not in the catalog',
    );
  });

  it('explains label and annotation mismatches with the fix', () => {
    expect(
      finding('label-annotation-mismatch', 'component:default/inventory'),
    ).toMatchObject({
      severity: 'error',
      message:
        "component:default/inventory selects 'backstage.io/kubernetes-id=inventory', which misses its evident workload(s): Deployment shop/inventory (cluster 'dev') is labelled backstage.io/kubernetes-id: inventory-v2. Its Kubernetes tab is empty.",
      suggestion:
        'Use one value: label the workload(s) and their pod templates backstage.io/kubernetes-id: inventory, or annotate component:default/inventory with backstage.io/kubernetes-id: inventory-v2.',
    });
    expect(
      finding('label-annotation-mismatch', 'component:default/payments'),
    ).toMatchObject({
      message:
        "Deployment shop/payments (cluster 'dev'): its pod template's backstage.io/kubernetes-id is 'payments-old' but the workload's is 'payments'; component:default/payments selects the workload (backstage.io/kubernetes-id=payments) but not its pods, so its Kubernetes tab shows the Deployment without pods.",
      suggestion:
        "Set backstage.io/kubernetes-id: payments in spec.template.metadata.labels; add the labels of 'backstage.io/kubernetes-id=payments' to spec.template.metadata.labels.",
    });
    expect(
      finding('label-annotation-mismatch', 'component:default/scoped'),
    ).toMatchObject({
      message: expect.stringContaining(
        "Deployment shop/scoped (cluster 'dev') runs in namespace 'shop', not 'elsewhere'",
      ),
      suggestion:
        "Set backstage.io/kubernetes-namespace of component:default/scoped to 'shop', or remove it.",
    });
    expect(
      finding('label-annotation-mismatch', 'component:default/shipping')
        .message,
    ).toBe(
      "component:default/shipping has backstage.io/kubernetes-label-selector 'app in (shipping', which is not a label selector (cannot parse 'app in (shipping'); its Kubernetes tab shows nothing.",
    );
  });

  it('suggests which entity should claim an unmapped workload', () => {
    expect(finding('workload-without-entity', 'legacy-cron')).toMatchObject({
      severity: 'warning',
      message:
        "CronJob batch/legacy-cron (cluster 'dev') has no backstage.io/kubernetes-id label and no catalog entity's selector matches it; no team is accountable for it in the portal.",
      suggestion:
        'Annotate component:default/legacy-cron with backstage.io/kubernetes-id: legacy-cron, and label the CronJob and its pod template with it.',
      relatedRefs: ['component:default/legacy-cron'],
    });
    expect(finding('workload-without-entity', 'redis').suggestion).toBe(
      'Register the component that runs it, annotated backstage.io/kubernetes-id: redis; or remove the StatefulSet if nothing needs it.',
    );
    expect(
      finding('entity-without-workload', 'component:default/ghost'),
    ).toMatchObject({
      severity: 'warning',
      message:
        'component:default/ghost has Kubernetes annotations (backstage.io/kubernetes-id=ghost) but no Deployment, StatefulSet or CronJob in the clusters read matches them; its Kubernetes tab is empty.',
    });
  });

  it('says when a cluster could not be read', () => {
    const partial = compareClusterWithCatalog(
      { workloads: [], entities: ENTITIES },
      { unreadClusters: ['prod'] },
    );
    expect(
      partial.findings.find(f => f.entityRef === 'component:default/ghost')!
        .message,
    ).toContain("It may run in 'prod', which could not be read.");
  });

  it('treats any group as a team unless team types are given', () => {
    const anyGroup = compareClusterWithCatalog({
      workloads: WORKLOADS,
      entities: ENTITIES,
    });
    expect(
      anyGroup.findings
        .filter(f => f.type === 'workload-entity-without-team-owner')
        .map(f => f.entityRef),
    ).toEqual(['component:default/billing', 'component:default/reports']);
  });
});
