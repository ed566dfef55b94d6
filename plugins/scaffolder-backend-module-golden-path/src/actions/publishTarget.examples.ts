import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish to GitHub when an integration is configured, into a local repository otherwise',
    example: yaml.stringify({
      steps: [
        {
          id: 'target',
          action: 'golden-path:publish-target',
          name: 'Choose where to publish',
          input: { repo: '${{ parameters.name }}' },
        },
        {
          id: 'publishGithub',
          if: '${{ steps.target.output.github }}',
          action: 'publish:github',
          name: 'Publish to GitHub',
          input: { repoUrl: '${{ steps.target.output.repoUrl }}' },
        },
        {
          id: 'publishLocal',
          if: '${{ not steps.target.output.github }}',
          action: 'golden-path:publish-local',
          name: 'Publish into a local repository',
          input: { name: '${{ parameters.name }}' },
        },
      ],
    }),
  },
];
