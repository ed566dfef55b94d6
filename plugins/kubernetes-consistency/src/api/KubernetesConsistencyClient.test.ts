import { mockApis } from '@backstage/frontend-test-utils';
import { KubernetesConsistencyClient } from './KubernetesConsistencyClient';

function client(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  return {
    fetch,
    client: new KubernetesConsistencyClient({
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

describe('KubernetesConsistencyClient', () => {
  it('builds the backend URLs from entity refs', async () => {
    const { client: c, fetch } = client(() => json({}));
    await c.getReport();
    await c.getReport({ refresh: true });
    await c.getEntity('Component:default/orders-api');
    await c.getEntity('prod/service a');
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backstage/api/kubernetes-consistency/report',
      'http://backstage/api/kubernetes-consistency/report?refresh=true',
      'http://backstage/api/kubernetes-consistency/entities/component/default/orders-api',
      'http://backstage/api/kubernetes-consistency/entities/component/prod/service%20a',
    ]);
  });

  it("throws the backend's error, status included", async () => {
    const { client: c } = client(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: "Missing permission 'kubernetes-consistency.report.read'",
          },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    await expect(c.getReport()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      cause: {
        message: "Missing permission 'kubernetes-consistency.report.read'",
      },
    });
  });
});
