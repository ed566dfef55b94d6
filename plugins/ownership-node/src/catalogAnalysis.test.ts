import {
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CatalogAnalysis,
  CatalogAnalysisService,
  catalogAnalysisServiceRef,
  readCatalogAnalysisSettings,
} from './catalogAnalysis';
import { loadExampleOrg, withChangedSpec } from './testUtils';

const isNextPage = (req: object | undefined) =>
  req !== undefined && 'cursor' in req;

/** A catalog over `entities` that counts full loads (reads of the analysed fields). */
function countingCatalog(initial: Entity[]) {
  let entities = initial;
  const catalog = catalogServiceMock.mock({
    queryEntities: jest.fn((req, opts) =>
      catalogServiceMock({ entities }).queryEntities(req, opts),
    ),
  });
  return {
    catalog,
    set(next: Entity[]) {
      entities = next;
    },
    /** First pages only: a read of any size counts once. */
    fullLoads: () =>
      catalog.queryEntities.mock.calls.filter(
        ([req]) => req?.fields?.includes('spec.owner') && !isNextPage(req),
      ).length,
    fingerprintReads: () =>
      catalog.queryEntities.mock.calls.filter(
        ([req]) => req?.fields?.length === 2 && !isNextPage(req),
      ).length,
  };
}

const reader = (catalog: ReturnType<typeof countingCatalog>['catalog']) => ({
  catalog,
  auth: mockServices.auth(),
  logger: mockServices.logger.mock(),
});

describe('CatalogAnalysis', () => {
  it('shares one snapshot between readers and rebuilds only on change', async () => {
    const entities = loadExampleOrg();
    const fake = countingCatalog(entities);
    const shared = CatalogAnalysis.create({ pageSize: 40 });
    const api = shared.forReader(reader(fake.catalog));
    const processor = shared.forReader(reader(fake.catalog));

    expect(processor.latest()).toBeUndefined();
    await expect(api.refreshIfChanged()).resolves.toBe('built');
    expect(processor.latest()).toBe(api.latest());
    await expect(processor.refreshIfChanged()).resolves.toBe('unchanged');
    expect(fake.fullLoads()).toBe(1);

    fake.set(
      withChangedSpec(entities, 'component:default/label-printer', {
        owner: 'group:default/team-warehouse',
      }),
    );
    await expect(processor.refreshIfChanged()).resolves.toBe('built');
    expect(fake.fullLoads()).toBe(2);
    expect(api.latest()!.report.findings.map(f => f.id)).not.toContain(
      'unknown-owner:component:default/label-printer',
    );
  });

  it('shares a build under way, and a check during it waits for it', async () => {
    const fake = countingCatalog(loadExampleOrg());
    const shared = CatalogAnalysis.create();
    const a = shared.forReader(reader(fake.catalog));
    const b = shared.forReader(reader(fake.catalog));
    const building = a.refresh();
    expect(b.isBuilding()).toBe(true);
    await expect(b.refreshIfChanged()).resolves.toBe('busy');
    expect(await building).toBe(b.latest());
    expect(b.isBuilding()).toBe(false);
    expect(fake.fullLoads()).toBe(1);
    expect(fake.fingerprintReads()).toBe(0);
  });

  it('keeps the report when only fields the analysis ignores changed', async () => {
    const entities = loadExampleOrg();
    const fake = countingCatalog(entities);
    const service = CatalogAnalysis.create().forReader(reader(fake.catalog));
    const first = await service.refresh();
    fake.set(
      entities.map(e => ({
        ...e,
        metadata: { ...e.metadata, etag: 'etag-2', description: 'new' },
      })),
    );
    await expect(service.refreshIfChanged()).resolves.toBe('built');
    const second = service.latest()!;
    expect(second.report).toBe(first.report);
    expect(second.fingerprint).not.toBe(first.fingerprint);
  });

  it('reads and checks its settings', () => {
    const config = (data: object) => mockServices.rootConfig({ data });
    expect(readCatalogAnalysisSettings(config({}))).toEqual({
      pageSize: 5000,
      analysis: {},
    });
    expect(
      readCatalogAnalysisSettings(
        config({
          ownership: {
            pageSize: 99.5,
            analysis: {
              teamLoadThreshold: 3,
              teamTypes: ['squad'],
              layerOrder: ['website', 'service', 'library', 'database'],
              hubMinDegree: 8,
            },
          },
        }),
      ),
    ).toEqual({
      pageSize: 99,
      analysis: {
        teamLoadThreshold: 3,
        teamTypes: ['squad'],
        layerOrder: ['website', 'service', 'library', 'database'],
        hubMinDegree: 8,
      },
    });
    expect(() =>
      readCatalogAnalysisSettings(
        config({ ownership: { analysis: { layerOrder: ['service', 'service'] } } }),
      ),
    ).toThrow(/^Invalid config 'ownership.analysis': layerOrder must list distinct/);
    expect(() =>
      readCatalogAnalysisSettings(
        config({ ownership: { analysis: { teamLoadThreshold: -1 } } }),
      ),
    ).toThrow(
      "Invalid config 'ownership.analysis': teamLoadThreshold must be a positive number, got -1",
    );
    expect(() =>
      readCatalogAnalysisSettings(config({ ownership: { pageSize: 0 } })),
    ).toThrow("Invalid config 'ownership.pageSize': must be a positive number");
  });
});

describe('catalogAnalysisServiceRef', () => {
  it("gives a plugin and another plugin's module in one backend the same analysis", async () => {
    const fake = countingCatalog(loadExampleOrg());
    const seen: CatalogAnalysisService[] = [];
    const plugin = createBackendPlugin({
      pluginId: 'ownership',
      register(env) {
        env.registerInit({
          deps: { analysis: catalogAnalysisServiceRef },
          async init({ analysis }) {
            seen.push(analysis);
          },
        });
      },
    });
    const module = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'ownership',
      register(env) {
        env.registerInit({
          deps: { analysis: catalogAnalysisServiceRef },
          async init({ analysis }) {
            seen.push(analysis);
          },
        });
      },
    });
    await startTestBackend({
      features: [
        plugin,
        module,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => fake.catalog,
        }),
        mockServices.rootConfig.factory({
          data: { ownership: { analysis: { teamLoadThreshold: 4 } } },
        }),
      ],
    });
    expect(seen).toHaveLength(2);
    const [api, processor] = seen;
    expect(api).not.toBe(processor);
    expect(processor.options).toEqual({ teamLoadThreshold: 4 });

    await api.refresh();
    expect(processor.latest()).toBe(api.latest());
    await expect(processor.refreshIfChanged()).resolves.toBe('unchanged');
    expect(fake.fullLoads()).toBe(1);
    expect(api.latest()!.report.options.teamLoadThreshold).toBe(4);
  });
});
