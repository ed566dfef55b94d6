import { indexCatalog } from './catalogIndex';
import {
  invalidSelectorFindings,
  workloadLabelFindings,
} from './labelMismatchFindings';
import { matchWorkloads } from './matchWorkloads';
import {
  collectFindings,
  entity,
  kubernetesId,
  workload,
} from '../__testUtils__/builders';

describe('invalidSelectorFindings', () => {
  it('reports a selector annotation that does not parse, with an example that would', () => {
    const { annotatedEntities } = indexCatalog([
      entity('Component', 'ok', {}, kubernetesId('ok')),
      entity(
        'Component',
        'bad',
        {},
        {
          'backstage.io/kubernetes-label-selector': '!',
        },
      ),
    ]);
    const findings = collectFindings(add =>
      invalidSelectorFindings(annotatedEntities, add),
    );
    expect(findings.map(f => f.entityRef)).toEqual(['component:default/bad']);
    expect(findings[0].suggestion).toBe(
      "Write it as kubectl -l accepts it, e.g. 'backstage.io/kubernetes-id=bad' or 'app.kubernetes.io/name=bad'.",
    );
  });
});

describe('workloadLabelFindings', () => {
  it('reports a CronJob whose pods lack its id, with the path to fix', () => {
    const cron = workload('nightly', kubernetesId('nightly'), {
      kind: 'CronJob',
      podTemplateLabels: {},
    });
    const findings = collectFindings(add =>
      workloadLabelFindings([cron], new Map([[cron, []]]), add),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        type: 'label-annotation-mismatch',
        message:
          "CronJob shop/nightly (cluster 'dev'): its pod template has no backstage.io/kubernetes-id label (the workload has 'nightly').",
        suggestion:
          'Set backstage.io/kubernetes-id: nightly in spec.jobTemplate.spec.template.metadata.labels.',
      }),
    ]);
    expect(findings[0].entityRef).toBeUndefined();
  });

  it('reports an entity whose id annotation differs from the label of a workload it selects by another label', () => {
    const { annotatedEntities } = indexCatalog([
      entity(
        'Component',
        'a',
        {},
        {
          ...kubernetesId('a'),
          'backstage.io/kubernetes-label-selector': 'app=shared',
        },
      ),
      entity(
        'Component',
        'b',
        {},
        {
          'backstage.io/kubernetes-label-selector': 'app=shared',
        },
      ),
    ]);
    const w = workload('shared', { app: 'shared', ...kubernetesId('other') });
    const { matchesOf } = matchWorkloads([w], annotatedEntities);
    const [finding] = collectFindings(add =>
      workloadLabelFindings([w], matchesOf, add),
    );
    expect(finding.message).toBe(
      "Deployment shop/shared (cluster 'dev'): component:default/a selects it (app=shared) but is annotated backstage.io/kubernetes-id: a while the workload's label is 'other'.",
    );
    expect(finding.entityRef).toBeUndefined();
    expect(finding.relatedRefs).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
  });
});
