import { indexCatalog } from './catalogIndex';
import { workloadWithoutEntityFindings } from './workloadWithoutEntityFindings';
import {
  collectFindings,
  entity,
  kubernetesId,
  workload,
} from '../__testUtils__/builders';

describe('workloadWithoutEntityFindings', () => {
  const { componentsByName } = indexCatalog([
    entity('Component', 'billing'),
    entity('Component', 'billing-v2'),
  ]);

  it('suggests the components named like the workload or its id, and skips explained workloads', () => {
    const labelled = workload('billing', kubernetesId('billing-v2'));
    const explained = workload('explained');
    const findings = collectFindings(add =>
      workloadWithoutEntityFindings(
        [labelled, explained],
        new Set([explained]),
        componentsByName,
        add,
      ),
    );
    expect(findings).toEqual([
      {
        id: 'workload-without-entity::dev/shop/Deployment/billing',
        type: 'workload-without-entity',
        severity: 'warning',
        workloads: [
          {
            cluster: 'dev',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'billing',
          },
        ],
        message:
          "Deployment shop/billing (cluster 'dev') is labelled backstage.io/kubernetes-id: billing-v2, but no catalog entity has that annotation; no team is accountable for it in the portal.",
        suggestion:
          'Annotate component:default/billing-v2 or component:default/billing with backstage.io/kubernetes-id: billing-v2.',
        relatedRefs: [
          'component:default/billing-v2',
          'component:default/billing',
        ],
      },
    ]);
  });

  it('suggests registering a component when none is named like it', () => {
    const [finding] = collectFindings(add =>
      workloadWithoutEntityFindings(
        [workload('cache', {}, { kind: 'StatefulSet' })],
        new Set(),
        componentsByName,
        add,
      ),
    );
    expect(finding.suggestion).toBe(
      'Register the component that runs it, annotated backstage.io/kubernetes-id: cache, and label the StatefulSet and its pod template with it; or remove the StatefulSet if nothing needs it.',
    );
    expect(finding).not.toHaveProperty('relatedRefs');
  });
});
