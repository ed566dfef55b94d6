import { analyzeOwnership } from './analyzeOwnership';
import { teamReport } from './reportHelpers';
import { generateSyntheticOrg } from './syntheticOrg';
import {
  api,
  component,
  domain,
  group,
  resource,
  system,
  user,
} from './__testUtils__/entities';

/** dept with two teams (a, b) and a second department with team c; one member each. */
const org = () => [
  group('org', { type: 'organization' }),
  group('dept', { type: 'department', parent: 'org' }),
  group('other-dept', { type: 'department', parent: 'org' }),
  group('a', { parent: 'dept' }),
  group('b', { parent: 'dept' }),
  group('c', { parent: 'other-dept' }),
  user('ua', ['a']),
  user('ub', ['b']),
  user('uc', ['c']),
];

describe('analyzeOwnership', () => {
  it('aligns parts owned by the system owner or a group under it', () => {
    const report = analyzeOwnership([
      ...org(),
      system('s', { owner: 'dept' }),
      component('by-a', { owner: 'a', system: 's' }),
      component('by-dept', { owner: 'group:default/dept', system: 's' }),
      component('by-c', { owner: 'c', system: 's' }),
    ]);
    const s = report.systems[0];
    expect(s.parts.map(p => [p.ref, p.aligned])).toEqual([
      ['component:default/by-a', true],
      ['component:default/by-c', false],
      ['component:default/by-dept', true],
    ]);
    expect(s.cohesion).toBe(0.6667);
    expect(s.owningTeams).toEqual([
      'group:default/a',
      'group:default/c',
      'group:default/dept',
    ]);
    // a sits under dept, so only dept and c are unrelated.
    expect(s.unrelatedTeams).toEqual(['group:default/c', 'group:default/dept']);
    expect(s.split).toBe(true);
    const split = report.findings.find(f => f.type === 'split-system')!;
    expect(split.severity).toBe('info');
    expect(split.suggestion).toBe(
      'Transfer component:default/by-c (c) to group:default/dept, which owns s, or move it to a system its team owns',
    );
  });

  it('does not call a system split when all its parts sit under its owner', () => {
    const report = analyzeOwnership([
      ...org(),
      system('s', { owner: 'dept' }),
      component('x', { owner: 'a', system: 's' }),
      component('y', { owner: 'b', system: 's' }),
    ]);
    expect(report.systems[0]).toMatchObject({
      split: false,
      cohesion: 1,
      unrelatedTeams: ['group:default/dept'],
    });
  });

  it('reports domain cohesion over the systems of the domain', () => {
    const report = analyzeOwnership([
      ...org(),
      domain('d', { owner: 'dept' }),
      system('s1', { owner: 'a', domain: 'd' }),
      system('s2', { owner: 'c', domain: 'd' }),
    ]);
    expect(report.domains[0]).toMatchObject({
      ref: 'domain:default/d',
      cohesion: 0.5,
      split: true,
      owningTeams: ['group:default/a', 'group:default/c'],
    });
    expect(report.findings.map(f => f.id)).toEqual([
      'split-domain:domain:default/d',
    ]);
  });

  it('tells API consumption (interface) from direct dependencies (coupling)', () => {
    const report = analyzeOwnership([
      ...org(),
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
      ...org(),
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
      ...org(),
      component('Target', { owner: 'B' }),
      component('src', { owner: 'Group:Default/A', dependsOn: ['target'] }),
    ]);
    expect(report.findings.map(f => f.id)).toEqual([
      'cross-team-dependency:component:default/src->component:default/Target',
    ]);
    expect(report.summary.orphanCount).toBe(0);
  });

  it('resolves refs without namespace in the namespace of the entity', () => {
    const report = analyzeOwnership([
      group('t', {}, 'ns'),
      user('u', ['t'], 'ns'),
      component('c', { owner: 't' }, 'ns'),
    ]);
    expect(report.findings).toEqual([]);
    expect(teamReport(report, 'group:ns/t')!.owned.component).toEqual([
      'component:ns/c',
    ]);
  });

  it('builds the hierarchy from spec.children as well as spec.parent, and reports conflicts', () => {
    const report = analyzeOwnership([
      group('top', { type: 'department', children: ['kid', 'other-kid'] }),
      group('elsewhere', { type: 'department' }),
      group('kid'),
      group('other-kid', { parent: 'elsewhere' }),
      user('u1', ['kid']),
      user('u2', ['other-kid']),
    ]);
    expect(teamReport(report, 'kid')!.parentRef).toBe('group:default/top');
    expect(teamReport(report, 'other-kid')!.parentRef).toBe(
      'group:default/elsewhere',
    );
    expect(report.findings.map(f => f.id)).toEqual([
      'group-hierarchy-conflict:group:default/other-kid:group:default/top',
    ]);
  });

  it('counts members by memberOf and spec.members once each, and users of two teams once per ancestor', () => {
    const report = analyzeOwnership([
      ...org(),
      group('d', { parent: 'dept', members: ['ua', 'user:default/ud'] }),
      user('ud', ['d', 'a']),
    ]);
    expect(teamReport(report, 'd')!.memberCount).toBe(2);
    expect(teamReport(report, 'a')!.memberCount).toBe(2);
    expect(teamReport(report, 'dept')!.aggregatedMemberCount).toBe(3);
    expect(teamReport(report, 'org')!.aggregatedMemberCount).toBe(4);
  });

  it('reports overloaded teams against the threshold and team types', () => {
    const entities = [
      ...org(),
      system('big', { owner: 'a' }),
      ...Array.from({ length: 7 }, (_, i) =>
        component(`c${i}`, { owner: 'a', system: 'big' }),
      ),
    ];
    const report = analyzeOwnership(entities);
    const f = report.findings.find(x => x.type === 'overloaded-team')!;
    expect(f.message).toBe(
      'group:default/a owns 8 entities with 1 member (8 per member, threshold 6)',
    );
    expect(f.suggestion).toBe(
      'Add 1 member to group:default/a, or hand system:default/big (8 of its entities) to another team',
    );
    expect(teamReport(report, 'a')!.loadPerMember).toBe(8);
    expect(
      analyzeOwnership(entities, { teamLoadThreshold: 8 }).findings,
    ).toEqual([]);
    expect(
      analyzeOwnership(entities, { teamTypes: ['squad'] }).summary.teamCount,
    ).toBe(0);
    expect(
      analyzeOwnership(entities, { teamTypes: ['squad'] }).findings,
    ).toEqual([]);
  });

  it('reports an empty team even when it owns nothing', () => {
    const report = analyzeOwnership([
      ...org(),
      group('idle', { parent: 'dept' }),
    ]);
    expect(report.findings).toStrictEqual([
      {
        id: 'empty-team:group:default/idle',
        type: 'empty-team',
        severity: 'warning',
        entityRef: 'group:default/idle',
        teamRef: 'group:default/idle',
        message: 'group:default/idle has no members',
        suggestion:
          'Add members to group:default/idle or remove the group (it owns nothing)',
      },
    ]);
  });

  it('scores with 40 % ownership, 35 % cohesion, 25 % coupling, neutral without data', () => {
    expect(analyzeOwnership([]).summary.score).toBe(100);
    const report = analyzeOwnership([
      ...org(),
      system('s', { owner: 'a' }),
      component('ok', { owner: 'a', system: 's' }),
      component('orphan', { owner: 'user:ua', system: 's' }),
    ]);
    // ownership 2/3, cohesion 1/2, no edges: 100 × (0.4 × 2/3 + 0.35 × 0.5 + 0.25)
    expect(report.summary.scoreBreakdown).toEqual({
      ownership: 0.6667,
      cohesion: 0.5,
      coupling: null,
    });
    expect(report.summary.score).toBe(69.2);
    // Team a answers for its system, its part and the user-owned part of its system.
    expect(teamReport(report, 'a')!.counts).toEqual({
      validOwned: 2,
      owned: 3,
      alignedParts: 1,
      parts: 2,
      interfaceEdges: 0,
      couplingEdges: 0,
    });
    expect(teamReport(report, 'a')!.score).toBe(69.2);
    // The department has no data of its own (100) but inherits its team's counts when rolled up.
    expect(teamReport(report, 'dept')!.score).toBe(100);
    expect(teamReport(report, 'dept')!.aggregatedScore).toBe(69.2);
    expect(teamReport(report, 'b')!.aggregatedScore).toBe(100);
  });

  it('is deterministic, independent of input order, and JSON-serialisable', () => {
    const entities = generateSyntheticOrg({ entities: 3000, seed: 7 });
    const shuffled = [...entities];
    let seed = 42;
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const a = analyzeOwnership(entities);
    const b = analyzeOwnership(shuffled);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.findings.length).toBeGreaterThan(0);
  });

  it('does not change its input', () => {
    const entities = [
      ...org(),
      component('x', { owner: 'a', dependsOn: ['y'] }),
    ];
    const copy = JSON.parse(JSON.stringify(entities));
    analyzeOwnership(entities);
    expect(entities).toEqual(copy);
  });
});
