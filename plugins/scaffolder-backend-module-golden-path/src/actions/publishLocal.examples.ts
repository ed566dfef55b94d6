import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Commit the workspace into a new local repository named after the service',
    example: yaml.stringify({
      steps: [
        {
          id: 'publishLocal',
          action: 'golden-path:publish-local',
          name: 'Publish into a local repository',
          input: { name: '${{ parameters.name }}' },
        },
      ],
    }),
  },
  {
    description:
      'Commit a subdirectory of the workspace on a branch of your choice with your own message',
    example: yaml.stringify({
      steps: [
        {
          id: 'publishLocal',
          action: 'golden-path:publish-local',
          name: 'Publish into a local repository',
          input: {
            name: 'orders-api',
            sourcePath: 'service',
            defaultBranch: 'trunk',
            gitCommitMessage:
              'Scaffold orders-api from the typescript-service golden path',
          },
        },
      ],
    }),
  },
];
