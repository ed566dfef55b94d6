import { analyzeOwnership } from './analyzeOwnership';
import { teamReport } from './reportHelpers';
import { api, component, group, system, user } from './__testUtils__/entities';

const ids = (entities: unknown[]) =>
  analyzeOwnership(entities).findings.map(f => f.id);

describe('analyzeOwnership on bad input', () => {
  it('reports a cycle of parents once, cuts it, and still analyses the groups', () => {
    const entities = [
      group('b', { parent: 'c' }),
      group('c', { parent: 'a' }),
      group('a', { parent: 'b' }),
      group('under-a', { parent: 'a' }),
      user('u', ['under-a']),
      component('x', { owner: 'under-a' }),
    ];
    const report = analyzeOwnership(entities);
    const cycles = report.findings.filter(f => f.type === 'group-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({
      id: 'group-cycle:group:default/a',
      severity: 'error',
      relatedRefs: ['group:default/a', 'group:default/b', 'group:default/c'],
    });
    expect(cycles[0].message).toContain(
      'group:default/a → group:default/b → group:default/c → group:default/a',
    );
    // Cut at a: a becomes a root, c under a, b under c.
    expect(teamReport(report, 'a')!.parentRef).toBeNull();
    expect(teamReport(report, 'b')!.parentRef).toBe('group:default/c');
    expect(teamReport(report, 'a')!.aggregatedMemberCount).toBe(1);
    expect(teamReport(report, 'a')!.aggregatedOwnedCount).toBe(1);
  });

  it('reports a group that is its own parent', () => {
    const report = analyzeOwnership([group('self', { parent: 'self' })]);
    expect(report.findings.map(f => f.id)).toContain(
      'group-cycle:group:default/self',
    );
    expect(report.teams[0].parentRef).toBeNull();
  });

  it('handles a 20,000 groups deep hierarchy and a 20,000 groups long cycle without recursion', () => {
    const chain = Array.from({ length: 20000 }, (_, i) =>
      group(`g${i}`, i > 0 ? { parent: `g${i - 1}` } : {}),
    );
    const ring = Array.from({ length: 20000 }, (_, i) =>
      group(`r${i}`, { parent: `r${(i + 1) % 20000}` }),
    );
    const report = analyzeOwnership([
      ...chain,
      ...ring,
      user('deep', ['g19999']),
      component('c', { owner: 'g19999' }),
    ]);
    expect(teamReport(report, 'g0')!.aggregatedMemberCount).toBe(1);
    expect(teamReport(report, 'g0')!.aggregatedOwnedCount).toBe(1);
    expect(teamReport(report, 'g19999')!.depth).toBe(19999);
    expect(
      report.findings.filter(f => f.type === 'group-cycle').map(f => f.id),
    ).toEqual(['group-cycle:group:default/r0']);
  });

  it('takes entities without spec', () => {
    const report = analyzeOwnership([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'bare' },
      },
      { kind: 'Group', metadata: { name: 'g' } },
      { kind: 'User', metadata: { name: 'u' }, spec: null },
      { kind: 'System', metadata: { name: 's' }, spec: 'nonsense' },
    ]);
    expect(report.findings.map(f => f.id)).toEqual([
      'no-owner:component:default/bare',
      'no-owner:system:default/s',
    ]);
    expect(report.teams[0]).toMatchObject({
      ref: 'group:default/g',
      type: 'unknown',
      isTeam: false,
    });
  });

  it('keeps entities with the same name in two namespaces apart', () => {
    const report = analyzeOwnership([
      group('team-a'),
      group('team-a', {}, 'payments'),
      user('u1', ['team-a']),
      user('u2', ['team-a'], 'payments'),
      component('svc', { owner: 'team-a' }),
      component(
        'svc',
        { owner: 'team-a', dependsOn: ['component:default/svc'] },
        'payments',
      ),
    ]);
    expect(report.summary.entityCount).toBe(6);
    expect(teamReport(report, 'group:default/team-a')!.owned.component).toEqual(
      ['component:default/svc'],
    );
    expect(
      teamReport(report, 'group:payments/team-a')!.owned.component,
    ).toEqual(['component:payments/svc']);
    expect(report.findings.map(f => f.id)).toEqual([
      'cross-team-dependency:component:payments/svc->component:default/svc',
    ]);
  });

  it('counts a group with 10,000 members, by memberOf and by spec.members, quickly', () => {
    const members = Array.from(
      { length: 10000 },
      (_, i) => `user:default/m${i}`,
    );
    const entities = [
      group('big', { members }),
      ...members.map((_, i) => user(`m${i}`, i % 2 === 0 ? ['big'] : [])),
      component('c', { owner: 'big' }),
    ];
    const start = Date.now();
    const report = analyzeOwnership(entities);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(teamReport(report, 'big')).toMatchObject({
      memberCount: 10000,
      aggregatedMemberCount: 10000,
    });
    expect(report.findings).toEqual([]);
  });

  it('keeps the first of many duplicate definitions, quickly', () => {
    const entities = [group('g'), user('u', ['g'])];
    for (let i = 0; i < 10000; i++)
      entities.push(component(`c${i}`, { owner: 'g' }));
    for (let i = 0; i < 10000; i++)
      entities.push(component(`c${i}`, { owner: 'ghost' }));
    const start = Date.now();
    const report = analyzeOwnership(entities, { teamLoadThreshold: 1e6 });
    expect(Date.now() - start).toBeLessThan(3000);
    expect(report.summary.orphanCount).toBe(0);
    expect(report.summary.findingCountsByType).toEqual({
      'duplicate-entity': 10000,
    });
    expect(report.findings[0].message).toBe(
      'component:default/c0 is defined 2 times (entities #2, #10002 of the input); only the first definition is analysed',
    );
  });

  it('ignores unknown kinds', () => {
    const report = analyzeOwnership([
      {
        kind: 'Location',
        metadata: { name: 'loc' },
        spec: { targets: ['./x.yaml'] },
      },
      { kind: 'Template', metadata: { name: 't' }, spec: { owner: 'nobody' } },
      { kind: 'Location' },
      component('c', { owner: 'g' }),
      group('g'),
      user('u', ['g']),
    ]);
    expect(report.summary).toMatchObject({
      entityCount: 3,
      ignoredEntityCount: 3,
    });
    expect(report.findings).toEqual([]);
  });

  it('reports entities without a name, metadata or kind as invalid-entity', () => {
    const report = analyzeOwnership([
      { kind: 'Component', metadata: {} },
      { kind: 'Component', metadata: { name: '' } },
      { kind: 'Component', metadata: { name: 42 } },
      { kind: 'Component', metadata: { name: 'a/b' } },
      { kind: 'Component', metadata: { name: 'ok', namespace: 7 } },
      { kind: 'Group' },
      { metadata: { name: 'no-kind' } },
      null,
      42,
      'text',
      [],
    ]);
    // Ordered by id as text: #0, #1, #10, #2, ...
    expect(report.findings.map(f => [f.id, f.type, f.severity])).toEqual(
      Array.from({ length: 11 }, (_, i) => `invalid-entity:#${i}`)
        .sort()
        .map(id => [id, 'invalid-entity', 'error']),
    );
    expect(report.findings[0].entityRef).toBe('component:default/#0');
    expect(report.findings[0].message).toContain('has no metadata.name');
    expect(report.summary.entityCount).toBe(0);
  });

  it('reports invalid references instead of failing on them', () => {
    const report = analyzeOwnership([
      group('g'),
      user('u', ['g']),
      component('a', { owner: 42 }),
      component('b', {
        owner: 'g',
        dependsOn: [null, 'component:', 'ok-missing'],
        consumesApis: 'not-a-list',
        providesApis: [{ kind: 'API', name: 'obj-api' }],
      }),
    ]);
    expect(report.findings.map(f => f.id)).toEqual([
      'dangling-reference:component:default/b:consumesApis:api:default/not-a-list',
      'dangling-reference:component:default/b:dependsOn:component:default/ok-missing',
      'dangling-reference:component:default/b:providesApis:api:default/obj-api',
      'invalid-reference:component:default/b:dependsOn:component:',
      'invalid-reference:component:default/b:dependsOn:null',
      'unknown-owner:component:default/a',
    ]);
    const owner = report.findings.find(
      f => f.id === 'unknown-owner:component:default/a',
    )!;
    expect(owner.message).toBe(
      'component:default/a has an invalid owner reference 42',
    );
  });

  it('reports every kind of dangling reference, with a likely fix', () => {
    const report = analyzeOwnership([
      group('g', {
        parent: 'ghost-parent',
        children: ['ghost-child'],
        members: ['ghost-user'],
      }),
      user('u', ['g', 'ghost-group']),
      system('s', { owner: 'g', domain: 'ghost-domain' }),
      component('c', {
        owner: 'g',
        system: 's',
        dependsOn: ['component:orders-db', 'resource:ghost'],
        consumesApis: ['ghost-api'],
        subcomponentOf: 'ghost-parent-component',
      }),
      api('a', { owner: 'g', system: 'ghost-system' }),
      {
        kind: 'Resource',
        metadata: { name: 'orders-db' },
        spec: { owner: 'g', system: 'system:s' },
      },
    ]);
    const dangling = report.findings.filter(
      f => f.type === 'dangling-reference',
    );
    expect(dangling.map(f => f.id)).toEqual([
      'dangling-reference:api:default/a:system:system:default/ghost-system',
      'dangling-reference:component:default/c:consumesApis:api:default/ghost-api',
      'dangling-reference:component:default/c:dependsOn:component:default/orders-db',
      'dangling-reference:component:default/c:dependsOn:resource:default/ghost',
      'dangling-reference:component:default/c:subcomponentOf:component:default/ghost-parent-component',
      'dangling-reference:group:default/g:children:group:default/ghost-child',
      'dangling-reference:group:default/g:members:user:default/ghost-user',
      'dangling-reference:group:default/g:parent:group:default/ghost-parent',
      'dangling-reference:system:default/s:domain:domain:default/ghost-domain',
      'dangling-reference:user:default/u:memberOf:group:default/ghost-group',
    ]);
    const typo = dangling.find(f =>
      f.id.includes('component:default/orders-db'),
    )!;
    expect(typo.suggestion).toBe(
      'Change spec.dependsOn of component:default/c to resource:default/orders-db (did you mean it?) or add component:default/orders-db to the catalog',
    );
    expect(typo.teamRef).toBe('group:default/g');
  });

  it('reports a reference to an entity of the wrong kind', () => {
    const report = analyzeOwnership([
      group('g'),
      user('u', ['g']),
      component('not-a-system', { owner: 'g' }),
      component('c', { owner: 'g', system: 'component:not-a-system' }),
      component('d', { owner: 'component:not-a-system' }),
    ]);
    expect(report.findings.map(f => f.message)).toEqual([
      'spec.system of component:default/c refers to component:default/not-a-system, which is a Component, not a System',
      'component:default/d is owned by component:default/not-a-system, which is a Component, not a group',
    ]);
  });

  it('answers an empty report for no or non-array input', () => {
    for (const input of [[], null, undefined, 'x', {}]) {
      const report = analyzeOwnership(input as unknown[]);
      expect(report.summary).toMatchObject({
        entityCount: 0,
        score: null,
        coverage: 1,
      });
      expect(report.findings).toEqual([]);
    }
  });

  it('rejects nonsensical options', () => {
    expect(() => analyzeOwnership([], { teamLoadThreshold: 0 })).toThrow(
      /teamLoadThreshold/,
    );
    expect(() =>
      analyzeOwnership([], { teamTypes: [1 as unknown as string] }),
    ).toThrow(/teamTypes/);
  });

  it('survives entities full of nonsense values', () => {
    expect(() =>
      ids([
        {
          kind: 'Group',
          metadata: { name: 'g' },
          spec: { parent: {}, children: 'x', members: [1, {}, []], type: 5 },
        },
        { kind: 'User', metadata: { name: 'u' }, spec: { memberOf: { a: 1 } } },
        {
          kind: 'Component',
          metadata: { name: 'c', title: 7 },
          spec: { owner: ['g'], dependsOn: 3, system: true },
        },
        {
          kind: 'Domain',
          metadata: { name: 'd' },
          spec: { owner: '', subdomainOf: 'x' },
        },
      ]),
    ).not.toThrow();
  });
});
