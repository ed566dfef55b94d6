import { analyzeOwnership } from './analyzeOwnership';
import { teamReport } from './reportHelpers';
import { applyProposedChanges, InvalidChangeError, whatIf } from './whatIf';
import {
  component,
  departments,
  group,
  system,
  user,
} from './__testUtils__/entities';
import { OwnershipEntity } from './types';

const org = (): OwnershipEntity[] => [
  group('org', { type: 'organization', children: ['dept'] }),
  group('dept', { type: 'department', parent: 'org', children: ['a', 'b'] }),
  group('a', { parent: 'dept', members: ['user:default/ua2'] }),
  group('b', { parent: 'dept' }),
  group('sub-b', { parent: 'b' }),
  user('ua', ['a']),
  user('ua2', []),
  user('ub', ['b', 'a']),
  user('usb', ['sub-b']),
  system('s', { owner: 'a' }),
  component('x', { owner: 'b', system: 's' }),
  component('y', { owner: 'group:default/b' }),
];

const find = (entities: unknown[], kind: string, name: string) =>
  entities.find(
    e =>
      (e as OwnershipEntity).kind === kind &&
      (e as OwnershipEntity).metadata?.name === name,
  ) as OwnershipEntity;

describe('applyProposedChanges', () => {
  it('transfers an entity without touching the input', () => {
    const input = org();
    const frozen = JSON.parse(JSON.stringify(input));
    const out = applyProposedChanges(input, [
      { type: 'transfer', entityRef: 'x', toOwnerRef: 'a' },
    ]);
    expect(input).toEqual(frozen);
    expect(find(out, 'Component', 'x').spec!.owner).toBe('group:default/a');
    // Unchanged entities are shared, changed ones copied.
    expect(find(out, 'Component', 'y')).toBe(find(input, 'Component', 'y'));
    expect(find(out, 'Component', 'x')).not.toBe(find(input, 'Component', 'x'));
  });

  it('reparents a group and keeps spec.children consistent', () => {
    const out = applyProposedChanges(org(), [
      { type: 'reparent', groupRef: 'a', newParentRef: 'org' },
    ]);
    expect(find(out, 'Group', 'a').spec!.parent).toBe('group:default/org');
    expect(find(out, 'Group', 'dept').spec!.children).toEqual(['b']);
    expect(find(out, 'Group', 'org').spec!.children).toEqual([
      'dept',
      'group:default/a',
    ]);
    const report = analyzeOwnership(out);
    expect(teamReport(report, 'a')!.parentRef).toBe('group:default/org');

    const root = applyProposedChanges(org(), [
      { type: 'reparent', groupRef: 'b', newParentRef: null },
    ]);
    expect(find(root, 'Group', 'b').spec!.parent).toBeUndefined();
    expect(teamReport(analyzeOwnership(root), 'b')!.parentRef).toBeNull();
  });

  it('refuses a reparent that would create a cycle', () => {
    expect(() =>
      applyProposedChanges(org(), [
        { type: 'reparent', groupRef: 'b', newParentRef: 'sub-b' },
      ]),
    ).toThrow(
      "Moving 'group:default/b' under 'group:default/sub-b' would create a cycle",
    );
    expect(() =>
      applyProposedChanges(org(), [
        { type: 'reparent', groupRef: 'b', newParentRef: 'b' },
      ]),
    ).toThrow(/would create a cycle/);
  });

  it('merges members, owned entities and child groups, then removes the group', () => {
    const input = org();
    const out = applyProposedChanges(input, [
      { type: 'merge', fromGroupRef: 'b', intoGroupRef: 'a' },
    ]);
    expect(find(out, 'Group', 'b')).toBeUndefined();
    expect(out).toHaveLength(input.length - 1);
    expect(find(out, 'User', 'ub').spec!.memberOf).toEqual(['a']);
    expect(find(out, 'Component', 'x').spec!.owner).toBe('group:default/a');
    expect(find(out, 'Component', 'y').spec!.owner).toBe('group:default/a');
    expect(find(out, 'Group', 'sub-b').spec!.parent).toBe('group:default/a');
    expect(find(out, 'Group', 'dept').spec!.children).toEqual(['a']);
    const report = analyzeOwnership(out);
    expect(report.findings).toEqual([]);
    expect(teamReport(report, 'a')).toMatchObject({
      memberCount: 3,
      childRefs: ['group:default/sub-b'],
    });
  });

  it('merges a department into a team under it without creating a cycle', () => {
    const out = applyProposedChanges(org(), [
      { type: 'merge', fromGroupRef: 'dept', intoGroupRef: 'a' },
    ]);
    const report = analyzeOwnership(out);
    expect(report.findings.filter(f => f.type === 'group-cycle')).toEqual([]);
    expect(teamReport(report, 'a')).toMatchObject({
      parentRef: 'group:default/org',
      childRefs: ['group:default/b'],
    });
  });

  it('moves spec.members of the merged group', () => {
    const out = applyProposedChanges(org(), [
      { type: 'merge', fromGroupRef: 'a', intoGroupRef: 'b' },
    ]);
    expect(find(out, 'Group', 'b').spec!.members).toEqual(['user:default/ua2']);
    expect(teamReport(analyzeOwnership(out), 'b')!.memberCount).toBe(3);
  });

  it.each([
    [
      {
        type: 'transfer',
        entityRef: 'component:default/nope',
        toOwnerRef: 'a',
      },
      'component:default/nope',
    ],
    [
      { type: 'transfer', entityRef: 'x', toOwnerRef: 'team-ghost' },
      'team-ghost',
    ],
    [
      { type: 'transfer', entityRef: 'group:a', toOwnerRef: 'b' },
      'group:default/a',
    ],
    [{ type: 'reparent', groupRef: 'ghost', newParentRef: 'a' }, 'ghost'],
    [
      { type: 'reparent', groupRef: 'a', newParentRef: 'ghost-parent' },
      'ghost-parent',
    ],
    [{ type: 'merge', fromGroupRef: 'ghost', intoGroupRef: 'a' }, 'ghost'],
    [{ type: 'merge', fromGroupRef: 'a', intoGroupRef: 'user:ua' }, 'user:ua'],
    [
      { type: 'merge', fromGroupRef: 'a', intoGroupRef: 'group:default/a' },
      'group:default/a',
    ],
  ] as const)('rejects %j naming the ref', (change, ref) => {
    let error: unknown;
    try {
      applyProposedChanges(org(), [change]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidChangeError);
    expect((error as Error).name).toBe('InputError');
    expect((error as Error).message).toContain(ref);
  });

  it('rejects an unknown change type', () => {
    expect(() =>
      applyProposedChanges(org(), [{ type: 'delete' } as never]),
    ).toThrow("Unknown change type 'delete'");
  });

  it('applies changes in order', () => {
    const out = applyProposedChanges(org(), [
      { type: 'merge', fromGroupRef: 'b', intoGroupRef: 'a' },
      { type: 'transfer', entityRef: 'y', toOwnerRef: 'sub-b' },
    ]);
    expect(find(out, 'Component', 'y').spec!.owner).toBe('group:default/sub-b');
    expect(() =>
      applyProposedChanges(org(), [
        { type: 'merge', fromGroupRef: 'b', intoGroupRef: 'a' },
        { type: 'transfer', entityRef: 'y', toOwnerRef: 'b' },
      ]),
    ).toThrow("Unknown owner 'b'");
  });
});

describe('whatIf', () => {
  it('reports the summary before, the report after and what changed', () => {
    const entities = [
      ...org(),
      component('orphan', { owner: 'user:ua', system: 's' }),
    ];
    const result = whatIf(entities, [
      { type: 'transfer', entityRef: 'orphan', toOwnerRef: 'a' },
      { type: 'transfer', entityRef: 'x', toOwnerRef: 'a' },
    ]);
    expect(result.before).toEqual(analyzeOwnership(entities).summary);
    expect(result.after.summary.orphanCount).toBe(0);
    expect(result.delta).toMatchObject({
      orphanCount: -1,
      findingCounts: { error: 0, warning: -2, info: 0 },
      resolvedFindingIds: [
        'split-system:system:default/s',
        'user-owner:component:default/orphan',
      ],
      newFindingIds: [],
    });
    expect(result.delta.score).toBe(
      Math.round(
        (result.after.summary.score! - result.before.score!) * 10,
      ) / 10,
    );
    expect(result.delta.score).toBeGreaterThan(0);
    expect(result.delta.teams.map(t => t.ref)).toEqual(
      expect.arrayContaining(['group:default/a', 'group:default/b']),
    );
  });
});

describe('whatIf on the dependency flow', () => {
  const entities = [
    ...departments(),
    system('shop', { owner: 'a' }),
    system('payments', { owner: 'b' }),
    component('web', { owner: 'a', system: 'shop', dependsOn: ['pay'] }),
    component('cart', { owner: 'a', system: 'shop' }),
    component('pay', { owner: 'b', system: 'payments', dependsOn: ['cart'] }),
  ];

  it('shows the cycle a removed dependency breaks', () => {
    const result = whatIf(entities, [
      { type: 'removeDependency', fromRef: 'pay', toRef: 'cart' },
    ]);
    expect(result.delta.dependencyFlow).toEqual({
      resolvedFindingIds: [
        'dependency-cycle:system:system:default/payments>system:default/shop',
      ],
      newFindingIds: [],
    });
  });

  it('shows the cycle and layer violation an added dependency creates', () => {
    const result = whatIf(
      entities.filter(e => e.metadata?.name !== 'pay' || e.kind !== 'Component').concat([
        component('pay', { owner: 'b', system: 'payments', type: 'library' }),
      ]),
      [{ type: 'addDependency', fromRef: 'pay', toRef: 'component:web' }],
    );
    expect(result.delta.dependencyFlow.newFindingIds).toEqual([
      'dependency-cycle:component:component:default/pay>component:default/web',
      'dependency-cycle:system:system:default/payments>system:default/shop',
      'layer-violation:component:default/pay->component:default/web',
    ]);
  });

  it('shows how moving a component to another system changes the cycles', () => {
    const result = whatIf(entities, [
      { type: 'moveToSystem', entityRef: 'cart', toSystemRef: 'payments' },
    ]);
    expect(result.delta.dependencyFlow.resolvedFindingIds).toEqual([
      'dependency-cycle:system:system:default/payments>system:default/shop',
    ]);
    expect(result.after.systems.find(s => s.ref === 'system:default/payments')!.parts.map(p => p.ref)).toContain('component:default/cart');
  });

  it('rejects changes naming unknown entities or dependencies that do not exist', () => {
    expect(() =>
      whatIf(entities, [{ type: 'moveToSystem', entityRef: 'cart', toSystemRef: 'nowhere' }]),
    ).toThrow("Unknown system 'nowhere' (new system of component:default/cart)");
    expect(() =>
      whatIf(entities, [{ type: 'removeDependency', fromRef: 'cart', toRef: 'web' }]),
    ).toThrow("'component:default/cart' does not depend on 'component:default/web' (remove dependency)");
    expect(() =>
      whatIf(entities, [{ type: 'addDependency', fromRef: 'ghost', toRef: 'web' }]),
    ).toThrow("Unknown component or resource 'ghost' (dependency source)");
  });
});
