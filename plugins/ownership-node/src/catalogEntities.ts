import { createHash } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Kinds the analysis reads; the catalog never sends the others.
 *
 * @public
 */
export const ANALYSED_KINDS = [
  'Group',
  'User',
  'Domain',
  'System',
  'Component',
  'API',
  'Resource',
];

/**
 * The `spec` fields the analysis reads.
 *
 * @public
 */
export const SPEC_FIELDS = [
  'owner',
  'type',
  'parent',
  'children',
  'memberOf',
  'members',
  'system',
  'domain',
  'subdomainOf',
  'dependsOn',
  'providesApis',
  'consumesApis',
  'subcomponentOf',
];

/**
 * The only fields the analysis reads, plus `metadata.uid` and `metadata.etag`
 * for change detection. Annotations, descriptions, relations and status stay
 * in the catalog.
 *
 * @public
 */
export const ANALYSIS_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.uid',
  'metadata.etag',
  ...SPEC_FIELDS.map(field => `spec.${field}`),
  // Display names of groups and users, and the lifecycle: read by reports
  // (who owns what), not by the findings.
  'spec.profile.displayName',
  'spec.lifecycle',
];

const FINGERPRINT_FIELDS = ['metadata.uid', 'metadata.etag'];

/**
 * Default number of entities per catalog page. Each page costs a round trip
 * and a keyset query; with only the analysed fields an entity is ~0.5 kB, so
 * 5,000 per page keeps pages small (~2.5 MB) while a 20k-component catalog is
 * read in 5 pages: the cold report went from 4.5 s (pages of 500) to 2.3 s
 * (docs/benchmarks.md, load on PostgreSQL).
 *
 * @public
 */
export const DEFAULT_PAGE_SIZE = 5000;

/**
 * Where and how to read the catalog.
 *
 * @public
 */
export interface PagingOptions {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  pageSize: number;
}

/**
 * A catalog filter, as `queryEntities` takes it (`{ kind: 'Template', 'metadata.annotations.x': EXISTS }`).
 *
 * @public
 */
export type EntityFilter = Record<
  string,
  string | symbol | (string | symbol)[]
>;

/**
 * Reads entities page by page (`queryEntities` with `limit`/`cursor`): the
 * analysed kinds, or those matching `filter`.
 *
 * @public
 */
export async function* pageEntities(
  options: PagingOptions & { fields: string[]; filter?: EntityFilter },
): AsyncGenerator<Entity[]> {
  const { catalog, credentials, pageSize, fields } = options;
  const filter = options.filter ?? { kind: ANALYSED_KINDS };
  let cursor: string | undefined;
  do {
    const response = await catalog.queryEntities(
      cursor
        ? { cursor, limit: pageSize, fields }
        : { filter, limit: pageSize, fields },
      { credentials },
    );
    yield response.items;
    cursor = response.pageInfo.nextCursor;
  } while (cursor);
}

function sha256(lines: string[]): string {
  const hash = createHash('sha256');
  for (const line of lines.sort()) hash.update(line).update('\n');
  return hash.digest('hex');
}

const versionLine = (entity: Entity) =>
  `${entity.metadata.uid ?? ''}:${entity.metadata.etag ?? ''}`;

/**
 * A hash over every analysed entity's uid and etag: it changes whenever an
 * entity is added, removed or changed, and costs one small paged query.
 *
 * @public
 */
export async function catalogFingerprint(
  options: PagingOptions,
): Promise<string> {
  const lines: string[] = [];
  for await (const page of pageEntities({
    ...options,
    fields: FINGERPRINT_FIELDS,
  })) {
    for (const entity of page) lines.push(versionLine(entity));
  }
  return sha256(lines);
}

/**
 * The analysed entities, with the fingerprint of exactly what was read.
 *
 * @public
 */
export interface LoadedEntities {
  entities: Entity[];
  /** Same value {@link catalogFingerprint} gives for this catalog state. */
  fingerprint: string;
  /** Hash of the analysed fields only: equal hashes give equal reports. */
  contentHash: string;
}

/**
 * Reads every analysed entity (analysed fields only) and fingerprints what was read.
 *
 * @public
 */
export async function loadEntities(
  options: PagingOptions,
): Promise<LoadedEntities> {
  const entities: Entity[] = [];
  for await (const page of pageEntities({
    ...options,
    fields: ANALYSIS_FIELDS,
  })) {
    entities.push(...page);
  }
  return {
    entities,
    fingerprint: sha256(entities.map(versionLine)),
    contentHash: sha256(
      entities.map(({ metadata: { uid, etag, ...metadata }, ...rest }) =>
        JSON.stringify({ ...rest, metadata }),
      ),
    ),
  };
}
