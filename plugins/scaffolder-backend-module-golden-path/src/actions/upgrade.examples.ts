import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade a service whose repository is local to the current version of its golden path; the upgrade is committed on a new branch',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'golden-path:upgrade',
          name: 'Upgrade the service',
          input: { service: '${{ parameters.service }}' },
        },
      ],
    }),
  },
  {
    description:
      'Upgrade a service fetched into the workspace to version 1.1.0, answering a parameter that version adds, then open a pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain',
          name: 'Fetch the service',
          input: {
            url: 'https://github.com/northwind/orders-api/tree/main',
            targetPath: 'service',
          },
        },
        {
          id: 'upgrade',
          action: 'golden-path:upgrade',
          name: 'Upgrade the service',
          input: {
            service: 'service',
            targetVersion: '1.1.0',
            answers: { tier: 'gold' },
          },
        },
        {
          id: 'pr',
          action: 'publish:github:pull-request',
          name: 'Open a pull request',
          input: {
            repoUrl: 'github.com?owner=northwind&repo=orders-api',
            branchName: 'golden-path/upgrade-typescript-service-1.1.0',
            title: 'Upgrade typescript-service to 1.1.0',
            description: '${{ steps.upgrade.output.summary }}',
            sourcePath: 'service',
          },
        },
      ],
    }),
  },
  {
    description: 'See what an upgrade would change without changing anything',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'golden-path:upgrade',
          name: 'Plan the upgrade',
          input: { service: 'component:default/orders-api', dryRun: true },
        },
      ],
    }),
  },
];
