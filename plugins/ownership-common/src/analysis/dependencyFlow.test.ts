import { analyzeOwnership } from '../analyzeOwnership';
import {
  api,
  component,
  departments,
  domain,
  system,
} from '../__testUtils__/entities';
import { Finding, OwnershipEntity } from '../types';

const ofType = (findings: Finding[], type: string) =>
  findings.filter(f => f.type === type);

const withLayer = (entity: OwnershipEntity, layer: string) => ({
  ...entity,
  metadata: { ...entity.metadata, annotations: { 'conway.dev/layer': layer } },
});

describe('dependency cycles', () => {
  it('reports a cycle among components once, starting at its smallest ref, with the edges that close it', () => {
    const entities = [
      ...departments(),
      component('c', { owner: 'a', dependsOn: ['a'] }),
      component('a', { owner: 'a', dependsOn: ['b'] }),
      component('b', { owner: 'a', dependsOn: ['c'] }),
    ];
    const report = analyzeOwnership(entities);
    expect(report.dependencies?.cycles).toEqual([
      {
        findingId:
          'dependency-cycle:component:component:default/a>component:default/b>component:default/c',
        level: 'component',
        refs: [
          'component:default/a',
          'component:default/b',
          'component:default/c',
        ],
        edges: [
          {
            fromRef: 'component:default/a',
            toRef: 'component:default/b',
            field: 'dependsOn',
          },
          {
            fromRef: 'component:default/b',
            toRef: 'component:default/c',
            field: 'dependsOn',
          },
          {
            fromRef: 'component:default/c',
            toRef: 'component:default/a',
            field: 'dependsOn',
          },
        ],
        breakAt: 2,
        tangleSize: 3,
      },
    ]);
    const [finding] = ofType(report.findings, 'dependency-cycle');
    expect(finding).toMatchObject({
      severity: 'warning',
      entityRef: 'component:default/c',
      teamRef: 'group:default/a',
      message: 'Dependency cycle among 3 components: a → b → c → a.',
      suggestion:
        'Break the cycle at c → a, because it closes the cycle: remove component:default/a from spec.dependsOn of component:default/c, or invert it (a calls back through an API or event that c provides)',
    });
    // The same cycle whatever the input order.
    const reversed = analyzeOwnership([...entities].reverse());
    expect(reversed.dependencies).toEqual(report.dependencies);
  });

  it('reads spec.dependencyOf as the inverse of dependsOn, and counts a relation stated both ways once', () => {
    const report = analyzeOwnership([
      ...departments(),
      component('a', { owner: 'a', dependencyOf: ['component:b'] }),
      component('b', { owner: 'b', dependsOn: ['a'], dependencyOf: ['a'] }),
    ]);
    expect(report.dependencies?.cycles[0].edges).toEqual([
      {
        fromRef: 'component:default/a',
        toRef: 'component:default/b',
        field: 'dependencyOf',
      },
      {
        fromRef: 'component:default/b',
        toRef: 'component:default/a',
        field: 'dependsOn',
      },
    ]);
    // b dependsOn a and a dependencyOf b: one cross-team edge from b to a.
    expect(
      report.coupling.pairs.map(p => [p.from, p.to, p.couplingEdges]),
    ).toEqual([
      ['group:default/a', 'group:default/b', 1],
      ['group:default/b', 'group:default/a', 1],
    ]);
    expect(
      ofType(report.findings, 'cross-team-dependency').map(f => f.id),
    ).toEqual([
      'cross-team-dependency:component:default/a->component:default/b',
      'cross-team-dependency:component:default/b->component:default/a',
    ]);
  });

  it('suggests breaking the only edge between teams, and follows APIs to the components that provide them', () => {
    // ledger and vault have no owner: shop → pay (through pay-api) is the one edge between teams.
    const report = analyzeOwnership([
      ...departments(),
      api('pay-api', { owner: 'b' }),
      component('shop', { owner: 'a', consumesApis: ['pay-api'] }),
      component('pay', {
        owner: 'b',
        providesApis: ['pay-api'],
        dependsOn: ['ledger', 'vault'],
      }),
      component('ledger', { dependsOn: ['shop'] }),
      component('vault', { dependsOn: ['pay'] }),
    ]);
    // ledger → shop → pay → ledger, within a tangle that also holds vault (pay ⇄ vault).
    expect(report.dependencies!.cycles).toEqual([
      {
        findingId:
          'dependency-cycle:component:component:default/ledger>component:default/shop>component:default/pay',
        level: 'component',
        refs: [
          'component:default/ledger',
          'component:default/shop',
          'component:default/pay',
        ],
        edges: [
          {
            fromRef: 'component:default/ledger',
            toRef: 'component:default/shop',
            field: 'dependsOn',
          },
          {
            fromRef: 'component:default/shop',
            toRef: 'component:default/pay',
            field: 'consumesApis',
            apiRef: 'api:default/pay-api',
          },
          {
            fromRef: 'component:default/pay',
            toRef: 'component:default/ledger',
            field: 'dependsOn',
          },
        ],
        breakAt: 1,
        tangleSize: 4,
      },
    ]);
    const [finding] = ofType(report.findings, 'dependency-cycle');
    expect(finding).toMatchObject({
      entityRef: 'component:default/shop',
      teamRef: 'group:default/a',
      message:
        'Dependency cycle among 3 components: ledger → shop → pay → ledger. It is the shortest cycle among 4 components that all depend on each other.',
      suggestion:
        "Break the cycle at shop → pay, because it is the cycle's only dependency between teams (a to b): have shop stop consuming pay-api (spec.consumesApis of component:default/shop), e.g. let pay publish events that shop subscribes to",
    });
  });

  it('names the spec.dependencyOf entry to remove when that field declares the edge to break', () => {
    // beta needs alpha, written on alpha; alpha needs beta, written on alpha too.
    const report = analyzeOwnership([
      ...departments(),
      component('alpha', {
        owner: 'a',
        dependsOn: ['beta'],
        dependencyOf: ['beta'],
      }),
      component('beta', { owner: 'a' }),
    ]);
    expect(report.dependencies!.cycles.map(c => [c.edges, c.breakAt])).toEqual([
      [
        [
          {
            fromRef: 'component:default/alpha',
            toRef: 'component:default/beta',
            field: 'dependsOn',
          },
          {
            fromRef: 'component:default/beta',
            toRef: 'component:default/alpha',
            field: 'dependencyOf',
          },
        ],
        1,
      ],
    ]);
    expect(ofType(report.findings, 'dependency-cycle')[0].suggestion).toBe(
      'Break the cycle at beta → alpha, because it closes the cycle: remove component:default/beta from spec.dependencyOf of component:default/alpha, or invert it (alpha calls back through an API or event that beta provides)',
    );
  });

  it('picks the edge between teams when the rest of the cycle stays within a team', () => {
    const report = analyzeOwnership([
      ...departments(),
      api('pay-api', { owner: 'b' }),
      component('pay', { owner: 'b', providesApis: ['pay-api'] }),
      component('shop', { owner: 'a', consumesApis: ['pay-api'] }),
      component('cart', { owner: 'b', dependsOn: ['shop'] }),
      component('pay-worker', { owner: 'b', dependsOn: ['cart'] }),
    ]);
    expect(report.dependencies!.cycles).toEqual([]);
    const cyclic = analyzeOwnership([
      ...departments(),
      api('pay-api', { owner: 'b' }),
      component('pay', {
        owner: 'b',
        providesApis: ['pay-api'],
        dependsOn: ['cart'],
      }),
      component('shop', { owner: 'a', consumesApis: ['pay-api'] }),
      component('cart', { owner: 'a', dependsOn: ['shop'] }),
    ]);
    const [cycle] = cyclic.dependencies!.cycles;
    expect(cycle.refs).toEqual([
      'component:default/cart',
      'component:default/shop',
      'component:default/pay',
    ]);
    expect(cycle.edges[1]).toEqual({
      fromRef: 'component:default/shop',
      toRef: 'component:default/pay',
      field: 'consumesApis',
      apiRef: 'api:default/pay-api',
    });
    // cart → shop stays in team a; shop → pay and pay → cart cross: no single crossing edge,
    // both cross, so the first crossing one is named.
    expect(cycle.breakAt).toBe(1);
    expect(ofType(cyclic.findings, 'dependency-cycle')[0].suggestion).toBe(
      'Break the cycle at shop → pay, because it crosses from a to b, and the teams can settle it between them: have shop stop consuming pay-api (spec.consumesApis of component:default/shop), e.g. let pay publish events that shop subscribes to',
    );
  });

  it('reports cycles among systems and domains derived from component dependencies', () => {
    const report = analyzeOwnership([
      ...departments(),
      domain('sales', { owner: 'dept' }),
      domain('money', { owner: 'dept' }),
      system('shop', { owner: 'a', domain: 'sales' }),
      system('payments', { owner: 'b', domain: 'money' }),
      component('web', { owner: 'a', system: 'shop', dependsOn: ['pay'] }),
      component('cart', { owner: 'a', system: 'shop' }),
      component('pay', { owner: 'b', system: 'payments', dependsOn: ['cart'] }),
    ]);
    const cycles = report.dependencies!.cycles;
    expect(cycles.map(c => [c.level, c.refs])).toEqual([
      ['system', ['system:default/payments', 'system:default/shop']],
      ['domain', ['domain:default/money', 'domain:default/sales']],
    ]);
    expect(cycles[0].edges).toEqual([
      {
        fromRef: 'system:default/payments',
        toRef: 'system:default/shop',
        field: 'dependsOn',
        throughFromRef: 'component:default/pay',
        throughToRef: 'component:default/cart',
        count: 1,
      },
      {
        fromRef: 'system:default/shop',
        toRef: 'system:default/payments',
        field: 'dependsOn',
        throughFromRef: 'component:default/web',
        throughToRef: 'component:default/pay',
        count: 1,
      },
    ]);
    const ids = ofType(report.findings, 'dependency-cycle').map(f => f.id);
    expect(ids).toEqual([
      'dependency-cycle:domain:domain:default/money>domain:default/sales',
      'dependency-cycle:system:system:default/payments>system:default/shop',
    ]);
  });
});

describe('system and domain edges made of several component edges', () => {
  it('counts the component edges behind a system edge and names the one with the smallest provider', () => {
    // web consumes pay-api, provided by pay-b and pay-a (listed in that order): two component edges, one statement.
    const entities = [
      ...departments(),
      system('shop', { owner: 'a' }),
      system('payments', { owner: 'b' }),
      api('pay-api', { owner: 'b', system: 'payments' }),
      component('web', {
        owner: 'a',
        system: 'shop',
        consumesApis: ['pay-api'],
      }),
      component('cart', { owner: 'a', system: 'shop' }),
      component('pay-b', {
        owner: 'b',
        system: 'payments',
        providesApis: ['pay-api'],
      }),
      component('pay-a', {
        owner: 'b',
        system: 'payments',
        providesApis: ['pay-api'],
        dependsOn: ['cart'],
      }),
    ];
    const report = analyzeOwnership(entities);
    const cycles = report.dependencies!.cycles;
    expect(cycles.map(c => [c.level, c.refs, c.breakAt])).toEqual([
      ['system', ['system:default/payments', 'system:default/shop'], 1],
    ]);
    expect(cycles[0].edges).toEqual([
      {
        fromRef: 'system:default/payments',
        toRef: 'system:default/shop',
        field: 'dependsOn',
        throughFromRef: 'component:default/pay-a',
        throughToRef: 'component:default/cart',
        count: 1,
      },
      {
        fromRef: 'system:default/shop',
        toRef: 'system:default/payments',
        field: 'consumesApis',
        apiRef: 'api:default/pay-api',
        throughFromRef: 'component:default/web',
        throughToRef: 'component:default/pay-a',
        count: 2,
      },
    ]);
    expect(ofType(report.findings, 'dependency-cycle')).toEqual([
      expect.objectContaining({
        entityRef: 'system:default/shop',
        teamRef: 'group:default/a',
        message:
          'Dependency cycle among 2 systems: payments → shop → payments.',
        suggestion:
          'Break the cycle at shop → payments, because it closes the cycle: remove or invert the dependency of web on pay-a and 1 more, or move web into payments',
      }),
    ]);
    // pay-a first in the input: the same edge is named.
    const reversed = analyzeOwnership([...entities].reverse());
    expect(reversed.dependencies).toEqual(report.dependencies);
  });

  it('adds up the component edges behind a domain edge and suggests moving to a system of the other domain', () => {
    // shop → payments (web → pay) and checkout → payments (till → pay) make sales → money.
    const entities = [
      ...departments(),
      domain('sales', { owner: 'dept' }),
      domain('money', { owner: 'dept' }),
      system('shop', { owner: 'a', domain: 'sales' }),
      system('checkout', { owner: 'a', domain: 'sales' }),
      system('payments', { owner: 'b', domain: 'money' }),
      component('web', { owner: 'a', system: 'shop', dependsOn: ['pay'] }),
      component('cart', { owner: 'a', system: 'shop' }),
      component('till', { owner: 'a', system: 'checkout', dependsOn: ['pay'] }),
      component('pay', { owner: 'b', system: 'payments', dependsOn: ['cart'] }),
    ];
    const report = analyzeOwnership(entities);
    const cycles = report.dependencies!.cycles;
    expect(cycles.map(c => [c.level, c.refs, c.breakAt])).toEqual([
      ['system', ['system:default/payments', 'system:default/shop'], 0],
      ['domain', ['domain:default/money', 'domain:default/sales'], 1],
    ]);
    expect(cycles[1].edges).toEqual([
      {
        fromRef: 'domain:default/money',
        toRef: 'domain:default/sales',
        field: 'dependsOn',
        throughFromRef: 'component:default/pay',
        throughToRef: 'component:default/cart',
        count: 1,
      },
      {
        fromRef: 'domain:default/sales',
        toRef: 'domain:default/money',
        field: 'dependsOn',
        throughFromRef: 'component:default/till',
        throughToRef: 'component:default/pay',
        count: 2,
      },
    ]);
    const suggestions = ofType(report.findings, 'dependency-cycle').map(f => [
      f.id,
      f.suggestion,
    ]);
    expect(suggestions).toEqual([
      [
        'dependency-cycle:domain:domain:default/money>domain:default/sales',
        'Break the cycle at sales → money, because it closes the cycle: remove or invert the dependency of till on pay and 1 more, or move till to a system of money',
      ],
      [
        'dependency-cycle:system:system:default/payments>system:default/shop',
        'Break the cycle at payments → shop, because 2 systems need payments and only 1 system needs shop: dependencies should point towards what more entities use: remove or invert the dependency of pay on cart, or move pay into shop',
      ],
    ]);
    // The same edges named whatever the input order.
    const reversed = analyzeOwnership([...entities].reverse());
    expect(reversed.dependencies).toEqual(report.dependencies);
  });
});

describe('layering', () => {
  it('reports a dependency that points up the layer order, by spec.type or annotation', () => {
    const report = analyzeOwnership([
      ...departments(),
      component('site', { owner: 'a', type: 'website', dependsOn: ['svc'] }),
      component('svc', { owner: 'a', type: 'service', dependsOn: ['lib'] }),
      component('lib', { owner: 'a', type: 'library', dependsOn: ['svc'] }),
      withLayer(
        component('helper', {
          owner: 'a',
          type: 'service',
          dependsOn: ['site'],
        }),
        'library',
      ),
    ]);
    expect(ofType(report.findings, 'layer-violation')).toEqual([
      {
        id: 'layer-violation:component:default/helper->component:default/site',
        type: 'layer-violation',
        severity: 'warning',
        entityRef: 'component:default/helper',
        teamRef: 'group:default/a',
        relatedRefs: ['component:default/site'],
        message:
          'helper (library) depends on site (website), a higher layer (layers from top: website > service > library)',
        suggestion:
          'Move what helper needs from site down into a library (or lower) both can use, or invert the dependency; if helper really is a website, change its spec.type or conway.dev/layer annotation',
      },
      expect.objectContaining({
        id: 'layer-violation:component:default/lib->component:default/svc',
      }),
    ]);
    // The cycle svc ⇄ lib is broken at the upward edge.
    const [cycle] = report.dependencies!.cycles;
    expect(cycle.refs).toEqual([
      'component:default/lib',
      'component:default/svc',
    ]);
    expect(cycle.breakAt).toBe(0);
  });

  it('checks systems by their layer annotation, takes a configured order, and can be turned off', () => {
    const entities = [
      ...departments(),
      withLayer(system('core', { owner: 'a' }), 'platform'),
      withLayer(system('shop', { owner: 'a' }), 'product'),
      component('ledger', { owner: 'a', system: 'core', dependsOn: ['web'] }),
      component('web', { owner: 'a', system: 'shop' }),
    ];
    const report = analyzeOwnership(entities, {
      layerOrder: ['product', 'platform'],
    });
    expect(ofType(report.findings, 'layer-violation').map(f => f.id)).toEqual([
      'layer-violation:system:default/core->system:default/shop',
    ]);
    expect(report.options.layerOrder).toEqual(['product', 'platform']);
    const off = analyzeOwnership(entities, { layerOrder: [] });
    expect(ofType(off.findings, 'layer-violation')).toEqual([]);
  });

  it('rejects invalid layering and hub options, naming the field', () => {
    expect(() =>
      analyzeOwnership([], { layerOrder: 'service' as unknown as string[] }),
    ).toThrow('layerOrder must be a list of strings, got service');
    expect(() =>
      analyzeOwnership([], { layerOrder: ['service', 'Service'] }),
    ).toThrow('layerOrder must list distinct, non-empty layer names');
    expect(() => analyzeOwnership([], { hubMinDegree: 0 })).toThrow(
      'hubMinDegree must be a positive whole number, got 0',
    );
  });
});

describe('hubs', () => {
  it('reports components with unusual fan-in and fan-out as info', () => {
    const leaves = Array.from({ length: 12 }, (_, i) => `leaf-${i}`);
    const report = analyzeOwnership([
      ...departments(),
      component('core', { owner: 'a' }),
      component('orchestrator', { owner: 'a', dependsOn: leaves }),
      ...leaves.map(name =>
        component(name, { owner: 'a', dependsOn: ['core'] }),
      ),
    ]);
    expect(
      ofType(report.findings, 'dependency-hub').map(f => [
        f.id,
        f.severity,
        f.message,
      ]),
    ).toEqual([
      [
        'dependency-hub:component:default/core:in',
        'info',
        '12 components depend on core (unusual above 5)',
      ],
      [
        'dependency-hub:component:default/orchestrator:out',
        'info',
        'orchestrator depends on 12 components (unusual above 5)',
      ],
    ]);
    const fewer = analyzeOwnership(
      [
        ...departments(),
        component('core', { owner: 'a' }),
        ...leaves.map(name =>
          component(name, { owner: 'a', dependsOn: ['core'] }),
        ),
      ],
      { hubMinDegree: 20 },
    );
    expect(ofType(fewer.findings, 'dependency-hub')).toEqual([]);
  });
});
