import type { FileTree } from './gitRepos';

export const TEMPLATE = 'tiny-service';

const templateYaml = (
  version: string,
  extraParameters = '',
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ${TEMPLATE}
  title: Tiny service
  annotations:
    conway.dev/template-version: ${version}
spec:
  owner: group:default/team-platform
  type: service
  parameters:
    - title: Service
      required: [name, owner${extraParameters ? ', tier' : ''}]
      properties:
        name:
          title: Name
          type: string
          pattern: '^[a-z][a-z0-9-]*$'
        owner:
          title: Owner
          type: string
        port:
          title: Port
          type: integer
          default: 8080
${extraParameters}`;

const TIER = `        tier:
          title: Service tier
          type: string
          enum: [gold, silver]
`;

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: {{values.name}}
  annotations:
    conway.dev/template: {{template.name}}
    conway.dev/template-version: {{json template.version}}
spec:
  type: service
  lifecycle: production
  owner: {{computed.ownerRef}}
`;

const config = (logLevel: string) => `export const config = {
  name: '{{values.name}}',
  port: {{values.port}},
  logLevel: '${logLevel}',
  timeoutMs: 1000,
  retries: 3,
};
`;

const BUILD_V1 = `#!/bin/sh
set -eu
echo "building"
npm run build
`;

const BUILD_V2 = `#!/bin/sh
set -eu
echo "building"
npm run build --if-present
`;

/** Binary content: a NUL byte makes it binary. */
export const binary = (...bytes: number[]) => Buffer.from([0, ...bytes]);

/** v1: the version services are scaffolded from. */
export const V1: FileTree = {
  'template.yaml': templateYaml('1.0.0'),
  'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n\nFirst release.\n',
  'skeleton/README.md.hbs':
    '# {{values.name}}\n\nOwned by {{computed.ownerRef}}.\n',
  'skeleton/catalog-info.yaml.hbs': catalogInfo,
  'skeleton/src/config.ts.hbs': config('info'),
  'skeleton/settings.yaml.hbs': 'service: {{values.name}}\nreplicas: 2\n',
  'skeleton/src/legacy.ts': 'export const legacy = true;\n',
  'skeleton/docs/setup.md': '# Setup\n\nRun npm ci.\n',
  'skeleton/Dockerfile': 'FROM node:20\nCMD ["node", "dist/index.js"]\n',
  'skeleton/scripts/build.sh': { content: BUILD_V1, executable: true },
  'skeleton/assets/logo.bin': binary(1, 1, 1),
  'skeleton/assets/icon.bin': binary(2, 2, 2),
};

/**
 * v2: adds src/health.ts and CONTRIBUTING.md and the required parameter
 * `tier`, removes src/legacy.ts and docs/setup.md, changes a line of
 * src/config.ts near the one the team edits and the line of settings.yaml the
 * team edits, changes the Dockerfile and both binaries, and moves
 * scripts/build.sh to bin/build.sh with a change.
 */
export const V2: FileTree = {
  'template.yaml': templateYaml('2.0.0', TIER),
  'CHANGELOG.md':
    '# Changelog\n\n## 2.0.0\n\n- Health module, service tier.\n\n## 1.0.0\n\nFirst release.\n',
  'skeleton/README.md.hbs':
    '# {{values.name}}\n\nOwned by {{computed.ownerRef}}.\n',
  'skeleton/catalog-info.yaml.hbs': catalogInfo,
  'skeleton/src/config.ts.hbs': config('warn'),
  'skeleton/settings.yaml.hbs': 'service: {{values.name}}\nreplicas: 4\n',
  'skeleton/src/health.ts.hbs': "export const tier = '{{values.tier}}';\n",
  'skeleton/CONTRIBUTING.md': '# Contributing\n\nOpen a pull request.\n',
  'skeleton/Dockerfile': 'FROM node:22\nCMD ["node", "dist/index.js"]\n',
  'skeleton/bin/build.sh': { content: BUILD_V2, executable: true },
  'skeleton/assets/logo.bin': binary(9, 9, 9),
  'skeleton/assets/icon.bin': binary(8, 8, 8),
};

export const ANSWERS = { name: 'orders', owner: 'team-checkout' };

/** The team's edits after scaffolding at v1. */
export const TEAM_EDITS: FileTree = {
  'src/config.ts': `export const config = {
  name: 'orders',
  port: 8080,
  logLevel: 'info',
  timeoutMs: 1000,
  retries: 5,
};
`,
  'settings.yaml': 'service: orders\nreplicas: 3\n',
  'docs/setup.md': '# Setup\n\nRun npm ci, then npm run migrate.\n',
  'scripts/build.sh': {
    content: '#!/bin/sh\nset -eux\necho "building"\nnpm run build\n',
    executable: true,
  },
  'assets/logo.bin': binary(5, 5, 5),
  'CONTRIBUTING.md': '# Contributing\n\nAsk in #orders first.\n',
  'src/team.ts': 'export const team = "checkout";\n',
};

/** Files the team deletes after scaffolding. */
export const TEAM_DELETIONS = ['Dockerfile'];
