import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade a local repository directly, and a GitHub one through a pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'target',
          action: 'golden-path:upgrade-target',
          name: 'Find the repository',
          input: { service: '${{ parameters.service }}' },
        },
        {
          id: 'upgradeLocal',
          if: '${{ steps.target.output.local }}',
          action: 'golden-path:upgrade',
          name: 'Upgrade and commit on a branch',
          input: { service: '${{ parameters.service }}' },
        },
        {
          id: 'fetch',
          if: '${{ steps.target.output.github }}',
          action: 'fetch:plain',
          name: 'Fetch the service',
          input: {
            url: '${{ steps.target.output.fetchUrl }}',
            targetPath: 'service',
          },
        },
      ],
    }),
  },
];
