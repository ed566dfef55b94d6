import fs from 'node:fs';
import path from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

/**
 * Test helpers shared by the ownership backend's and the catalog module's
 * tests: the repository's example organisation as catalog entities.
 *
 * @packageDocumentation
 */

// Tests only, run from this repository: the org/ folder is found next to the plugins.
// eslint-disable-next-line no-restricted-syntax
const ORG_DIR = path.resolve(__dirname, '../../../org');

/**
 * The example organisation (org/*.yaml) as the catalog holds it: one entity
 * per ref (the catalog keeps the first of duplicates), each with a uid and etag.
 *
 * @public
 */
export function loadExampleOrg(): Entity[] {
  const byRef = new Map<string, Entity>();
  for (const file of fs.readdirSync(ORG_DIR).sort()) {
    if (!file.endsWith('.yaml')) continue;
    const text = fs.readFileSync(path.join(ORG_DIR, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const entity = doc.toJSON() as Entity | null;
      if (!entity?.kind) continue;
      const ref = stringifyEntityRef(entity);
      if (byRef.has(ref)) continue;
      byRef.set(ref, {
        ...entity,
        metadata: { ...entity.metadata, uid: `uid:${ref}`, etag: 'etag-1' },
      });
    }
  }
  return [...byRef.values()];
}

/**
 * A copy of `entities` where `ref` has new spec fields and a new etag.
 *
 * @public
 */
export function withChangedSpec(
  entities: Entity[],
  ref: string,
  spec: Record<string, unknown>,
): Entity[] {
  return entities.map(
    (e): Entity =>
      stringifyEntityRef(e) === ref
        ? {
            ...e,
            metadata: { ...e.metadata, etag: `${e.metadata.etag}+` },
            spec: { ...e.spec, ...spec } as Entity['spec'],
          }
        : e,
  );
}

/**
 * Scripted git repositories for history tests: commits with given authors,
 * dates and line counts.
 *
 * @public
 */
export {
  scriptRepository,
  fixtureLines,
  fixtureGit,
} from './history/gitFixture';
export type { FixtureCommit } from './history/gitFixture';

export {
  appendCommit,
  generateRepository,
  generatedAuthorEmail,
} from './history/bench/generateRepository';
export type { GeneratedHistoryOptions } from './history/bench/generateRepository';
