import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ANNOTATION_OWNERSHIP_SEVERITY } from './annotations';
import { catalogModuleOwnership } from './module';
import { loadExampleOrg } from '@conway/plugin-ownership-node/testUtils';

describe('catalogModuleOwnership', () => {
  async function start(config: object = {}) {
    const addProcessor = jest.fn();
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, { addProcessor }]],
      features: [
        catalogModuleOwnership,
        catalogServiceMock.factory({ entities: loadExampleOrg() }),
        scheduler.factory,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    return { addProcessor, scheduler };
  }

  it('adds the processor and refreshes its analysis on a schedule', async () => {
    const { addProcessor, scheduler } = await start({
      ownership: { refreshIntervalSeconds: 12 },
    });
    expect(addProcessor).toHaveBeenCalledTimes(1);
    const processor: CatalogProcessor = addProcessor.mock.calls[0][0];
    expect(processor.getProcessorName()).toBe('OwnershipFindingsProcessor');

    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: 'ownership-findings-refresh',
      scope: 'local',
      frequency: { seconds: 12 },
    });

    const printer = loadExampleOrg().find(
      e => e.metadata.name === 'label-printer',
    )!;
    const emit = jest.fn();
    const cache = { get: jest.fn(), set: jest.fn() };
    const before: Entity = await processor.postProcessEntity!(
      printer,
      { type: 'file', target: 'org/components.yaml' },
      emit,
      cache,
    );
    expect(
      before.metadata.annotations?.[ANNOTATION_OWNERSHIP_SEVERITY],
    ).toBeUndefined();

    await task.fn(new AbortController().signal);
    const after: Entity = await processor.postProcessEntity!(
      printer,
      { type: 'file', target: 'org/components.yaml' },
      emit,
      cache,
    );
    expect(after.metadata.annotations?.[ANNOTATION_OWNERSHIP_SEVERITY]).toBe(
      'error',
    );
    expect(emit).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'error' }),
    );
  });

  it('rejects error types that need the whole organisation', async () => {
    await expect(
      start({ ownership: { check: { errors: ['cross-team-dependency'] } } }),
    ).rejects.toThrow(/'cross-team-dependency' cannot fail processing/);
    await expect(
      start({ ownership: { check: { errors: ['unknwon-owner'] } } }),
    ).rejects.toThrow(/unknown finding type 'unknwon-owner'/);
  });
});
