import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import { createRegisterLocalAction } from './registerLocal';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: orders-api-api
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
  description: "Takes {{orders}}: \\"quoted\\""
spec:
  providesApis: [orders-api-api]
`;

const location = {
  id: 'location-1',
  type: 'file',
  target: '/x/catalog-info.yaml',
  entityRef: 'location:default/generated-abc',
};

describe('golden-path:register-local', () => {
  const mockDir = createMockDirectory();
  const repositories = () => new LocalRepositories(mockDir.resolve('repos'));
  const catalogInfoPath = () =>
    mockDir.resolve('repos/orders-api/catalog-info.yaml');
  const credentials = mockCredentials.user('user:default/ada.lovelace');

  beforeEach(() => {
    mockDir.setContent({
      repos: {
        'orders-api': {
          '.git': { HEAD: 'ref: refs/heads/main\n' },
          'catalog-info.yaml': CATALOG_INFO,
        },
        'other-api': { 'catalog-info.yaml': 'kind: Component\n' },
      },
    });
  });

  const run = (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    input: object = {},
  ) => {
    const ctx = createMockActionContext({
      input: { catalogInfoPath: catalogInfoPath(), ...input } as any,
    });
    ctx.getInitiatorCredentials = async () => credentials;
    return {
      ctx,
      done: createRegisterLocalAction({
        catalog,
        repositories: repositories(),
      }).handler(ctx),
    };
  };

  it('registers the file as a file location with the requesting user’s credentials', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn(async () => ({ location, entities: [] })),
    });
    const { ctx, done } = run(catalog);
    await done;

    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: catalogInfoPath() },
      { credentials },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      pathToFileURL(catalogInfoPath()).href,
    );
    expect(fs.existsSync(mockDir.resolve('repos/orders-api'))).toBe(true);
  });

  it('removes the repository when registration fails, and says so', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockRejectedValue(
          new ConflictError(
            `Location file:${catalogInfoPath()} already exists`,
          ),
        ),
    });
    const { done } = run(catalog);
    await expect(done).rejects.toThrow(
      `Registering '${catalogInfoPath()}' in the catalog failed, so repository 'orders-api' was removed from ${mockDir.resolve(
        'repos/orders-api',
      )}; caused by ConflictError: Location`,
    );
    await expect(done).rejects.toMatchObject({ name: 'ConflictError' });
    expect(fs.readdirSync(mockDir.resolve('repos'))).toEqual(['other-api']);
  });

  it.each([
    ['declares no entity', 'kind: Component\n', /declares no entity/],
    ['is not valid YAML', 'kind: [Component\n', /is not valid YAML: /],
  ])(
    'removes the repository when its catalog file %s',
    async (_, content, message) => {
      mockDir.addContent({ 'repos/orders-api/catalog-info.yaml': content });
      const catalog = catalogServiceMock.mock();
      const { done } = run(catalog);
      await expect(done).rejects.toThrow(message);
      await expect(done).rejects.toMatchObject({ name: 'InputError' });
      expect(catalog.addLocation).not.toHaveBeenCalled();
      expect(fs.existsSync(mockDir.resolve('repos/orders-api'))).toBe(false);
    },
  );

  it('keeps the repository when asked to', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockRejectedValue(new Error('catalog down')),
    });
    const { done } = run(catalog, { removeRepositoryOnFailure: false });
    await expect(done).rejects.toThrow('catalog down');
    expect(fs.existsSync(mockDir.resolve('repos/orders-api'))).toBe(true);
  });

  it('registers only files inside the local repositories directory', async () => {
    mockDir.addContent({ 'elsewhere/catalog-info.yaml': 'kind: Component\n' });
    const catalog = catalogServiceMock.mock();
    const { done } = run(catalog, {
      catalogInfoPath: mockDir.resolve('elsewhere/catalog-info.yaml'),
    });
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      /is not inside a local repository under '.*repos'/,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(fs.existsSync(mockDir.resolve('elsewhere'))).toBe(true);
  });

  it('does not register again when a retried task already did', async () => {
    const catalog = catalogServiceMock.mock();
    const retried = createMockActionContext({
      input: { catalogInfoPath: catalogInfoPath() },
    });
    // The checkpoint stored by the first attempt.
    retried.checkpoint = async () => 'component:default/orders-api' as any;
    await createRegisterLocalAction({
      catalog,
      repositories: repositories(),
    }).handler(retried);
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(retried.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
  });
});
