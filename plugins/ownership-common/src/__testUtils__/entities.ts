import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { OwnershipEntity } from '../types';

const API_VERSION = 'backstage.io/v1alpha1';

function make(
  kind: string,
  name: string,
  spec?: Record<string, unknown>,
  namespace?: string,
): OwnershipEntity {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: namespace ? { name, namespace } : { name },
    ...(spec ? { spec } : {}),
  };
}

export const group = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace?: string,
) => make('Group', name, { type: 'team', children: [], ...spec }, namespace);
export const user = (
  name: string,
  memberOf: string[] = [],
  namespace?: string,
) => make('User', name, { memberOf }, namespace);
export const domain = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace?: string,
) => make('Domain', name, spec, namespace);
export const system = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace?: string,
) => make('System', name, spec, namespace);
export const component = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace?: string,
) =>
  make(
    'Component',
    name,
    { type: 'service', lifecycle: 'production', ...spec },
    namespace,
  );
export const api = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace?: string,
) =>
  make(
    'API',
    name,
    { type: 'openapi', lifecycle: 'production', ...spec },
    namespace,
  );
export const resource = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace?: string,
) => make('Resource', name, { type: 'database', ...spec }, namespace);

/** The repository's example organisation, org/*.yaml, parsed as the catalog would read it. */
export function loadExampleOrg(): OwnershipEntity[] {
  const dir = path.resolve(__dirname, '../../../../org');
  const entities: OwnershipEntity[] = [];
  const files = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort();
  for (const file of files) {
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      if (doc.errors.length > 0)
        throw new Error(`${file}: ${doc.errors[0].message}`);
      const value = doc.toJS();
      if (value) entities.push(value);
    }
  }
  return entities;
}

/** org with departments dept (teams a, b) and other-dept (team c); one member each. */
export const departments = () => [
  group('org', { type: 'organization' }),
  group('dept', { type: 'department', parent: 'org' }),
  group('other-dept', { type: 'department', parent: 'org' }),
  group('a', { parent: 'dept' }),
  group('b', { parent: 'dept' }),
  group('c', { parent: 'other-dept' }),
  user('ua', ['a']),
  user('ub', ['b']),
  user('uc', ['c']),
];
