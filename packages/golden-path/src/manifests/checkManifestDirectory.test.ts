import { fixturePath } from '../__fixtures__/fixtures';
import { describeWithKubectl } from '../__fixtures__/kubectl';
import { checkManifestDirectory } from './checkManifestDirectory';
import { formatReport } from './formatReport';

const overlay = fixturePath('manifests', 'overlays', 'prod');
const catalogInfo = fixturePath('catalog', 'orders.yaml');

describe('checkManifestDirectory', () => {
  it('checks the base resources and says so when kubectl is missing', async () => {
    const report = await checkManifestDirectory(overlay, {
      kubectl: '/nonexistent/kubectl',
    });
    expect(report.skipped).toEqual([
      `kubectl not found ('/nonexistent/kubectl'), so the kustomization '${overlay}' was not rendered; checked its resources without patches instead`,
    ]);
    expect(report.objects).toHaveLength(8);
    expect(report.findings).toEqual([]);
  });

  it('reads plain directories and reports schema and policy findings together', async () => {
    const dir = fixturePath('manifests', 'schema-invalid');
    const report = await checkManifestDirectory(dir, {
      catalogInfo: fixturePath('catalog', 'orders.yaml'),
    });
    expect([...new Set(report.findings.map(f => f.id))]).toEqual([
      'schema-valid',
      'known-kind',
      'probes',
      'resources',
      'run-as-non-root',
      'read-only-root-filesystem',
      'no-privilege-escalation',
      'drop-all-capabilities',
      'seccomp-profile',
      'no-service-account-token',
      'pod-disruption-budget',
      'network-policy',
      'horizontal-pod-autoscaler',
      'kubernetes-id-label',
    ]);

    const text = formatReport(report, { relativeTo: dir });
    expect(text).toContain(
      'ERROR [schema-valid] Deployment/orders (deployment.yaml, document 0): spec.template.spec.containers[0].ports[0].containerPort must be integer',
    );
    expect(text).toContain(
      'WARNING [known-kind] Widget/gizmo (deployment.yaml, document 1): no schema for Widget in example.com/v1; not validated',
    );
    expect(text).toContain(
      '\nWhy:\n  schema-valid: Objects match the Kubernetes OpenAPI schema of their kind.',
    );
    expect(text).toMatch(
      /\n2 object\(s\) checked: 14 error\(s\), 1 warning\(s\)$/,
    );
  });
});

describeWithKubectl('checkManifestDirectory with kubectl', () => {
  it('renders an overlay and finds nothing wrong with the hardened manifests', async () => {
    const report = await checkManifestDirectory(overlay, { catalogInfo });
    expect(report.skipped).toEqual([]);
    expect(report.objects).toHaveLength(8);
    expect(report.findings).toEqual([]);
    expect(formatReport(report)).toBe(
      '8 object(s) checked: 0 error(s), 0 warning(s)',
    );
  });
});
