import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the catalog-info.yaml of the repository golden-path:publish-local created',
    example: yaml.stringify({
      steps: [
        {
          id: 'registerLocal',
          action: 'golden-path:register-local',
          name: 'Register the local repository in the catalog',
          input: {
            catalogInfoPath: '${{ steps.publishLocal.output.catalogInfoPath }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Register, but keep the repository if registration fails',
    example: yaml.stringify({
      steps: [
        {
          id: 'registerLocal',
          action: 'golden-path:register-local',
          name: 'Register the local repository in the catalog',
          input: {
            catalogInfoPath: '${{ steps.publishLocal.output.catalogInfoPath }}',
            removeRepositoryOnFailure: false,
          },
        },
      ],
    }),
  },
];
