import type { ServiceResult } from '@conway/plugin-scorecards-common';
import { CampaignsClient } from './api';

describe('CampaignsClient.listFailingServices', () => {
  it("reads every page of the scorecards' failing services", async () => {
    const all = Array.from(
      { length: 5 },
      (_, i) =>
        ({ entityRef: `component:default/s${i}` } as unknown as ServiceResult),
    );
    const urls: string[] = [];
    const client = new CampaignsClient({
      discoveryApi: {
        getBaseUrl: async plugin => `http://backend/api/${plugin}`,
      },
      fetchApi: {
        fetch: (async (url: string) => {
          urls.push(url);
          const offset = Number(new URL(url).searchParams.get('offset'));
          // Pages of two, as a small page limit would answer.
          const items = all.slice(offset, offset + 2);
          return new Response(
            JSON.stringify({ items, total: all.length, offset, limit: 2 }),
            { status: 200 },
          );
        }) as any,
      },
    });
    const services = await client.listFailingServices({
      scorecardId: 'production-readiness',
      checkId: 'on-call',
    });
    expect(services.map(s => s.entityRef)).toEqual(all.map(s => s.entityRef));
    expect(urls).toHaveLength(3);
    expect(urls[0]).toBe(
      'http://backend/api/scorecards/services?scorecard=production-readiness&check=on-call&offset=0',
    );
  });
});
