import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleDisplayNames } from './module';

jest.setTimeout(60_000);

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: olga.petrova
spec:
  profile:
    displayName: Olga Petrova
  memberOf: [team-routing]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-routing
  title: Routing
spec:
  type: team
  profile:
    displayName: Routing team
  children: []
`;

describe('catalogModuleDisplayNames', () => {
  const dir = createMockDirectory();

  it('serves a User without a title with its display name as title, and keeps a title of its own', async () => {
    dir.setContent({ 'org.yaml': ORG });
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleDisplayNames,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['User', 'Group'] }],
              locations: [{ type: 'file', target: dir.resolve('org.yaml') }],
            },
          },
        }),
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/${path}`)
        .set('Authorization', mockCredentials.user.header());
    // The catalog reads the location and processes the entities in the background.
    let user = await get('user/default/olga.petrova');
    for (let i = 0; i < 100 && user.status !== 200; i++) {
      await new Promise(resolve => setTimeout(resolve, 200));
      user = await get('user/default/olga.petrova');
    }
    expect(user.status).toBe(200);
    expect(user.body.metadata.title).toBe('Olga Petrova');
    const group = await get('group/default/team-routing');
    expect(group.body.metadata.title).toBe('Routing');
  });
});
