import { createMockDirectory } from '@backstage/backend-test-utils';
import { fixturePath } from '../__fixtures__/fixtures';
import { describeWithKubectl } from '../__fixtures__/kubectl';
import { kustomizationResourceFiles, renderKustomize } from './kustomize';

const overlay = fixturePath('manifests', 'overlays', 'prod');
describeWithKubectl('renderKustomize with kubectl', () => {
  it('renders an overlay', async () => {
    const result = await renderKustomize(overlay);
    if (!('objects' in result)) {
      throw new Error(`expected objects, got ${result.skipped}`);
    }
    const byKind = Object.fromEntries(
      result.objects.map(o => [o.object.kind, o.object]),
    );
    expect(Object.keys(byKind).sort()).toEqual([
      'Deployment',
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PrometheusRule',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
    ]);
    expect(byKind.Deployment).toMatchObject({
      metadata: { namespace: 'orders-prod' },
      spec: {
        template: {
          spec: { containers: [{ image: 'ghcr.io/conway/orders:1.2.3' }] },
        },
      },
    });
    expect(byKind.HorizontalPodAutoscaler).toMatchObject({
      spec: { minReplicas: 3 },
    });
    expect(result.objects[0].source).toBe(`${overlay} (kustomize)`);
  });

  it('fails with the message of kubectl for a broken kustomization', async () => {
    const mockDir = createMockDirectory();
    mockDir.setContent({
      'kustomization.yaml': 'resources: [missing.yaml]\n',
    });
    await expect(renderKustomize(mockDir.path)).rejects.toThrow(
      /kubectl kustomize '.*' failed: .*missing.yaml/,
    );
  });
});

describe('renderKustomize without kubectl', () => {
  it('says what was skipped', async () => {
    await expect(
      renderKustomize(overlay, { kubectl: '/nonexistent/kubectl' }),
    ).resolves.toEqual({
      skipped: `kubectl not found ('/nonexistent/kubectl'), so the kustomization '${overlay}' was not rendered`,
    });
  });
});

describe('kustomizationResourceFiles', () => {
  it('follows local resources into nested kustomizations', async () => {
    const files = await kustomizationResourceFiles(overlay);
    expect(
      files.map(f => f.slice(fixturePath('manifests').length + 1)),
    ).toEqual([
      'base/serviceaccount.yaml',
      'base/deployment.yaml',
      'base/service.yaml',
      'base/hpa.yaml',
      'base/pdb.yaml',
      'base/networkpolicy.yaml',
      'base/monitoring.yaml',
    ]);
  });
});
