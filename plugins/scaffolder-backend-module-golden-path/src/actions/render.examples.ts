import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Render the running template (registered from a file location) into the workspace with the form's answers",
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'golden-path:render',
          name: 'Render the service',
          input: {
            values: '${{ parameters }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a template from conway.goldenPaths.directories into a subdirectory of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'golden-path:render',
          name: 'Render the service',
          input: {
            templateDir: '../../templates/typescript-service',
            targetPath: 'service',
            values: {
              name: 'orders-api',
              owner: 'group:default/team-checkout',
              system: 'system:default/checkout',
              port: 8080,
            },
          },
        },
      ],
    }),
  },
];
