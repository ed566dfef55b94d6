import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessorCache,
  CatalogProcessorErrorResult,
  CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_OWNERSHIP_FINDINGS,
  ANNOTATION_OWNERSHIP_SEVERITY,
  AnnotatedFinding,
} from './annotations';
import { OwnershipFindingsProcessor } from './OwnershipFindingsProcessor';
import { OwnershipFindingsSource } from './OwnershipFindingsSource';
import { CatalogAnalysis } from '@conway/plugin-ownership-node';
import { loadExampleOrg } from '@conway/plugin-ownership-node/testUtils';

const location: LocationSpec = { type: 'file', target: '/org/components.yaml' };

function memoryCache(): CatalogProcessorCache & { values: Map<string, any> } {
  const values = new Map<string, any>();
  return {
    values,
    get: async key => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
  };
}

/** The entity as a processor sees it: as written, without uid, etag or relations. */
function asWritten(entities: Entity[], ref: string): Entity {
  const entity = entities.find(e => stringifyEntityRef(e) === ref);
  if (!entity) throw new Error(`no ${ref}`);
  const { uid, etag, ...metadata } = entity.metadata;
  return { ...entity, metadata: { ...metadata } };
}

async function analysedSource(entities: Entity[]) {
  const source = new OwnershipFindingsSource({
    analysis: CatalogAnalysis.create({ pageSize: 50 }).forReader({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    }),
  });
  await source.refresh();
  return source;
}

async function process(
  processor: OwnershipFindingsProcessor,
  entity: Entity,
  cache = memoryCache(),
) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
    cache,
  );
  const annotations = result.metadata.annotations ?? {};
  const json = annotations[ANNOTATION_OWNERSHIP_FINDINGS];
  return {
    entity: result,
    errors: emitted.filter(
      (r): r is CatalogProcessorErrorResult => r.type === 'error',
    ),
    severity: annotations[ANNOTATION_OWNERSHIP_SEVERITY],
    findings: json ? (JSON.parse(json) as AnnotatedFinding[]) : undefined,
    cache,
  };
}

describe('OwnershipFindingsProcessor', () => {
  const entities = loadExampleOrg();
  let source: OwnershipFindingsSource;

  beforeAll(async () => {
    source = await analysedSource(entities);
  });

  it('fails processing of an entity whose owner does not exist, with the suggestion', async () => {
    const processor = new OwnershipFindingsProcessor({ findings: source });
    const result = await process(
      processor,
      asWritten(entities, 'component:default/label-printer'),
    );
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].location).toBe(location);
    expect(result.errors[0].error.name).toBe('InputError');
    expect(result.errors[0].error.message).toBe(
      'Ownership: component:default/label-printer is owned by group:default/team-printing, which does not exist. ' +
        'Create group:default/team-printing or transfer component:default/label-printer to group:default/team-warehouse, which owns its system Fulfilment',
    );
    expect(result.severity).toBe('error');
    expect(result.findings?.map(f => f.id)).toContain(
      'unknown-owner:component:default/label-printer',
    );
  });

  it('does not block the fix: a changed owner makes the finding stale', async () => {
    const processor = new OwnershipFindingsProcessor({ findings: source });
    const fixed = asWritten(entities, 'component:default/label-printer');
    fixed.spec = { ...fixed.spec, owner: 'group:default/team-warehouse' };
    const result = await process(processor, fixed);
    expect(result.errors).toEqual([]);
    expect(result.findings?.map(f => f.type) ?? []).not.toContain(
      'unknown-owner',
    );
    expect(result.severity).not.toBe('error');
  });

  it('only annotates whole-organisation findings, never fails on them', async () => {
    const processor = new OwnershipFindingsProcessor({ findings: source });

    const checkout = await process(
      processor,
      asWritten(entities, 'component:default/checkout-service'),
    );
    expect(checkout.errors).toEqual([]);
    expect(checkout.severity).toBe('warning');
    const dependency = checkout.findings?.find(
      f => f.type === 'cross-team-dependency',
    );
    expect(dependency?.message).toContain(
      'component:default/inventory-service',
    );
    expect(dependency?.suggestion).toContain('api:default/inventory-api');

    const tracking = await process(
      processor,
      asWritten(entities, 'system:default/shipment-tracking'),
    );
    expect(tracking.errors).toEqual([]);
    expect(tracking.severity).toBe('warning');
    expect(tracking.findings?.map(f => f.id)).toContain(
      'split-system:system:default/shipment-tracking',
    );

    const mobile = await process(
      processor,
      asWritten(entities, 'group:default/team-mobile'),
    );
    expect(mobile.errors).toEqual([]);
    expect(mobile.findings?.map(f => f.id)).toContain(
      'empty-team:group:default/team-mobile',
    );
  });

  it('shows findings an entity is involved in without giving it their severity', async () => {
    const processor = new OwnershipFindingsProcessor({ findings: source });
    const inventory = await process(
      processor,
      asWritten(entities, 'component:default/inventory-service'),
    );
    const involved = inventory.findings?.find(
      f => f.entityRef === 'component:default/checkout-service',
    );
    expect(involved?.type).toBe('cross-team-dependency');
    expect(
      inventory.findings?.filter(
        f => f.entityRef === 'component:default/inventory-service',
      ),
    ).toEqual([]);
    expect(inventory.severity).toBeUndefined();
  });

  it('fails processing for the configured local types only', async () => {
    const legacy = asWritten(entities, 'component:default/legacy-invoicing');
    const byDefault = await process(
      new OwnershipFindingsProcessor({ findings: source }),
      legacy,
    );
    expect(byDefault.errors).toEqual([]);
    expect(byDefault.severity).toBe('warning');

    const strict = await process(
      new OwnershipFindingsProcessor({
        findings: source,
        errorTypes: ['user-owner'],
      }),
      legacy,
    );
    expect(strict.errors[0].error.message).toContain(
      'user:default/olga.petrova',
    );

    const annotateOnly = await process(
      new OwnershipFindingsProcessor({ findings: source, errorTypes: [] }),
      asWritten(entities, 'component:default/label-printer'),
    );
    expect(annotateOnly.errors).toEqual([]);
    expect(annotateOnly.severity).toBe('error');

    expect(
      () =>
        new OwnershipFindingsProcessor({
          findings: source,
          errorTypes: ['unknown-owner', 'split-system'],
        }),
    ).toThrow(
      "Invalid config 'ownership.check.errors': 'split-system' cannot fail processing",
    );
  });

  it('leaves entities without findings and other kinds alone, and drops forged annotations', async () => {
    const processor = new OwnershipFindingsProcessor({ findings: source });
    const clean = entities.find(
      e =>
        e.kind === 'Component' &&
        source.lookup(`component:default/${e.metadata.name}`)?.findings
          .length === 0,
    )!;
    const forged = asWritten(entities, stringifyEntityRef(clean));
    forged.metadata.annotations = {
      ...forged.metadata.annotations,
      [ANNOTATION_OWNERSHIP_SEVERITY]: 'error',
    };
    const result = await process(processor, forged);
    expect(result.errors).toEqual([]);
    expect(result.severity).toBeUndefined();
    expect(result.findings).toBeUndefined();

    const template: Entity = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'service' },
      spec: { owner: 'team-nope' },
    };
    const untouched = await process(processor, template);
    expect(untouched.entity).toBe(template);
  });

  it('keeps the last annotations until the first analysis after a restart', async () => {
    const printer = asWritten(entities, 'component:default/label-printer');
    const cache = memoryCache();
    await process(
      new OwnershipFindingsProcessor({ findings: source }),
      printer,
      cache,
    );

    const restarted = new OwnershipFindingsProcessor({
      findings: { lookup: () => undefined },
    });
    const result = await process(restarted, printer, cache);
    expect(result.errors).toEqual([]);
    expect(result.severity).toBe('error');
    expect(result.findings?.[0].type).toBe('unknown-owner');

    const fresh = await process(restarted, printer);
    expect(fresh.entity).toBe(printer);
  });
});

describe('OwnershipFindingsSource', () => {
  it('reads the catalog in pages and again only after a change', async () => {
    let entities = loadExampleOrg();
    const catalog = catalogServiceMock.mock({
      queryEntities: jest.fn(req =>
        catalogServiceMock({ entities }).queryEntities(req),
      ),
    });
    const source = new OwnershipFindingsSource({
      analysis: CatalogAnalysis.create({ pageSize: 40 }).forReader({
        catalog,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
      }),
    });
    expect(source.lookup('component:default/label-printer')).toBeUndefined();

    await source.refresh();
    const pages = Math.ceil(entities.length / 40);
    const calls = catalog.queryEntities.mock.calls;
    expect(calls).toHaveLength(pages);
    expect(calls[0][0]).toMatchObject({ limit: 40 });
    expect(calls[0][0]!.fields).toContain('spec.owner');
    expect(calls[0][0]!.fields).not.toContain('metadata.annotations');
    expect(
      (calls[0][1] as { credentials: { principal: unknown } }).credentials
        .principal,
    ).toMatchObject({ type: 'service' });

    await source.refresh();
    expect(calls).toHaveLength(2 * pages);
    expect(calls[pages][0]!.fields).toEqual(['metadata.uid', 'metadata.etag']);

    entities = entities.map(e =>
      e.metadata.name === 'label-printer'
        ? {
            ...e,
            metadata: { ...e.metadata, etag: 'etag-2' },
            spec: { ...e.spec, owner: 'team-warehouse' },
          }
        : e,
    );
    await source.refresh();
    expect(calls).toHaveLength(4 * pages);
    expect(
      source
        .lookup('component:default/label-printer')
        ?.findings.map(f => f.type),
    ).not.toContain('unknown-owner');
  });
});
