import { mockApis } from '@backstage/frontend-test-utils';
import { GoldenPathsClient } from './GoldenPathsClient';

function client(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  return {
    fetch,
    client: new GoldenPathsClient({
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

describe('GoldenPathsClient', () => {
  it('reads golden paths from the backend URLs of the contract', async () => {
    const { client: c, fetch } = client(() => json({ items: [] }));
    expect(await c.listGoldenPaths()).toEqual({ items: [] });
    await c.getGoldenPath('typescript-service');
    await c.getGoldenPath('a b/c');
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      ['http://backstage/api/golden-paths/templates', undefined],
      [
        'http://backstage/api/golden-paths/templates/typescript-service',
        undefined,
      ],
      ['http://backstage/api/golden-paths/templates/a%20b%2Fc', undefined],
    ]);
  });

  it('posts single and fleet upgrades as JSON', async () => {
    const { client: c, fetch } = client(() => json({}));
    await c.upgradeService({
      entityRef: 'component:default/orders-api',
      dryRun: true,
    });
    await c.upgradeFleet('typescript-service', { targetVersion: '1.1.0' });
    const [[url1, init1], [url2, init2]] = fetch.mock.calls;
    expect(url1).toBe('http://backstage/api/golden-paths/upgrades');
    expect(init1?.method).toBe('POST');
    expect(new Headers(init1?.headers).get('content-type')).toBe(
      'application/json',
    );
    expect(JSON.parse(init1?.body as string)).toEqual({
      entityRef: 'component:default/orders-api',
      dryRun: true,
    });
    expect(url2).toBe(
      'http://backstage/api/golden-paths/templates/typescript-service/upgrades',
    );
    expect(init2?.method).toBe('POST');
    expect(JSON.parse(init2?.body as string)).toEqual({
      targetVersion: '1.1.0',
    });
  });

  it('rejects with the backend error for a failed request', async () => {
    const { client: c } = client(() =>
      json(
        {
          error: {
            name: 'NotFoundError',
            message: "No template found with name 'nope'",
          },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    await expect(c.getGoldenPath('nope')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: {
        name: 'NotFoundError',
        message: "No template found with name 'nope'",
      },
    });
  });

  it('rejects with a ResponseError when the body is not JSON', async () => {
    const { client: c } = client(
      () => new Response('Bad Gateway', { status: 502 }),
    );
    await expect(
      c.upgradeService({ entityRef: 'component:default/x' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 502 });
  });
});
