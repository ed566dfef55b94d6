import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleFileLocations } from './module';
import { FileLocationRootsProcessor } from './services/FileLocationRootsProcessor';
import { FileLocationGuard } from './services/FileLocationGuard';

jest.setTimeout(60_000);

/** As the embedded default: `file` may be registered at all. */
const allowFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-location-types',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

const component = (name: string) =>
  JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
  });

describe('catalogModuleFileLocations', () => {
  const dir = createMockDirectory();
  let repositories: string;
  let org: string;

  beforeEach(() => {
    dir.setContent({
      data: { repositories: { svc: { 'catalog-info.yaml': component('svc') } } },
      repo: { org: { 'groups.yaml': component('org-file') } },
      outside: { 'secret.yaml': component('secret') },
    });
    repositories = dir.resolve('data/repositories');
    org = dir.resolve('repo/org');
    // A symlink inside an allowed root that leads out of it.
    fs.symlinkSync(dir.resolve('outside'), path.join(repositories, 'link'));
  });

  async function start() {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        allowFileLocations,
        catalogModuleFileLocations,
        mockServices.rootConfig.factory({
          data: {
            conway: {
              localRepositories: { directory: repositories },
              catalog: { fileLocationRoots: [org] },
            },
            catalog: { locations: [] },
          },
        }),
      ],
    });
    const register = (target: string, query = '') =>
      request(server)
        .post(`/api/catalog/locations${query}`)
        .set('Authorization', mockCredentials.user.header())
        .send({ type: 'file', target });
    return { server, register };
  }

  it('refuses /etc/passwd, naming the target and the allowed roots', async () => {
    const { register } = await start();
    for (const query of ['', '?dryRun=true']) {
      const res = await register('/etc/passwd', query);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toBe(
        `File location '/etc/passwd' is refused: it resolves to '/etc/passwd', outside the directories file locations may be registered from ('${repositories}', '${org}'). Register a url location, or ask the platform team to add it to catalog.locations.`,
      );
    }
  });

  it('refuses ../ escapes and symlinks out of a root, with the resolved path', async () => {
    const { register } = await start();
    const escape = `${repositories}/svc/../../../outside/secret.yaml`;
    const res = await register(escape);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      `File location '${escape}' is refused: it resolves to '${dir.resolve(
        'outside/secret.yaml',
      )}'`,
    );
    const viaLink = await register(path.join(repositories, 'link/secret.yaml'));
    expect(viaLink.status).toBe(403);
    expect(viaLink.body.error.message).toContain(
      `resolves to '${dir.resolve('outside/secret.yaml')}'`,
    );
  });

  it('accepts files inside the local repositories directory and the configured roots', async () => {
    const { register } = await start();
    const inRepositories = await register(
      path.join(repositories, 'svc/catalog-info.yaml'),
    );
    expect(inRepositories.status).toBe(201);
    expect(inRepositories.body.location).toMatchObject({ type: 'file' });
    expect((await register(path.join(org, 'groups.yaml'))).status).toBe(201);
    // A file not written yet (a service being published) is checked by its directory.
    expect(
      (await register(path.join(repositories, 'next/catalog-info.yaml')))
        .status,
    ).toBe(201);
  });

  it('refuses moving a registered location outside the roots', async () => {
    const { server, register } = await start();
    const created = await register(
      path.join(repositories, 'svc/catalog-info.yaml'),
    );
    const res = await request(server)
      .put(`/api/catalog/locations/${created.body.location.id}`)
      .set('Authorization', mockCredentials.user.header())
      .send({ type: 'file', target: '/etc/passwd' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("'/etc/passwd' is refused");
  });
});

describe('FileLocationRootsProcessor', () => {
  const guard = FileLocationGuard.create({ roots: ['/srv/repositories'] });
  const processor = new FileLocationRootsProcessor({
    guard,
    configLocations: [{ type: 'file', target: '/srv/conway/catalog-info.yaml' }],
  });
  const location = (target: string | string[]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'x' },
    spec: Array.isArray(target)
      ? { type: 'file', targets: target }
      : { type: 'file', target },
  });
  const registered = {
    type: 'file',
    target: '/srv/repositories/svc/catalog-info.yaml',
  };

  it('refuses a nested Location that points out of the roots', async () => {
    await expect(
      processor.preProcessEntity(
        location(['./other.yaml', '../../../etc/passwd']),
        registered,
        undefined,
        registered,
      ),
    ).rejects.toThrow(
      "File location '/etc/passwd' is refused: it resolves to '/etc/passwd'",
    );
    const ok = location('./other.yaml');
    await expect(
      processor.preProcessEntity(ok, registered, undefined, registered),
    ).resolves.toBe(ok);
  });

  it('leaves the app config’s own locations alone', async () => {
    const fromConfig = {
      type: 'file',
      target: '/srv/conway/catalog-info.yaml',
    };
    const entity = location('./org/groups.yaml');
    await expect(
      processor.preProcessEntity(entity, fromConfig, undefined, fromConfig),
    ).resolves.toBe(entity);
  });
});
