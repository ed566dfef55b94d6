import { analyzeOwnership } from '../analyzeOwnership';
import { teamReport } from '../reportHelpers';
import {
  api,
  component,
  departments,
  resource,
  system,
} from '../__testUtils__/entities';
import { groupId, modelOf, nodeOf } from '../__testUtils__/model';
import { analyzeCoupling } from './coupling';

describe('coupling, through analyzeOwnership', () => {
  it('tells API consumption (interface) from direct dependencies (coupling)', () => {
    const report = analyzeOwnership([
      ...departments(),
      api('b-api', { owner: 'b' }),
      component('b-svc', {
        owner: 'b',
        providesApis: ['b-api'],
        dependsOn: ['resource:b-db'],
      }),
      resource('b-db', { owner: 'b' }),
      component('a-svc', {
        owner: 'a',
        consumesApis: ['b-api'],
        dependsOn: ['b-svc', 'resource:b-db', 'a-lib'],
      }),
      component('a-lib', { owner: 'a' }),
    ]);
    expect(report.coupling.pairs).toEqual([
      {
        from: 'group:default/a',
        to: 'group:default/b',
        interfaceEdges: 1,
        couplingEdges: 2,
        edges: [
          {
            kind: 'interface',
            fromRef: 'component:default/a-svc',
            toRef: 'api:default/b-api',
          },
          {
            kind: 'coupling',
            fromRef: 'component:default/a-svc',
            toRef: 'component:default/b-svc',
          },
          {
            kind: 'coupling',
            fromRef: 'component:default/a-svc',
            toRef: 'resource:default/b-db',
          },
        ],
      },
    ]);
    const suggestions = report.findings.map(f => f.suggestion);
    // a-svc already consumes b-api: the fix is to drop the direct dependencies.
    expect(suggestions).toEqual([
      'component:default/a-svc already consumes api:default/b-api of b: use it and drop the direct dependency on component:default/b-svc',
      'component:default/a-svc already consumes api:default/b-api of b: use it and drop the direct dependency on resource:default/b-db',
    ]);
    expect(teamReport(report, 'a')!.scoreBreakdown.coupling).toBe(0.3333);
    expect(teamReport(report, 'b')!.scoreBreakdown.coupling).toBeNull();
  });

  it('suggests the API in front of a resource, or asks for one', () => {
    const report = analyzeOwnership([
      ...departments(),
      system('bs', { owner: 'b' }),
      api('orders-api', { owner: 'b', system: 'bs' }),
      component('orders', {
        owner: 'b',
        system: 'bs',
        providesApis: ['orders-api'],
        dependsOn: ['resource:orders-db'],
      }),
      resource('orders-db', { owner: 'b', system: 'bs' }),
      resource('lonely-db', { owner: 'c' }),
      component('reader', {
        owner: 'a',
        dependsOn: ['resource:orders-db', 'resource:lonely-db'],
      }),
    ]);
    expect(report.findings.map(f => f.suggestion)).toEqual([
      'Put an API between component:default/reader (a) and resource:default/lonely-db (c): ask c to expose resource:default/lonely-db through an API (OpenAPI, AsyncAPI for events) and consume that instead of depending on it directly',
      'Put an API between component:default/reader (a) and resource:default/orders-db (b): b already provides api:default/orders-api from component:default/orders, which uses resource:default/orders-db',
    ]);
  });

  it('defaults the kind of dependsOn to component and resolves refs case-insensitively', () => {
    const report = analyzeOwnership([
      ...departments(),
      component('Target', { owner: 'B' }),
      component('src', { owner: 'Group:Default/A', dependsOn: ['target'] }),
    ]);
    expect(report.findings.map(f => f.id)).toEqual([
      'cross-team-dependency:component:default/src->component:default/Target',
    ]);
    expect(report.summary.orphanCount).toBe(0);
  });
});

describe('analyzeCoupling', () => {
  it('counts cross-team edges per source group and ignores edges within a team', () => {
    const model = modelOf([
      ...departments(),
      api('c-api', { owner: 'c' }),
      component('c-svc', { owner: 'c', providesApis: ['c-api'] }),
      component('a-lib', { owner: 'a' }),
      component('a-svc', {
        owner: 'a',
        consumesApis: ['c-api'],
        dependsOn: ['c-svc', 'a-lib', 'api:c-api'],
      }),
      component('b-svc', { owner: 'b', dependsOn: ['c-svc'] }),
    ]);
    const coupling = analyzeCoupling(model);
    const [a, b, c] = ['a', 'b', 'c'].map(n => groupId(model, n));
    expect([coupling.interfaceEdges[a], coupling.couplingEdges[a]]).toEqual([
      2, 1,
    ]);
    expect([coupling.interfaceEdges[b], coupling.couplingEdges[b]]).toEqual([
      0, 1,
    ]);
    expect([coupling.interfaceEdges[c], coupling.couplingEdges[c]]).toEqual([
      0, 0,
    ]);
    expect(coupling.pairs.map(p => [p.from, p.to, p.edges.length])).toEqual([
      ['group:default/a', 'group:default/c', 3],
      ['group:default/b', 'group:default/c', 1],
    ]);
    // Edges of a pair come sorted by from, to, kind.
    expect(coupling.pairs[0].edges.map(e => e.kind)).toEqual([
      'interface',
      'interface',
      'coupling',
    ]);
    expect(
      nodeOf(model, 'component:default/c-svc').provides!.map(n => n.ref),
    ).toEqual(['api:default/c-api']);
    expect(model.ctx.findings.sorted().map(f => f.id)).toEqual([
      'cross-team-dependency:component:default/a-svc->component:default/c-svc',
      'cross-team-dependency:component:default/b-svc->component:default/c-svc',
    ]);
  });

  it('lists pairs by source group, then target group, whatever the input order', () => {
    // Cross-team edges in input order: c→b, c→a, b→c, b→a, a→c (API), a→b, b→a (API), b→c, a→c.
    const model = modelOf([
      ...departments(),
      component('c-svc', {
        owner: 'c',
        providesApis: ['c-api'],
        dependsOn: ['b-lib', 'a-svc'],
      }),
      component('b-svc', { owner: 'b', dependsOn: ['c-svc', 'a-svc'] }),
      component('a-svc', {
        owner: 'a',
        providesApis: ['a-api'],
        consumesApis: ['c-api'],
        dependsOn: ['b-lib'],
      }),
      component('b-worker', {
        owner: 'b',
        consumesApis: ['a-api'],
        dependsOn: ['c-svc'],
      }),
      component('b-lib', { owner: 'b' }),
      api('c-api', { owner: 'c' }),
      api('a-api', { owner: 'a' }),
      component('a-tool', { owner: 'a', dependsOn: ['c-svc'] }),
    ]);
    const coupling = analyzeCoupling(model);
    const edge = (kind: string, from: string, to: string) => ({
      kind,
      fromRef: from.includes(':') ? from : `component:default/${from}`,
      toRef: to.includes(':') ? to : `component:default/${to}`,
    });
    expect(coupling.pairs).toEqual([
      {
        from: 'group:default/a',
        to: 'group:default/b',
        interfaceEdges: 0,
        couplingEdges: 1,
        edges: [edge('coupling', 'a-svc', 'b-lib')],
      },
      {
        from: 'group:default/a',
        to: 'group:default/c',
        interfaceEdges: 1,
        couplingEdges: 1,
        edges: [
          edge('interface', 'a-svc', 'api:default/c-api'),
          edge('coupling', 'a-tool', 'c-svc'),
        ],
      },
      {
        from: 'group:default/b',
        to: 'group:default/a',
        interfaceEdges: 1,
        couplingEdges: 1,
        edges: [
          edge('coupling', 'b-svc', 'a-svc'),
          edge('interface', 'b-worker', 'api:default/a-api'),
        ],
      },
      {
        from: 'group:default/b',
        to: 'group:default/c',
        interfaceEdges: 0,
        couplingEdges: 2,
        edges: [
          edge('coupling', 'b-svc', 'c-svc'),
          edge('coupling', 'b-worker', 'c-svc'),
        ],
      },
      {
        from: 'group:default/c',
        to: 'group:default/a',
        interfaceEdges: 0,
        couplingEdges: 1,
        edges: [edge('coupling', 'c-svc', 'a-svc')],
      },
      {
        from: 'group:default/c',
        to: 'group:default/b',
        interfaceEdges: 0,
        couplingEdges: 1,
        edges: [edge('coupling', 'c-svc', 'b-lib')],
      },
    ]);
    const [a, b, c] = ['a', 'b', 'c'].map(n => groupId(model, n));
    expect(
      [a, b, c].map(g => [
        coupling.interfaceEdges[g],
        coupling.couplingEdges[g],
      ]),
    ).toEqual([
      [1, 2],
      [1, 3],
      [0, 2],
    ]);
    // The same pairs from the reversed input.
    const reversed = analyzeCoupling(
      modelOf([...model.ctx.entities].reverse()),
    );
    expect(reversed.pairs).toEqual(coupling.pairs);
  });

  it("suggests an API of the target's team in the target's system", () => {
    const model = modelOf([
      ...departments(),
      system('cs', { owner: 'c' }),
      api('cs-api', { owner: 'c', system: 'cs' }),
      component('worker', { owner: 'c', system: 'cs' }),
      component('caller', { owner: 'a', dependsOn: ['worker'] }),
    ]);
    analyzeCoupling(model);
    expect(model.ctx.findings.sorted().map(f => f.suggestion)).toEqual([
      'Put an API between component:default/caller (a) and component:default/worker (c): c already provides api:default/cs-api in system cs: extend it to cover component:default/worker',
    ]);
  });

  it("records components of the resource's team that front it", () => {
    const model = modelOf([
      ...departments(),
      api('b-api', { owner: 'b' }),
      resource('db', { owner: 'b' }),
      component('front', {
        owner: 'b',
        providesApis: ['b-api'],
        dependsOn: ['resource:db'],
      }),
      component('other', { owner: 'b', dependsOn: ['resource:db'] }),
    ]);
    const coupling = analyzeCoupling(model);
    expect(
      nodeOf(model, 'resource:default/db').fronts!.map(n => n.ref),
    ).toEqual(['component:default/front']);
    expect(coupling.pairs).toEqual([]);
  });
});
