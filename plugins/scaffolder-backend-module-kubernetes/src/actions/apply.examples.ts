import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the rendered dev overlay to the only configured cluster (nothing happens when none is configured)',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'kubernetes:apply',
          name: 'Deploy to the development cluster',
          input: { path: 'k8s/overlays/dev' },
        },
      ],
    }),
  },
  {
    description:
      'Server-side dry run of the prod overlay on a named cluster, into a given namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-prod',
          action: 'kubernetes:apply',
          name: 'Check that production would accept the manifests',
          input: {
            path: 'k8s/overlays/prod',
            cluster: 'production',
            namespace: 'orders',
            dryRun: true,
          },
        },
      ],
    }),
  },
  {
    description: 'Apply plain manifests with a field manager of your own',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'kubernetes:apply',
          name: 'Apply manifests',
          input: {
            path: 'deploy',
            cluster: 'dev',
            fieldManager: 'conway-onboarding',
            catalogInfoPath: 'catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
