import { generateWorkloads, workload } from './generateWorkloads';
import { KubeTestServer } from './KubeTestServer';

const TOKEN = 'sekret';
const json = (body: unknown) =>
  body === undefined ? undefined : JSON.stringify(body);
const APPLY = 'application/apply-patch+yaml';

describe('KubeTestServer (test double)', () => {
  let server: KubeTestServer;

  beforeAll(async () => {
    server = await KubeTestServer.start({
      token: TOKEN,
      forbiddenNamespaces: ['payments'],
      authorize: a => !(a.verb === 'list' && a.resource === 'configmaps'),
    });
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  async function call(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      contentType?: string;
      token?: string | null;
    } = {},
  ) {
    const headers: Record<string, string> = {};
    if (init.token !== null)
      headers.Authorization = `Bearer ${init.token ?? TOKEN}`;
    if (init.body !== undefined)
      headers['Content-Type'] = init.contentType ?? APPLY;
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : json(init.body),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain text (404 page not found)
    }
    return { status: res.status, body };
  }

  const apply = (
    object: any,
    query = 'fieldManager=conway',
    extra: { contentType?: string } = {},
  ) => {
    const ns = object.metadata?.namespace;
    const [group, version] = object.apiVersion.includes('/')
      ? object.apiVersion.split('/')
      : ['', object.apiVersion];
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const plural = `${object.kind.toLowerCase()}s`;
    return call(
      `${base}${ns ? `/namespaces/${ns}` : ''}/${plural}/${
        object.metadata?.name ?? 'unnamed'
      }?${query}`,
      { method: 'PATCH', body: object, ...extra },
    );
  };

  const deployment = (name = 'orders', namespace = 'default') =>
    workload('Deployment', name, namespace, name) as any;

  it('serves discovery documents in Kubernetes shapes', async () => {
    expect((await call('/version', { token: null })).body).toMatchObject({
      major: '1',
      gitVersion: 'v1.31.0-kube-test-server',
    });
    expect((await call('/api')).body).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const groups = (await call('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g: any) => g.name)).toEqual([
      'apps',
      'batch',
      'autoscaling',
      'policy',
      'networking.k8s.io',
      'monitoring.coreos.com',
    ]);
    expect(groups.groups[0]).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    const apps = (await call('/apis/apps/v1')).body;
    expect(apps).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'apps/v1',
    });
    expect(apps.resources).toContainEqual({
      name: 'deployments',
      singularName: 'deployment',
      namespaced: true,
      kind: 'Deployment',
      verbs: ['get', 'list', 'patch'],
      shortNames: ['deploy'],
    });
    const core = (await call('/api/v1')).body;
    expect(core.resources.map((r: any) => r.kind)).toEqual(
      expect.arrayContaining([
        'Namespace',
        'Service',
        'ServiceAccount',
        'ConfigMap',
      ]),
    );
    expect((await call('/apis/autoscaling/v2')).body.resources[0].kind).toBe(
      'HorizontalPodAutoscaler',
    );
    expect(
      (await call('/apis/monitoring.coreos.com/v1')).body.resources.map(
        (r: any) => r.kind,
      ),
    ).toEqual(['ServiceMonitor', 'PrometheusRule']);
    expect(await call('/apis/example.com/v1')).toEqual({
      status: 404,
      body: '404 page not found\n',
    });
  });

  it('can leave out API groups, like a cluster without a CRD', async () => {
    const bare = await KubeTestServer.start({
      withoutGroups: ['monitoring.coreos.com'],
    });
    try {
      const res = await fetch(`${bare.url}/apis/monitoring.coreos.com/v1`);
      expect(res.status).toBe(404);
    } finally {
      await bare.stop();
    }
  });

  it('answers 401 to a wrong token, 403 to anonymous and to forbidden namespaces', async () => {
    expect(await call('/apis/apps/v1', { token: 'expired' })).toEqual({
      status: 401,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      },
    });
    expect(await call('/api/v1/namespaces', { token: null })).toMatchObject({
      status: 403,
      body: {
        reason: 'Forbidden',
        message:
          'forbidden: User "system:anonymous" cannot get path "/api/v1/namespaces"',
      },
    });
    expect(await apply(deployment('ledger', 'payments'))).toEqual({
      status: 403,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'deployments.apps "ledger" is forbidden: User "system:serviceaccount:conway:backstage" cannot patch resource "deployments" in API group "apps" in the namespace "payments"',
        reason: 'Forbidden',
        details: { name: 'ledger', group: 'apps', kind: 'deployments' },
        code: 403,
      },
    });
    expect((await call('/api/v1/configmaps')).body).toMatchObject({
      code: 403,
      message:
        'configmaps is forbidden: User "system:serviceaccount:conway:backstage" cannot list resource "configmaps" in API group "" at the cluster scope',
    });
  });

  it('creates with server-side apply, and a repeated apply is a no-op', async () => {
    const first = await apply(deployment());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'orders',
        namespace: 'default',
        uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        resourceVersion: expect.stringMatching(/^\d+$/),
        generation: 1,
        creationTimestamp: expect.stringMatching(
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
        ),
        managedFields: [
          {
            manager: 'conway',
            operation: 'Apply',
            apiVersion: 'apps/v1',
            time: expect.any(String),
            fieldsType: 'FieldsV1',
            fieldsV1: expect.objectContaining({
              'f:spec': expect.objectContaining({ 'f:replicas': {} }),
            }),
          },
        ],
      },
      spec: { replicas: 2 },
    });
    const again = await apply(deployment());
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(
      first.body.metadata.resourceVersion,
    );
    expect(again.body.metadata.generation).toBe(1);

    const changed = deployment();
    changed.spec.replicas = 3;
    const third = await apply(changed);
    expect(third.status).toBe(200);
    expect(Number(third.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(first.body.metadata.resourceVersion),
    );
    expect(third.body.metadata.generation).toBe(2);
    expect(third.body.metadata.uid).toBe(first.body.metadata.uid);
    expect(
      (await call('/apis/apps/v1/namespaces/default/deployments/orders')).body
        .spec.replicas,
    ).toBe(3);
  });

  it('removes fields a manager stops applying, and keeps fields of other managers', async () => {
    const base = deployment();
    base.metadata.annotations = { owner: 'conway', note: 'x' };
    await apply(base);
    await apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'orders',
          namespace: 'default',
          annotations: { 'other/tool': 'yes' },
        },
      },
      'fieldManager=other',
    );
    const without = deployment();
    without.metadata.annotations = { owner: 'conway' };
    const res = await apply(without);
    expect(res.body.metadata.annotations).toEqual({
      owner: 'conway',
      'other/tool': 'yes',
    });
    expect(res.body.metadata.managedFields.map((m: any) => m.manager)).toEqual([
      'other',
      'conway',
    ]);
  });

  it('authorizes an apply that creates as a create too, as Kubernetes does', async () => {
    const strict = await KubeTestServer.start({
      authorize: a => a.verb !== 'create',
    });
    try {
      const patch = (object: any) =>
        fetch(
          `${strict.url}/apis/apps/v1/namespaces/default/deployments/${object.metadata.name}?fieldManager=conway`,
          {
            method: 'PATCH',
            headers: { 'Content-Type': APPLY },
            body: JSON.stringify(object),
          },
        );
      const denied = await patch(deployment());
      expect(denied.status).toBe(403);
      expect((await denied.json()).message).toContain(
        'cannot create resource "deployments"',
      );
      strict.seed([deployment()]);
      expect((await patch(deployment())).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });

  it('answers 409 when another manager owns a field with another value, unless forced', async () => {
    server.seed([deployment()], { fieldManager: 'kubectl-client-side-apply' });
    const same = await apply(deployment());
    expect(same.status).toBe(200); // same values: shared ownership, no conflict

    const scaled = deployment();
    scaled.spec.replicas = 5;
    scaled.spec.template.spec.containers[0].image =
      'ghcr.io/northwind/orders:2.0.0';
    const conflict = await apply(scaled);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers',
      reason: 'Conflict',
      details: {
        name: 'orders',
        group: 'apps',
        kind: 'deployments',
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.replicas',
          },
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.template.spec.containers',
          },
        ],
      },
      code: 409,
    });
    const forced = await apply(scaled, 'fieldManager=conway&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
    const kubectl = forced.body.metadata.managedFields.find(
      (m: any) => m.manager === 'kubectl-client-side-apply',
    );
    expect(kubectl.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
  });

  it('validates: 422 for a missing name, a container without image, a selector mismatch', async () => {
    const noName = deployment();
    delete noName.metadata.name;
    const res = await call(
      '/apis/apps/v1/namespaces/default/deployments/orders?fieldManager=conway',
      {
        method: 'PATCH',
        body: noName,
      },
    );
    expect(res.body).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'Deployment.apps "orders" is invalid: metadata.name: Required value: name is required',
    });

    const broken = deployment();
    broken.spec.template.spec.containers[0].image = '';
    broken.spec.template.metadata.labels = { app: 'other' };
    const invalid = await apply(broken);
    expect(invalid.status).toBe(422);
    expect(invalid.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Deployment.apps "orders" is invalid: [spec.template.spec.containers[0].image: Required value, spec.template.metadata.labels: Invalid value: "map[string]string{\\"app\\":\\"other\\"}": `selector` does not match template `labels`]',
      reason: 'Invalid',
      details: {
        name: 'orders',
        group: 'apps',
        kind: 'Deployment',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.template.spec.containers[0].image',
          },
          {
            reason: 'FieldValueInvalid',
            message:
              'Invalid value: "map[string]string{\\"app\\":\\"other\\"}": `selector` does not match template `labels`',
            field: 'spec.template.metadata.labels',
          },
        ],
      },
      code: 422,
    });

    await apply(deployment());
    const moved = deployment();
    moved.spec.selector.matchLabels = {
      'app.kubernetes.io/name': 'orders',
      tier: 'web',
    };
    moved.spec.template.metadata.labels.tier = 'web';
    expect((await apply(moved)).body.message).toContain(
      'spec.selector: Invalid value',
    );
    expect((await apply(moved)).body.message).toContain('field is immutable');
  });

  it('answers 404 for a missing object or namespace, 400/415 for malformed requests', async () => {
    expect(
      (await call('/apis/apps/v1/namespaces/default/deployments/nope')).body,
    ).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    expect((await apply(deployment('orders', 'nowhere'))).body).toMatchObject({
      code: 404,
      message: 'namespaces "nowhere" not found',
      details: { name: 'nowhere', kind: 'namespaces' },
    });
    expect((await apply(deployment(), '')).body).toMatchObject({ code: 400 });
    expect(
      (
        await apply(deployment(), 'fieldManager=conway', {
          contentType: 'application/merge-patch+json',
        })
      ).body,
    ).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    expect(
      (await apply(deployment(), 'fieldManager=conway&dryRun=Some')).body,
    ).toMatchObject({
      code: 400,
      message: expect.stringContaining('Invalid dry run value'),
    });
    const renamed = deployment('other');
    expect(
      (
        await call(
          '/apis/apps/v1/namespaces/default/deployments/orders?fieldManager=conway',
          {
            method: 'PATCH',
            body: renamed,
          },
        )
      ).body.message,
    ).toBe(
      'the name of the object (other) does not match the name on the URL (orders)',
    );
    expect(
      (await call('/apis/apps/v1/deployments?labelSelector=a%20in%20(b)')).body,
    ).toMatchObject({
      code: 400,
      message: expect.stringContaining('supports equality-based selectors'),
    });
    expect(
      (
        await call('/apis/apps/v1/namespaces/default/deployments', {
          method: 'DELETE',
        })
      ).body,
    ).toMatchObject({
      code: 405,
    });
  });

  it('does not store a dry run', async () => {
    const dry = await apply(deployment(), 'fieldManager=conway&dryRun=All');
    expect(dry.status).toBe(201);
    expect(dry.body.metadata.uid).toEqual(expect.any(String));
    expect(dry.body.metadata.resourceVersion).toBeUndefined();
    expect(server.get('apps/v1', 'Deployment', 'orders')).toBeUndefined();
  });

  it('lists namespaced and cluster-wide, with label selectors and limit/continue paging', async () => {
    server.seed(generateWorkloads({ count: 25, namespaces: 3 }));
    const all = await call('/apis/apps/v1/deployments');
    expect(all.body.kind).toBe('DeploymentList');
    expect(all.body.apiVersion).toBe('apps/v1');
    expect(all.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(all.body.items).toHaveLength(21); // 8 in 10 are Deployments (+1 for 20..24)
    expect(all.body.items[0].kind).toBeUndefined(); // as the API server sends list items

    const inNs = await call('/apis/apps/v1/namespaces/team-1/deployments');
    expect(
      inNs.body.items.every((d: any) => d.metadata.namespace === 'team-1'),
    ).toBe(true);

    const selected = await call(
      '/apis/apps/v1/deployments?labelSelector=backstage.io%2Fkubernetes-id%3Dsvc-4',
    );
    expect(selected.body.items.map((d: any) => d.metadata.name)).toEqual([
      'svc-4',
    ]);
    const notSelected = await call(
      '/apis/apps/v1/deployments?labelSelector=backstage.io%2Fkubernetes-id!%3Dsvc-4',
    );
    expect(notSelected.body.items).toHaveLength(20);

    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    const remaining: number[] = [];
    do {
      const page = await call(
        `/apis/apps/v1/deployments?limit=8${token ? `&continue=${token}` : ''}`,
      );
      pages++;
      names.push(...page.body.items.map((d: any) => d.metadata.name));
      token = page.body.metadata.continue;
      remaining.push(page.body.metadata.remainingItemCount ?? 0);
    } while (token);
    expect(pages).toBe(3);
    expect(remaining).toEqual([13, 5, 0]);
    expect(names).toEqual(all.body.items.map((d: any) => d.metadata.name));
    expect(
      (await call('/apis/apps/v1/deployments?continue=garbage')).body.code,
    ).toBe(400);

    expect((await call('/apis/batch/v1/cronjobs')).body.items).toHaveLength(2);
    expect(
      (await call('/api/v1/namespaces')).body.items.map(
        (n: any) => n.metadata.name,
      ),
    ).toEqual([
      'default',
      'kube-public',
      'kube-system',
      'team-0',
      'team-1',
      'team-2',
    ]);
  });

  it('records requests and refuses invalid seeds', () => {
    expect(() =>
      server.seed([
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        },
      ]),
    ).toThrow('kube-test-server does not serve example.com/v1 Widget');
    const bad = deployment();
    bad.spec.template.spec.containers = [];
    expect(() => server.seed([bad])).toThrow(
      "Seed object Deployment 'orders' is invalid: spec.template.spec.containers: Required value",
    );
  });
});
