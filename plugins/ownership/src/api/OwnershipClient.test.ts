import { mockApis } from '@backstage/frontend-test-utils';
import { OwnershipClient } from './OwnershipClient';

function client(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  return {
    fetch,
    client: new OwnershipClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage' }),
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    }),
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('OwnershipClient', () => {
  it('builds the backend URLs from entity refs', async () => {
    const { client: c, fetch } = client(() => json({}));
    await c.getReport();
    await c.getTeam('group:default/team-a');
    await c.getTeam('team-b');
    await c.getEntity('Component:prod/service a');
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backstage/api/ownership/report',
      'http://backstage/api/ownership/teams/default/team-a',
      'http://backstage/api/ownership/teams/default/team-b',
      'http://backstage/api/ownership/entities/component/prod/service%20a',
    ]);
  });

  it('builds the history URLs from component and group refs', async () => {
    const { client: c, fetch } = client(() => json({ state: 'pending' }));
    expect(await c.getHistory()).toEqual({ state: 'pending' });
    await c.getComponentHistory('component:default/checkout-service');
    await c.getComponentHistory('Component:prod/service a');
    await c.getComponentHistory('basket-service');
    await c.getTeamHistory('group:default/team-checkout');
    await c.getTeamHistory('team-payments');
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backstage/api/ownership/history',
      'http://backstage/api/ownership/history/components/default/checkout-service',
      'http://backstage/api/ownership/history/components/prod/service%20a',
      'http://backstage/api/ownership/history/components/default/basket-service',
      'http://backstage/api/ownership/history/teams/default/team-checkout',
      'http://backstage/api/ownership/history/teams/default/team-payments',
    ]);
  });

  it('refuses a ref of another kind rather than asking for a namesake', async () => {
    const { client: c, fetch } = client(() => json({}));
    await expect(
      c.getComponentHistory('system:default/fulfilment'),
    ).rejects.toThrow(
      "Expected a component ref, got 'system:default/fulfilment'",
    );
    await expect(c.getTeamHistory('user:default/ada')).rejects.toThrow(
      "Expected a group ref, got 'user:default/ada'",
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('posts what-if changes as JSON', async () => {
    const { client: c, fetch } = client(() => json({ delta: {} }));
    await c.whatIf([
      { type: 'reparent', groupRef: 'team-a', newParentRef: null },
    ]);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/ownership/what-if');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({
      changes: [{ type: 'reparent', groupRef: 'team-a', newParentRef: null }],
    });
  });

  it('downloads exports as files', async () => {
    const { client: c, fetch } = client(
      () =>
        new Response('id,type\r\n', {
          headers: { 'Content-Type': 'text/csv' },
        }),
    );
    const file = await c.exportReport('csv');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/ownership/export.csv',
    );
    expect(file.filename).toBe('ownership-findings.csv');
    expect(await file.blob.text()).toBe('id,type\r\n');

    const owners = await c.exportReport('owners-csv');
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backstage/api/ownership/owners.csv',
    );
    expect(owners.filename).toBe('ownership-who-owns-what.csv');
  });

  it('turns error responses into ResponseErrors carrying the backend error', async () => {
    const { client: c } = client(() =>
      json(
        {
          error: {
            name: 'InputError',
            message: "Unknown group 'group:default/x'",
          },
          response: { statusCode: 400 },
        },
        400,
      ),
    );
    await expect(c.whatIf([])).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { name: 'InputError', message: "Unknown group 'group:default/x'" },
    });
  });
});
