import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check the manifests under k8s/ (every overlay) and catalog-info.yaml of the rendered workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'golden-path:validate',
          name: 'Check manifests and catalog entities',
        },
      ],
    }),
  },
  {
    description: 'Check a project rendered into a subdirectory',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'golden-path:validate',
          name: 'Check manifests and catalog entities',
          input: {
            path: 'service',
            manifestsPath: 'deploy',
            catalogInfoPath: 'catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
