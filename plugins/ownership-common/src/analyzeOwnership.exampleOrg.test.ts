import { analyzeOwnership } from './analyzeOwnership';
import { findingsForEntity, teamReport } from './reportHelpers';
import { whatIf } from './whatIf';
import { loadExampleOrg } from './__testUtils__/entities';
import { Finding, OwnershipReport } from './types';

describe('analyzeOwnership on the example organisation (org/*.yaml)', () => {
  let report: OwnershipReport;
  const finding = (id: string): Finding => {
    const f = report.findings.find(x => x.id === id);
    if (!f) {
      throw new Error(
        `no finding ${id}; got ${report.findings.map(x => x.id).join(', ')}`,
      );
    }
    return f;
  };

  beforeAll(() => {
    report = analyzeOwnership(loadExampleOrg());
  });

  it('reports legacy-invoicing, owned by a person, with the team owning its system', () => {
    const f = finding('user-owner:component:default/legacy-invoicing');
    expect(f.severity).toBe('warning');
    expect(f.teamRef).toBe('group:default/team-payments');
    expect(f.message).toContain('user:default/olga.petrova');
    expect(f.suggestion).toBe(
      'Transfer component:default/legacy-invoicing to group:default/team-payments, which owns its system Payments',
    );
  });

  it('reports shipment-tracking as split across unrelated teams', () => {
    const f = finding('split-system:system:default/shipment-tracking');
    expect(f.severity).toBe('warning');
    expect(f.teamRef).toBe('group:default/team-tracking');
    expect(f.message).toBe(
      'system:default/shipment-tracking (owned by Shipment Tracking) has parts owned by 4 teams, none under another: Shipment Tracking (3 parts), Analytics (1 part), Checkout (1 part) and Data Platform (1 part)',
    );
    expect(f.suggestion).toMatch(
      /^Transfer component:default\/delivery-notifier \(Analytics\), component:default\/eta-predictor \(Data Platform\) and component:default\/tracking-page \(Checkout\) to group:default\/team-tracking, which owns Shipment Tracking/,
    );
    expect(f.relatedRefs).toEqual([
      'component:default/delivery-notifier',
      'component:default/eta-predictor',
      'component:default/tracking-page',
    ]);

    const system = report.systems.find(
      s => s.ref === 'system:default/shipment-tracking',
    )!;
    expect(system.split).toBe(true);
    expect(system.cohesion).toBe(0.5);
    expect(system.ownerRef).toBe('group:default/team-tracking');
    expect(system.domainRef).toBe('domain:default/logistics');
    expect(system.unrelatedTeams).toEqual([
      'group:default/team-analytics',
      'group:default/team-checkout',
      'group:default/team-data-platform',
      'group:default/team-tracking',
    ]);
    expect(
      system.parts.find(p => p.ref === 'component:default/tracking-page'),
    ).toEqual({
      ref: 'component:default/tracking-page',
      kind: 'component',
      ownerRef: 'group:default/team-checkout',
      ownerIsGroup: true,
      aligned: false,
    });
  });

  it('reports label-printer, owned by the non-existent team-printing', () => {
    const f = finding('unknown-owner:component:default/label-printer');
    expect(f.severity).toBe('error');
    expect(f.suggestion).toBe(
      'Create group:default/team-printing or transfer component:default/label-printer to group:default/team-warehouse, which owns its system Fulfilment',
    );
  });

  it('reports team-mobile without members, and mobile-app it owns', () => {
    const empty = finding('empty-team:group:default/team-mobile');
    expect(empty.severity).toBe('warning');
    expect(empty.message).toContain('component:default/mobile-app');
    expect(empty.suggestion).toBe(
      'Add members to group:default/team-mobile or move its entity to group:default/commerce',
    );
    const owned = finding('empty-team-owner:component:default/mobile-app');
    expect(owned.teamRef).toBe('group:default/team-mobile');
    expect(owned.suggestion).toBe(
      'Transfer component:default/mobile-app to group:default/team-product-catalog, which owns its system Storefront, or add members to group:default/team-mobile',
    );
    expect(teamReport(report, 'team-mobile')).toMatchObject({
      memberCount: 0,
      loadPerMember: null,
    });
  });

  it('reports the direct dependency of checkout-service on inventory-service and names inventory-api', () => {
    const f = finding(
      'cross-team-dependency:component:default/checkout-service->component:default/inventory-service',
    );
    expect(f.severity).toBe('warning');
    expect(f.teamRef).toBe('group:default/team-checkout');
    expect(f.suggestion).toBe(
      'Put an API between component:default/checkout-service (Checkout) and component:default/inventory-service (Warehouse Systems): Warehouse Systems already provides api:default/inventory-api',
    );
    const pair = report.coupling.pairs.find(
      p =>
        p.from === 'group:default/team-checkout' &&
        p.to === 'group:default/team-warehouse',
    );
    expect(pair).toEqual({
      from: 'group:default/team-checkout',
      to: 'group:default/team-warehouse',
      interfaceEdges: 0,
      couplingEdges: 1,
      edges: [
        {
          kind: 'coupling',
          fromRef: 'component:default/checkout-service',
          toRef: 'component:default/inventory-service',
        },
      ],
    });
  });

  it('reports exactly the expected findings', () => {
    expect(report.findings.map(f => f.id)).toEqual([
      'unknown-owner:component:default/label-printer',
      'cross-team-dependency:component:default/checkout-service->component:default/inventory-service',
      'cross-team-dependency:component:default/delivery-notifier->component:default/tracking-service',
      'cross-team-dependency:component:default/delivery-notifier->resource:default/shipment-events',
      'cross-team-dependency:component:default/eta-predictor->resource:default/shipment-events',
      'cross-team-dependency:component:default/picking-service->resource:default/order-events',
      'cross-team-dependency:component:default/reporting-service->resource:default/analytics-warehouse',
      'cross-team-dependency:component:default/reporting-service->resource:default/orders-db',
      'cross-team-dependency:component:default/tracking-page->component:default/tracking-service',
      'cross-team-dependency:component:default/warehouse-loader->resource:default/order-events',
      'cross-team-dependency:component:default/warehouse-loader->resource:default/shipment-events',
      'dependency-cycle:domain:domain:default/commerce>domain:default/logistics',
      'dependency-cycle:system:system:default/analytics>system:default/shipment-tracking',
      'empty-team:group:default/team-mobile',
      'empty-team-owner:component:default/mobile-app',
      'split-system:system:default/analytics',
      'split-system:system:default/developer-platform',
      'split-system:system:default/shipment-tracking',
      'user-owner:component:default/legacy-invoicing',
      'split-system:system:default/storefront',
    ]);
    for (const f of report.findings) {
      expect(f.suggestion.length).toBeGreaterThan(20);
    }
  });

  it('finds the dependency cycles between systems and domains, with the edges that close them', () => {
    const cycles = report.dependencies!.cycles;
    expect(
      cycles.map(c => [
        c.level,
        c.refs,
        c.edges.map(e => `${e.throughFromRef}->${e.throughToRef}`),
        c.breakAt,
        c.tangleSize,
      ]),
    ).toEqual([
      [
        'system',
        ['system:default/analytics', 'system:default/shipment-tracking'],
        [
          'component:default/warehouse-loader->resource:default/shipment-events',
          'component:default/eta-predictor->resource:default/analytics-warehouse',
        ],
        1,
        6,
      ],
      [
        'domain',
        ['domain:default/commerce', 'domain:default/logistics'],
        [
          'component:default/checkout-service->component:default/inventory-service',
          'component:default/picking-service->resource:default/order-events',
        ],
        1,
        3,
      ],
    ]);
    const cycleFinding = report.findings.find(
      f => f.id === cycles[0].findingId,
    )!;
    expect(cycleFinding.message).toBe(
      'Dependency cycle among 2 systems: Analytics → Shipment Tracking → Analytics. It is the shortest cycle among 6 systems that all depend on each other.',
    );
    expect(cycleFinding.suggestion).toBe(
      'Break the cycle at Shipment Tracking → Analytics, because 2 systems need Shipment Tracking and only 1 system needs Analytics: dependencies should point towards what more entities use: remove or invert the dependency of eta-predictor on analytics-warehouse, or move eta-predictor into Analytics',
    );
    // No component cycles, no layer violations (all services), no hubs in a catalog this size.
    expect(
      report.findings.filter(f =>
        ['layer-violation', 'dependency-hub'].includes(f.type),
      ),
    ).toEqual([]);
  });

  it('summarises coverage, orphans and the score', () => {
    expect(report.summary).toMatchObject({
      entityCount: 125,
      ownedEntityCount: 59,
      orphanCount: 3,
      orphansByType: {
        'no-owner': 0,
        'unknown-owner': 1,
        'user-owner': 1,
        'empty-team-owner': 1,
      },
      coverage: 0.9661,
      groupCount: 17,
      teamCount: 12,
      userCount: 49,
      systemCount: 9,
      domainCount: 4,
      findingCounts: { error: 1, warning: 18, info: 1 },
    });
    const { counts } = report.summary;
    expect(counts).toEqual({
      validOwned: 56,
      owned: 59,
      alignedParts: 43,
      parts: 55,
      interfaceEdges: 10,
      couplingEdges: 10,
    });
    // 100 × (0.4 × 56/59 + 0.35 × 43/55 + 0.25 × 10/20)
    expect(report.summary.score).toBe(77.8);
  });

  it('rolls scores and counts up the hierarchy', () => {
    const org = teamReport(report, 'northwind')!;
    expect(org.parentRef).toBeNull();
    expect(org.childRefs).toEqual([
      'group:default/commerce',
      'group:default/data',
      'group:default/logistics',
      'group:default/platform',
    ]);
    expect(org.aggregatedMemberCount).toBe(49);
    expect(org.aggregatedOwnedCount).toBe(57);
    const commerce = teamReport(report, 'group:default/commerce')!;
    expect(commerce.depth).toBe(1);
    expect(commerce.aggregatedMemberCount).toBe(14);
    const checkout = teamReport(report, 'team-checkout')!;
    expect(checkout.memberCount).toBe(5);
    expect(checkout.owned.component).toEqual([
      'component:default/basket-service',
      'component:default/checkout-service',
      'component:default/order-events-publisher',
      'component:default/tracking-page',
    ]);
    expect(checkout.findingIds).toContain(
      'cross-team-dependency:component:default/checkout-service->component:default/inventory-service',
    );
    // The department's own score covers the domain it owns; its aggregated score its teams too.
    expect(commerce.score).toBe(100);
    expect(commerce.aggregatedScore).toBeLessThan(100);
    const sum = [
      'team-checkout',
      'team-product-catalog',
      'team-payments',
      'team-mobile',
    ]
      .map(t => teamReport(report, t)!.counts.owned)
      .reduce((a, b) => a + b, commerce.counts.owned);
    expect(commerce.aggregatedCounts.owned).toBe(sum);
  });

  it('finds the findings of an entity, including as a related entity', () => {
    const ids = findingsForEntity(
      report,
      'component:default/tracking-page',
    ).map(f => f.id);
    expect(ids).toEqual([
      'cross-team-dependency:component:default/tracking-page->component:default/tracking-service',
      'split-system:system:default/shipment-tracking',
    ]);
  });

  it('improves when the suggestions are applied', () => {
    const result = whatIf(loadExampleOrg(), [
      {
        type: 'transfer',
        entityRef: 'component:default/legacy-invoicing',
        toOwnerRef: 'group:default/team-payments',
      },
      {
        type: 'transfer',
        entityRef: 'component:default/label-printer',
        toOwnerRef: 'team-warehouse',
      },
      {
        type: 'merge',
        fromGroupRef: 'team-mobile',
        intoGroupRef: 'team-product-catalog',
      },
    ]);
    expect(result.before.score).toBe(77.8);
    expect(result.after.summary.orphanCount).toBe(0);
    expect(result.delta.orphanCount).toBe(-3);
    expect(result.delta.score).toBeGreaterThan(0);
    expect(result.delta.resolvedFindingIds).toEqual(
      expect.arrayContaining([
        'unknown-owner:component:default/label-printer',
        'user-owner:component:default/legacy-invoicing',
        'empty-team:group:default/team-mobile',
        'empty-team-owner:component:default/mobile-app',
        'split-system:system:default/storefront',
      ]),
    );
    expect(result.delta.newFindingIds).toEqual([]);
    expect(teamReport(result.after, 'team-mobile')).toBeUndefined();
    expect(
      result.delta.teams.find(t => t.ref === 'group:default/team-mobile'),
    ).toMatchObject({
      scoreAfter: null,
    });
  });
});
