import {
  api,
  component,
  departments,
  domain,
  resource,
  system,
} from '../__testUtils__/entities';
import { modelOf } from '../__testUtils__/model';
import { analyzeCoupling, DEPENDENCY_FIELDS } from './coupling';
import { buildDependencyGraphs, DependencyGraph } from './dependencyGraphs';

/** Each edge of a graph as plain data: ends, count, the declared reason, API and via edge. */
function edgesOf(graph: DependencyGraph) {
  const d = graph.dependencies;
  return Array.from({ length: graph.edgeCount }, (_, e) => ({
    from: graph.vertices[graph.from[e]].ref,
    to: graph.vertices[graph.to[e]].ref,
    count: graph.count[e],
    declared: `${d.from[graph.declared[e]].ref} ${
      DEPENDENCY_FIELDS[d.field[graph.declared[e]]]
    } ${d.to[graph.declared[e]].ref}`,
    api: graph.api[e]?.ref,
    via: graph.via[e],
  }));
}

function graphsOf(entities: unknown[]) {
  const model = modelOf(entities);
  const coupling = analyzeCoupling(model);
  return buildDependencyGraphs(model.ctx, coupling.dependencies);
}

describe('buildDependencyGraphs', () => {
  it('merges the statements behind a pair of components into one edge, counting them and naming the first by field', () => {
    // x needs y three ways: through y-api, dependsOn, and y's dependencyOf.
    const [components, systems, domains] = graphsOf([
      ...departments(),
      system('shop', { owner: 'a' }),
      system('payments', { owner: 'b' }),
      api('y-api', { owner: 'b' }),
      component('x', {
        owner: 'a',
        system: 'shop',
        consumesApis: ['y-api'],
        dependsOn: ['y', 'x'],
      }),
      component('y', {
        owner: 'b',
        system: 'payments',
        providesApis: ['y-api'],
        dependencyOf: ['component:x'],
        dependsOn: ['resource:db'],
      }),
      component('w', { owner: 'a', consumesApis: ['y-api'] }),
      resource('db', { owner: 'b' }),
    ]);
    expect(components.vertices.map(v => v.ref)).toEqual([
      'component:default/x',
      'component:default/y',
      'component:default/w',
      'resource:default/db',
    ]);
    // x → x is left out.
    expect(edgesOf(components)).toEqual([
      {
        from: 'component:default/x',
        to: 'component:default/y',
        count: 3,
        declared: 'component:default/x dependsOn component:default/y',
        api: undefined,
        via: -1,
      },
      {
        from: 'component:default/y',
        to: 'resource:default/db',
        count: 1,
        declared: 'component:default/y dependsOn resource:default/db',
        api: undefined,
        via: -1,
      },
      {
        from: 'component:default/w',
        to: 'component:default/y',
        count: 1,
        declared: 'component:default/w consumesApis api:default/y-api',
        api: 'api:default/y-api',
        via: -1,
      },
    ]);
    // One component edge makes the system edge (count 1: edges, not statements).
    expect(edgesOf(systems)).toEqual([
      {
        from: 'system:default/shop',
        to: 'system:default/payments',
        count: 1,
        declared: 'component:default/x dependsOn component:default/y',
        api: undefined,
        via: 0,
      },
    ]);
    expect(systems.components).toBe(components);
    expect([domains.vertices, domains.edgeCount]).toEqual([[], 0]);
  });

  it('names the reason with the smallest refs when fields tie, and sums counts up to domains', () => {
    // Input order puts the larger refs first: b-web → pay before a-web → pay, till before shop.
    const [components, systems, domains] = graphsOf([
      ...departments(),
      domain('sales', { owner: 'dept' }),
      domain('money', { owner: 'dept' }),
      system('till', { owner: 'a', domain: 'sales' }),
      system('shop', { owner: 'a', domain: 'sales' }),
      system('payments', { owner: 'b', domain: 'money' }),
      component('b-web', { owner: 'a', system: 'shop', dependsOn: ['pay'] }),
      component('a-web', { owner: 'a', system: 'shop', dependsOn: ['pay'] }),
      component('till-ui', {
        owner: 'a',
        system: 'till',
        dependsOn: ['pay'],
      }),
      component('pay', { owner: 'b', system: 'payments' }),
    ]);
    expect(components.edgeCount).toBe(3);
    expect(edgesOf(systems)).toEqual([
      {
        from: 'system:default/till',
        to: 'system:default/payments',
        count: 1,
        declared: 'component:default/till-ui dependsOn component:default/pay',
        api: undefined,
        via: 2,
      },
      {
        from: 'system:default/shop',
        to: 'system:default/payments',
        count: 2,
        declared: 'component:default/a-web dependsOn component:default/pay',
        api: undefined,
        via: 1,
      },
    ]);
    expect(edgesOf(domains)).toEqual([
      {
        from: 'domain:default/sales',
        to: 'domain:default/money',
        count: 3,
        declared: 'component:default/a-web dependsOn component:default/pay',
        api: undefined,
        via: 1,
      },
    ]);
    expect(domains.components).toBe(components);
  });
});
