import type { ServiceFacts } from '../facts';

/** Facts of a service that passes every rule; override what a test needs. */
export function healthyFacts(
  overrides: Partial<ServiceFacts> = {},
): ServiceFacts {
  return {
    entityRef: 'component:default/payments',
    catalog: {
      kind: 'Component',
      lifecycle: 'production',
      system: 'system:default/billing',
      owner: 'group:default/team-a',
      providesApis: ['api:default/payments-api'],
      onCall: { annotation: 'conway.dev/on-call', value: '#payments-oncall' },
    },
    owner: {
      ref: 'group:default/team-a',
      kind: 'Group',
      type: 'team',
      memberCount: 3,
    },
    goldenPath: {
      template: 'typescript-service',
      version: '1.2.0',
      latestVersion: '1.2.0',
      versionsBehind: 0,
    },
    repository: {
      manifests: { files: ['k8s/overlays/prod'], problems: [] },
      pipeline: { files: ['.github/workflows/ci.yaml'], problems: [] },
      testFiles: ['test/health.test.ts'],
      testFileCount: 1,
      lockfile: 'package-lock.json',
      dockerfile: { file: 'Dockerfile', user: '10001:10001' },
      alertFiles: ['observability/alerts.yaml'],
      dashboardFiles: ['observability/dashboard.json'],
    },
    ownershipFindings: [],
    cluster: { matches: true, differences: [] },
    ...overrides,
  };
}
