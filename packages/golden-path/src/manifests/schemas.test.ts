import { fixturePath } from '../__fixtures__/fixtures';
import { loadManifests, parseManifests } from './loadManifests';
import { validateManifestSchemas } from './schemas';

describe('validateManifestSchemas', () => {
  it('accepts the hardened manifests, prometheus-operator kinds included', async () => {
    const objects = await loadManifests(fixturePath('manifests', 'base'));
    expect(objects.map(o => o.object.kind)).toEqual([
      'Deployment',
      'HorizontalPodAutoscaler',
      'ServiceMonitor',
      'PrometheusRule',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
    await expect(validateManifestSchemas(objects)).resolves.toEqual([]);
  });

  it('names the object and path of a schema error, and warns about unknown kinds', async () => {
    const file = fixturePath('manifests', 'schema-invalid', 'deployment.yaml');
    const findings = await validateManifestSchemas(await loadManifests(file));
    expect(findings).toEqual([
      {
        id: 'schema-valid',
        severity: 'error',
        object: 'Deployment/orders',
        source: file,
        index: 0,
        message:
          'spec.template.spec.containers[0].ports[0].containerPort must be integer',
      },
      {
        id: 'known-kind',
        severity: 'warning',
        object: 'Widget/gizmo',
        source: file,
        index: 1,
        message: 'no schema for Widget in example.com/v1; not validated',
      },
    ]);
  });

  it('reports objects without apiVersion, kind or name, and required fields', async () => {
    const objects = parseManifests(
      'kind: Service\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n',
      'inline.yaml',
    );
    const findings = await validateManifestSchemas(objects);
    expect(findings.map(f => `${f.index} ${f.object}: ${f.message}`)).toEqual([
      '0 Service/(no name): must have apiVersion, kind and metadata.name',
      '1 Deployment/x: spec must have required property selector',
      '1 Deployment/x: spec must have required property template',
    ]);
  });
});
