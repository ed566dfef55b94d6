import { Entity } from '@backstage/catalog-model';
import { GoldenPathSummary } from '@conway/plugin-golden-paths-common';

/** Catalog entities and golden paths shaped like the example org's, for the home tests. */
export function entity(
  kind: string,
  name: string,
  options: {
    title?: string;
    displayName?: string;
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
    relations?: Entity['relations'];
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      ...(options.displayName
        ? { profile: { displayName: options.displayName } }
        : {}),
      ...options.spec,
    },
    ...(options.relations ? { relations: options.relations } : {}),
  };
}

/** A service made from `template` at `version`. */
export function service(
  name: string,
  owner: string,
  template?: string,
  version?: string,
): Entity {
  return entity('Component', name, {
    annotations: {
      ...(template ? { 'conway.dev/template': template } : {}),
      ...(version ? { 'conway.dev/template-version': version } : {}),
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  });
}

export function typescriptService(): GoldenPathSummary {
  return {
    name: 'typescript-service',
    entityRef: 'template:default/typescript-service',
    title: 'TypeScript service (Fastify)',
    owner: 'group:default/team-sre',
    currentVersion: '1.3.0',
    versions: [
      {
        version: '1.3.0',
        date: '2026-12-04',
        changes: ['Runtime: Node.js 24 everywhere', 'SHA-pinned actions'],
        serviceCount: 1,
      },
      {
        version: '1.2.0',
        date: '2026-11-20',
        changes: ['Pipelines refer only to what exists'],
        serviceCount: 1,
      },
      { version: '1.1.0', changes: [], serviceCount: 0 },
    ],
    serviceCount: 2,
    behindCount: 1,
  };
}
