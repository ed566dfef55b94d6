import path from 'node:path';
import { Entity } from '@backstage/catalog-model';

/** The real golden path, not a fixture copy: tests break when it does. */
export const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../templates/typescript-service',
);

/** What the scaffolder passes for a template registered from a file location. */
export const templateInfo = {
  entityRef: 'template:default/typescript-service',
  baseUrl: `file://${TEMPLATE_DIR}/template.yaml`,
};

export const VALID_VALUES = {
  name: 'orders-api',
  description: 'Takes and tracks orders.',
  owner: 'group:default/team-checkout',
  system: 'system:default/checkout',
  lifecycle: 'experimental',
  port: 8080,
  database: 'none',
  ciProvider: 'github-actions',
};

const entity = (
  kind: string,
  name: string,
  spec: object = {},
  relations: Entity['relations'] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  relations,
});

/**
 * A small catalog: a department with a team, the platform team, a system, a
 * user of each team and a component that already exists. Relations are what
 * the catalog computes from memberOf and parent.
 */
export const catalogEntities: Entity[] = [
  entity('Group', 'commerce', { type: 'department', children: [] }),
  entity(
    'Group',
    'team-checkout',
    { type: 'team', parent: 'commerce', children: [] },
    [{ type: 'childOf', targetRef: 'group:default/commerce' }],
  ),
  entity('Group', 'team-sre', { type: 'team', children: [] }),
  entity('System', 'checkout', { owner: 'group:default/team-checkout' }),
  entity(
    'User',
    'ada.lovelace',
    {
      profile: {
        displayName: 'Ada Lovelace',
        email: 'ada.lovelace@northwind.example',
      },
      memberOf: ['team-checkout'],
    },
    [{ type: 'memberOf', targetRef: 'group:default/team-checkout' }],
  ),
  entity('User', 'anouk.bakker', { memberOf: ['team-sre'] }, [
    { type: 'memberOf', targetRef: 'group:default/team-sre' },
  ]),
  entity('Component', 'checkout-service', {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-checkout',
  }),
];
