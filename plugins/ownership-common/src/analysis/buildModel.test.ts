import { analyzeOwnership } from '../analyzeOwnership';
import { teamReport } from '../reportHelpers';
import {
  component,
  departments,
  group,
  system,
  user,
} from '../__testUtils__/entities';
import { findingIds, groupId, modelOf, nodeOf } from '../__testUtils__/model';
import { isUnder } from './hierarchy';

describe('buildModel, through analyzeOwnership', () => {
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
      ...departments(),
      group('d', { parent: 'dept', members: ['ua', 'user:default/ud'] }),
      user('ud', ['d', 'a']),
    ]);
    expect(teamReport(report, 'd')!.memberCount).toBe(2);
    expect(teamReport(report, 'a')!.memberCount).toBe(2);
    expect(teamReport(report, 'dept')!.aggregatedMemberCount).toBe(3);
    expect(teamReport(report, 'org')!.aggregatedMemberCount).toBe(4);
  });
});

describe('buildModel', () => {
  it('builds the group tree with depths and a constant-time "is under" test', () => {
    const model = modelOf(departments());
    const { hierarchy } = model;
    const [org, dept, a, c] = ['org', 'dept', 'a', 'c'].map(n =>
      groupId(model, n),
    );
    expect(hierarchy.parent[a]).toBe(dept);
    expect(hierarchy.parent[org]).toBe(-1);
    expect(hierarchy.children[dept].map(g => model.ctx.groups[g].name)).toEqual(
      ['a', 'b'],
    );
    expect([
      hierarchy.depth[org],
      hierarchy.depth[dept],
      hierarchy.depth[a],
    ]).toEqual([0, 1, 2]);
    expect(isUnder(hierarchy, a, org)).toBe(true);
    expect(isUnder(hierarchy, a, a)).toBe(true);
    expect(isUnder(hierarchy, c, dept)).toBe(false);
    // Pre-order: every group comes after its parent.
    expect(hierarchy.order[0]).toBe(org);
    expect(hierarchy.order.indexOf(a)).toBeGreaterThan(
      hierarchy.order.indexOf(dept),
    );
  });

  it('counts members directly and rolled up', () => {
    const model = modelOf([...departments(), user('both', ['a', 'b'])]);
    const { memberCount, aggregatedMembers } = model.membership;
    expect(memberCount[groupId(model, 'a')]).toBe(2);
    expect(memberCount[groupId(model, 'dept')]).toBe(0);
    // "both" is in two teams of dept and counts once for it.
    expect(aggregatedMembers[groupId(model, 'dept')]).toBe(3);
    expect(aggregatedMembers[groupId(model, 'org')]).toBe(4);
  });

  it('resolves each owner to a status and, for groups, the group', () => {
    const model = modelOf([
      ...departments(),
      group('nobody', { parent: 'dept' }),
      component('valid', { owner: 'a' }),
      component('by-dept', { owner: 'dept' }),
      component('by-user', { owner: 'user:ua' }),
      component('by-ghost', { owner: 'ghost' }),
      component('by-empty', { owner: 'nobody' }),
      component('unowned'),
      component('by-number', { owner: 42 }),
    ]);
    const owner = (name: string) => {
      const node = nodeOf(model, `component:default/${name}`);
      return [node.ownerStatus, node.ownerRef, node.ownerGroup];
    };
    expect(owner('valid')).toEqual([
      'valid',
      'group:default/a',
      groupId(model, 'a'),
    ]);
    // A department has members through its teams.
    expect(owner('by-dept')).toEqual([
      'valid',
      'group:default/dept',
      groupId(model, 'dept'),
    ]);
    expect(owner('by-user')).toEqual(['user-owner', 'user:default/ua', -1]);
    expect(owner('by-ghost')).toEqual([
      'unknown-owner',
      'group:default/ghost',
      -1,
    ]);
    expect(owner('by-empty')).toEqual([
      'empty-team-owner',
      'group:default/nobody',
      groupId(model, 'nobody'),
    ]);
    expect(owner('unowned')).toEqual(['no-owner', null, -1]);
    expect(owner('by-number')).toEqual(['unknown-owner', '42', -1]);
    // Owners are facts here; the ownership stage reports them.
    expect(findingIds(model)).toEqual([]);
  });

  it("puts parts in their system and reports a missing system to the part's team", () => {
    const model = modelOf([
      ...departments(),
      system('s', { owner: 'a' }),
      component('in-s', { owner: 'b', system: 's' }),
      component('lost', { owner: 'b', system: 'nowhere' }),
    ]);
    const s = nodeOf(model, 'system:default/s');
    expect(s.parts!.map(p => p.ref)).toEqual(['component:default/in-s']);
    expect(nodeOf(model, 'component:default/in-s').container).toBe(s);
    expect(model.ctx.findings.sorted()).toMatchObject([
      {
        id: 'dangling-reference:component:default/lost:system:system:default/nowhere',
        teamRef: 'group:default/b',
      },
    ]);
  });

  it('reports a duplicate definition to the team owning the entity', () => {
    const model = modelOf([
      ...departments(),
      component('twice', { owner: 'a' }),
      component('twice', { owner: 'b' }),
    ]);
    expect(nodeOf(model, 'component:default/twice').ownerRef).toBe(
      'group:default/a',
    );
    expect(model.ctx.findings.sorted()).toMatchObject([
      {
        id: 'duplicate-entity:component:default/twice',
        teamRef: 'group:default/a',
        message:
          'component:default/twice is defined 2 times (entities #9, #10 of the input); only the first definition is analysed',
      },
    ]);
  });
});
