import { Histogram, Registry } from 'prom-client';

import { DURATION_BUCKETS } from '../src/metrics';
import { RequestDurationHistogram } from '../src/requestDurationHistogram';

const NAME = 'http_request_duration_seconds';
const HELP = 'Duration of HTTP requests in seconds, by method, route pattern and status code.';

/** The same observations into prom-client's Histogram and ours, each in its own registry. */
function both(observations: [string, string, number, number][]) {
  const reference = new Registry();
  const theirs = new Histogram({ name: NAME, help: HELP, labelNames: ['method', 'route', 'status_code'] as const, buckets: DURATION_BUCKETS, registers: [reference] });
  const registry = new Registry();
  const ours = new RequestDurationHistogram(NAME, HELP, DURATION_BUCKETS, [registry]);
  for (const [method, route, statusCode, seconds] of observations) {
    theirs.observe({ method, route, status_code: String(statusCode) }, seconds);
    ours.observe(method, route, statusCode, seconds);
  }
  return { reference, theirs, registry, ours };
}

const OBSERVATIONS: [string, string, number, number][] = [
  ['POST', '/v1/greetings', 201, 0.0004],
  ['POST', '/v1/greetings', 201, 0.005], // on a bound: counted in that bucket, as Prometheus' le says
  ['POST', '/v1/greetings', 400, 0.3],
  ['GET', '/v1/greetings/:id', 200, 12], // above every bound: only +Inf
  ['GET', 'unmatched', 404, 0.01],
  ['POST', '/v1/greetings', 201, 0.07],
  ['GET', '/v1/"quoted"\\route', 200, 0.2], // escaped in the text format as prom-client escapes it
];

describe('RequestDurationHistogram', () => {
  it('exposes exactly what prom-client’s Histogram exposes for the same observations', async () => {
    const { reference, registry } = both(OBSERVATIONS);
    expect(await registry.metrics()).toBe(await reference.metrics());
  });

  it('returns the same samples from get(), and none after reset()', async () => {
    const { theirs, ours } = both(OBSERVATIONS);
    const sorted = (values: { metricName?: string; labels: object; value: number }[]) =>
      values.map(v => JSON.stringify([v.metricName, Object.entries(v.labels).sort(), v.value])).sort();
    expect(sorted((await ours.get()).values)).toEqual(sorted((await theirs.get()).values));
    expect((await ours.get()).values).toHaveLength(5 * (DURATION_BUCKETS.length + 3));
    ours.reset();
    expect((await ours.get()).values).toEqual([]);
  });
});
