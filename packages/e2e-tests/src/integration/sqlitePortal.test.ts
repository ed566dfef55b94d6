import fs from 'node:fs';
import path from 'node:path';
import {
  makeTempDir,
  repoRoot,
  startBackend,
  TestBackend,
  waitFor,
} from '../lib/backend';
import { getEntity, guestToken, queryEntities } from '../lib/catalog';

jest.setTimeout(300_000);

/** A scaffolder template with no side effects, to prove tasks persist. */
function writeSmokeTemplate(dir: string) {
  const file = path.join(dir, 'smoke-template.yaml');
  fs.writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'e2e-smoke' },
      spec: {
        owner: 'group:default/team-sre',
        type: 'service',
        parameters: [{ properties: { who: { type: 'string' } } }],
        steps: [
          { id: 'log', name: 'Log', action: 'debug:log', input: { message: 'hello ${{ parameters.who }}' } },
        ],
      },
    }),
  );
  return file;
}

describe('embedded default (SQLite on disk)', () => {
  const dataDir = makeTempDir('sqlite');
  let backend: TestBackend | undefined;

  afterAll(async () => {
    await backend?.stop();
  });

  it('loads the example organisation from catalog-info.yaml', async () => {
    backend = await startBackend({ dataDir });
    const b = backend;
    const teams = await waitFor('12 teams', async () => {
      const groups = await queryEntities(b, 'kind=group,spec.type=team');
      return groups.length >= 12 ? groups : undefined;
    });
    expect(teams.map(t => t.metadata.name)).toEqual(
      expect.arrayContaining(['team-checkout', 'team-sre', 'team-mobile']),
    );
    const users = await waitFor('users', async () => {
      const u = await queryEntities(b, 'kind=user');
      return u.length >= 40 ? u : undefined;
    });
    expect(users.every(u => /@northwind\.example$/.test(u.spec?.profile?.email))).toBe(true);
    const components = await waitFor('components', async () => {
      const c = await queryEntities(b, 'kind=component');
      return c.length >= 25 ? c : undefined;
    });
    expect(components.length).toBeGreaterThanOrEqual(25);

    const checkout = await waitFor('checkout-service relations', async () => {
      const e = await getEntity(b, 'component:default/checkout-service');
      return e?.relations?.length ? e : undefined;
    });
    expect(checkout.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        { type: 'partOf', targetRef: 'system:default/checkout' },
        { type: 'dependsOn', targetRef: 'resource:default/orders-db' },
        { type: 'consumesApi', targetRef: 'api:default/payments-api' },
      ]),
    );
    const api = await waitFor('payments-api', () => getEntity(b, 'api:default/payments-api'));
    expect(api.spec?.definition).toContain('openapi: 3.0.3');
    const team = await waitFor('team-checkout members', async () => {
      const g = await getEntity(b, 'group:default/team-checkout');
      return g?.relations?.some(r => r.type === 'hasMember') ? g : undefined;
    });
    expect(team.relations?.filter(r => r.type === 'hasMember')).toHaveLength(5);
    expect(team.relations).toContainEqual({ type: 'childOf', targetRef: 'group:default/commerce' });
  });

  it('keeps a registered entity and a finished scaffolder task across a restart', async () => {
    const b = backend!;
    const extraDir = makeTempDir('extra');
    fs.writeFileSync(
      path.join(extraDir, 'catalog-info.yaml'),
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'restart-survivor' },
        spec: { type: 'service', lifecycle: 'experimental', owner: 'group:default/team-sre' },
      }),
    );
    await b.fetchJson('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'file', target: path.join(extraDir, 'catalog-info.yaml') }),
    });
    await b.fetchJson('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'file', target: writeSmokeTemplate(extraDir) }),
    });
    await waitFor('registered entity', () => getEntity(b, 'component:default/restart-survivor'));
    await waitFor('smoke template', () => getEntity(b, 'template:default/e2e-smoke'));

    const token = await guestToken(b);
    const created = await b.fetchJson('/api/scaffolder/v2/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ templateRef: 'template:default/e2e-smoke', values: { who: 'restart' } }),
    });
    const taskId: string = created.id;
    await waitFor('task completion', async () => {
      const task = await b.fetchJson(`/api/scaffolder/v2/tasks/${taskId}`);
      if (task.status === 'failed') throw new Error(`task failed: ${JSON.stringify(task)}`);
      return task.status === 'completed' ? task : undefined;
    });

    await b.stop();
    backend = await startBackend({ dataDir, port: b.port });
    const after = backend;
    expect(await getEntity(after, 'component:default/restart-survivor')).toBeDefined();
    const task = await after.fetchJson(`/api/scaffolder/v2/tasks/${taskId}`);
    expect(task.status).toBe('completed');
    expect(task.spec.templateInfo.entityRef).toBe('template:default/e2e-smoke');
    const files = fs.readdirSync(path.join(dataDir, 'sqlite'));
    expect(files).toEqual(expect.arrayContaining(['catalog.sqlite', 'scaffolder.sqlite']));
  });

  it('reports a broken org file by name and still loads the rest', async () => {
    await backend?.stop();
    // A copy of the repository's catalog with one malformed and one invalid file added to org/.
    const copy = makeTempDir('org-copy');
    fs.copyFileSync(path.join(repoRoot, 'catalog-info.yaml'), path.join(copy, 'catalog-info.yaml'));
    fs.cpSync(path.join(repoRoot, 'org'), path.join(copy, 'org'), { recursive: true });
    fs.writeFileSync(path.join(copy, 'org/broken.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [unclosed\n');
    fs.writeFileSync(
      path.join(copy, 'org/invalid.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: Not_A_Valid_Name!\nspec:\n  type: service\n  lifecycle: production\n  owner: team-sre\n',
    );
    const extraLocations = ['broken', 'invalid']
      .map(n => `---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: org-${n}\nspec:\n  type: file\n  target: ./org/${n}.yaml\n`)
      .join('');
    const catalogInfo = fs.readFileSync(path.join(copy, 'catalog-info.yaml'), 'utf8') + extraLocations;
    fs.writeFileSync(path.join(copy, 'catalog-info.yaml'), catalogInfo);

    const b = await startBackend({
      dataDir: makeTempDir('sqlite-broken'),
      config: [{ catalog: { locations: [{ type: 'file', target: path.join(copy, 'catalog-info.yaml') }] } }],
    });
    backend = b;
    await waitFor('the rest of the org', async () => {
      const c = await queryEntities(b, 'kind=component');
      return c.length >= 25 ? c : undefined;
    });
    // The malformed file: its Location fails processing and is listed, with the
    // error naming the file, by the unprocessed-entities API (and portal page).
    const brokenError = await waitFor('the error for org/broken.yaml', async () => {
      const failed = await b.fetchJson('/api/catalog/entities/unprocessed/failed');
      const pending = await b.fetchJson('/api/catalog/entities/unprocessed/pending');
      const messages: string[] = [...failed.entities, ...pending.entities].flatMap((e: any) =>
        (e.errors ?? []).map((err: any) => String(err.message)),
      );
      return messages.find(m => m.includes('org/broken.yaml'));
    });
    expect(brokenError).toMatch(/YAML error at file:.*org\/broken\.yaml/);
    // The invalid entity: rejected with the field, the reason and the file in the catalog's error log.
    const invalidLog = await waitFor('the log line for org/invalid.yaml', async () =>
      fs
        .readFileSync(b.logFile, 'utf8')
        .split('\n')
        .find(l => l.includes('Not_A_Valid_Name!') && l.includes('org/invalid.yaml')),
    );
    expect(invalidLog).toMatch(/"metadata\.name" is not valid/);
    // Everything else still loaded.
    expect(await getEntity(b, 'component:default/checkout-service')).toBeDefined();
    // Still serving.
    expect((await b.fetch('/api/catalog/entities?limit=1')).status).toBe(200);
  });
});
