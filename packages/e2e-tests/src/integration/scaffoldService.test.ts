/*
 * The typescript-service golden path over the scaffolder API, on the embedded
 * default (SQLite, no GitHub integration): a guest user creates a service, which
 * is rendered, validated, committed into a local git repository authored by that
 * user and registered in the catalog; failing tasks leave nothing behind.
 *
 * Needs: git and kubectl (kustomize) on PATH.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  makeTempDir,
  repoRoot,
  sleep,
  startBackend,
  TestBackend,
  waitFor,
} from '../lib/backend';
import { getEntity, guestToken, queryEntities } from '../lib/catalog';

jest.setTimeout(300_000);

const TEMPLATE_REF = 'template:default/typescript-service';
const TEMPLATE_DIR = path.join(repoRoot, 'templates/typescript-service');
const DESCRIPTION =
  'Takes "orders": validates, stores {{constructor}} and {{ them }}\nsecond line; 100% #not-a-comment';

/** What the portal's form sends for the runtime page: the scaffolder API fills in no defaults. */
const RUNTIME = { port: 8080, database: 'none', ciProvider: 'github-actions' };

interface TaskEvent {
  type: string;
  body: { message: string; stepId?: string; status?: string; output?: any };
}

describe('scaffolding a service over the API (embedded default)', () => {
  const dataDir = makeTempDir('scaffold');
  const repositories = path.join(dataDir, 'repositories');
  let backend: TestBackend;
  let token: string;

  beforeAll(async () => {
    backend = await startBackend({ dataDir });
    await waitFor('the typescript-service template', () =>
      getEntity(backend, TEMPLATE_REF),
    );
    // The owner check looks the team up in the catalog.
    await waitFor('team-checkout', () =>
      getEntity(backend, 'group:default/team-checkout'),
    );
    await waitFor('system checkout', () =>
      getEntity(backend, 'system:default/checkout'),
    );
    token = await guestToken(backend);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const asGuest = () => ({ authorization: `Bearer ${token}` });

  async function createTask(values: object) {
    return backend.fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      headers: asGuest(),
      body: JSON.stringify({
        templateRef: TEMPLATE_REF,
        values: { ...RUNTIME, ...values },
      }),
    });
  }

  async function finish(taskId: string) {
    const task = await waitFor(
      `task ${taskId} to finish`,
      async () => {
        const t = await backend.fetchJson(`/api/scaffolder/v2/tasks/${taskId}`);
        return ['completed', 'failed', 'cancelled'].includes(t.status)
          ? t
          : undefined;
      },
      180_000,
    );
    const events: TaskEvent[] = await backend.fetchJson(
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    const log = events.map(e => `[${e.body.stepId ?? '-'}] ${e.body.message}`);
    return { task, events, log: log.join('\n') };
  }

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

  it('creates the service: local repository authored by the user, component in the catalog', async () => {
    const name = 'e2e-orders-api';
    const res = await createTask({
      name,
      description: DESCRIPTION,
      owner: 'group:default/team-checkout',
      system: 'system:default/checkout',
      database: 'postgres',
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();

    const { task, events, log } = await finish(id);
    if (task.status !== 'completed') {
      throw new Error(`task ${task.status}:\n${log}`);
    }
    const completedAt = Date.now();
    expect(task.createdBy).toBe('user:default/ada.lovelace');

    // Local publishing, since the embedded default has no GitHub integration.
    const skipped = events
      .filter(e => e.body.status === 'skipped')
      .map(e => e.body.stepId);
    expect(skipped).toEqual(
      expect.arrayContaining(['publishGithub', 'registerGithub']),
    );
    expect(log).toMatch(
      /Rendered typescript-service@\d+\.\d+\.\d+ for component:default\/e2e-orders-api/,
    );
    expect(log).toMatch(/0 error\(s\), \d+ warning\(s\)/);

    const repo = path.join(repositories, name);
    const completion = events.find(e => e.type === 'completion');
    // A local repository has no web page: no dead file:// link, a `git clone` hint instead.
    expect(completion?.body.output.links).toEqual([
      { title: 'Repository' },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: `component:default/${name}`,
      },
    ]);
    expect(JSON.stringify(completion?.body.output)).not.toContain('file://');
    expect(completion?.body.output.text).toEqual([
      {
        title: 'Repository',
        content: expect.stringContaining(`git clone ${repo}`),
      },
    ]);

    // The component appears in the catalog, owned by the chosen team, within seconds.
    const component = await waitFor(
      'the new component with its relations',
      async () => {
        const e = await getEntity(backend, `component:default/${name}`);
        return e?.relations?.some(r => r.type === 'ownedBy') ? e : undefined;
      },
      15_000,
    );
    // Registration processes the location at once; stitching follows within seconds.
    expect(Date.now() - completedAt).toBeLessThan(15_000);
    expect(component.spec).toMatchObject({
      owner: 'group:default/team-checkout',
      system: 'system:default/checkout',
      lifecycle: 'experimental',
    });
    expect(component.metadata.description).toBe(DESCRIPTION);
    expect(component.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
        { type: 'partOf', targetRef: 'system:default/checkout' },
        { type: 'dependsOn', targetRef: `resource:default/${name}-db` },
        { type: 'providesApi', targetRef: `api:default/${name}-api` },
      ]),
    );
    expect(
      component.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toBe(`file:${path.join(repo, 'catalog-info.yaml')}`);
    const owned = await queryEntities(
      backend,
      'relations.ownedBy=group:default/team-checkout',
    );
    expect(owned.map(e => `${e.kind}:${e.metadata.name}`)).toEqual(
      expect.arrayContaining([
        `Component:${name}`,
        `API:${name}-api`,
        `Resource:${name}-db`,
      ]),
    );
    // The API's definition was read from the repository through $text.
    const api = await waitFor('the API with its definition', async () => {
      const e = await getEntity(backend, `api:default/${name}-api`);
      return typeof e?.spec?.definition === 'string' ? e : undefined;
    });
    expect(api.spec?.definition).toMatch(/^openapi: /m);

    // A real git repository with one commit authored by the guest user.
    expect(git(repo, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(git(repo, 'log', '-1', '--format=%an <%ae>')).toBe(
      'Ada Lovelace <ada.lovelace@northwind.example>',
    );
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const record = JSON.parse(
      git(repo, 'show', 'HEAD:.conway/golden-path.json'),
    );
    expect(record).toMatchObject({
      template: 'typescript-service',
      answers: { name, owner: 'group:default/team-checkout' },
    });
    expect(fs.readdirSync(repositories)).toEqual([name]);
  });

  it('refuses the same name again and leaves the existing service alone', async () => {
    const name = 'e2e-orders-api';
    const headBefore = git(path.join(repositories, name), 'rev-parse', 'HEAD');
    // Ada's own team, so the name is the only problem.
    const res = await createTask({ name, owner: 'group:default/team-checkout' });
    const { task, log } = await finish((await res.json()).id);
    expect(task.status).toBe('failed');
    expect(log).toContain(
      `name: 'component:default/${name}' already exists in the catalog`,
    );
    expect(git(path.join(repositories, name), 'rev-parse', 'HEAD')).toBe(
      headBefore,
    );
    const component = await getEntity(backend, `component:default/${name}`);
    expect(component?.spec?.owner).toBe('group:default/team-checkout');
  });

  it('fails a task with an unknown owner, leaving no repository and no entity', async () => {
    const name = 'e2e-unowned';
    const res = await createTask({ name, owner: 'group:default/team-nobody' });
    expect(res.status).toBe(201);
    const { task, log } = await finish((await res.json()).id);
    expect(task.status).toBe('failed');
    expect(log).toContain(
      "owner: Group 'group:default/team-nobody' was not found in the catalog",
    );
    await sleep(2_000);
    expect(fs.existsSync(path.join(repositories, name))).toBe(false);
    expect(
      await getEntity(backend, `component:default/${name}`),
    ).toBeUndefined();
  });

  it('rejects an invalid name, leaving no repository and no entity', async () => {
    const name = 'E2E_Bad';
    const res = await createTask({ name, owner: 'group:default/team-sre' });
    // The scaffolder checks values against the template's parameters before it creates a task.
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/name.*does not match pattern/);
    expect(fs.readdirSync(repositories)).toEqual(['e2e-orders-api']);
    const components = await queryEntities(backend, 'kind=component');
    expect(components.map(c => c.metadata.name)).not.toContain(
      name.toLowerCase(),
    );
  });

  it('dry-runs the template: renders and validates, publishes nothing', async () => {
    const template = YAML.parse(
      fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    );
    const files = fs
      .readdirSync(TEMPLATE_DIR, { recursive: true, withFileTypes: true })
      .filter(d => d.isFile())
      .map(d => path.relative(TEMPLATE_DIR, path.join(d.parentPath, d.name)))
      .filter(f => f === 'template.yaml' || f.startsWith('skeleton/'));
    const started = Date.now();
    const result = await backend.fetchJson('/api/scaffolder/v2/dry-run', {
      method: 'POST',
      headers: asGuest(),
      body: JSON.stringify({
        template,
        values: {
          ...RUNTIME,
          name: 'e2e-dry-run',
          owner: 'group:default/team-sre',
        },
        secrets: {},
        directoryContents: files.map(f => ({
          path: f,
          base64Content: fs
            .readFileSync(path.join(TEMPLATE_DIR, f))
            .toString('base64'),
        })),
      }),
    });
    const elapsed = Date.now() - started;

    const written = result.directoryContents.map((f: any) => f.path);
    expect(written).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'package.json',
        '.conway/golden-path.json',
        'k8s/overlays/prod/kustomization.yaml',
      ]),
    );
    const catalogInfo = result.directoryContents.find(
      (f: any) => f.path === 'catalog-info.yaml',
    );
    expect(
      Buffer.from(catalogInfo.base64Content, 'base64').toString('utf8'),
    ).toContain('owner: "group:default/team-sre"');
    const messages = result.log.map((l: any) => l.body.message).join('\n');
    expect(messages).toMatch(
      /Skipping because golden-path:publish-local does not support dry-run/,
    );
    expect(fs.existsSync(path.join(repositories, 'e2e-dry-run'))).toBe(false);
    expect(elapsed).toBeLessThan(60_000);
  });
});
