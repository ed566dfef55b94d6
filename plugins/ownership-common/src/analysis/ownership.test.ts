import { analyzeOwnership } from '../analyzeOwnership';
import { teamReport } from '../reportHelpers';
import {
  component,
  departments,
  group,
  system,
  user,
} from '../__testUtils__/entities';
import { groupId, modelOf } from '../__testUtils__/model';
import { checkOwnership } from './ownership';

describe('ownership, through analyzeOwnership', () => {
  it('reports overloaded teams against the threshold and team types', () => {
    const entities = [
      ...departments(),
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
      ...departments(),
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
});

describe('checkOwnership', () => {
  it('answers what each group owns directly, sorted by ref', () => {
    const model = modelOf([
      ...departments(),
      component('z', { owner: 'a' }),
      system('s', { owner: 'a' }),
      component('y', { owner: 'dept' }),
    ]);
    const owned = checkOwnership(model);
    expect(owned[groupId(model, 'a')].map(n => n.ref)).toEqual([
      'component:default/z',
      'system:default/s',
    ]);
    expect(owned[groupId(model, 'dept')].map(n => n.ref)).toEqual([
      'component:default/y',
    ]);
    expect(owned[groupId(model, 'org')]).toEqual([]);
    expect(model.ctx.findings.sorted()).toEqual([]);
  });

  it("sends an orphan to the team owning its system, else to its owner's team", () => {
    const model = modelOf([
      ...departments(),
      user('solo'),
      system('s', { owner: 'b' }),
      component('in-s', { owner: 'user:ua', system: 's' }),
      component('loose', { owner: 'user:ua' }),
      component('lonely', { owner: 'user:solo' }),
    ]);
    checkOwnership(model);
    expect(
      model.ctx.findings
        .sorted()
        .map(f => [f.entityRef, f.teamRef, f.suggestion]),
    ).toEqual([
      [
        'component:default/in-s',
        'group:default/b',
        'Transfer component:default/in-s to group:default/b, which owns its system s',
      ],
      [
        'component:default/lonely',
        undefined,
        'Transfer component:default/lonely to the group (team) responsible for it instead of user:default/solo',
      ],
      [
        'component:default/loose',
        'group:default/a',
        'Transfer component:default/loose to group:default/a, the team of user:default/ua',
      ],
    ]);
  });

  it('counts the entities of an empty team without a parent in words', () => {
    const suggestionFor = (owned: number) => {
      const model = modelOf([
        group('idle'),
        ...Array.from({ length: owned }, (_, i) =>
          component(`c${i}`, { owner: 'idle' }),
        ),
      ]);
      checkOwnership(model);
      return model.ctx.findings
        .sorted()
        .find(f => f.id === 'empty-team:group:default/idle')?.suggestion;
    };
    expect(suggestionFor(1)).toBe(
      'Add members to group:default/idle or move its entity to a team with members',
    );
    expect(suggestionFor(2)).toBe(
      'Add members to group:default/idle or move its 2 entities to a team with members',
    );
  });

  it('names the parent of an empty team as the place for its entities', () => {
    const model = modelOf([
      ...departments(),
      group('idle', { parent: 'dept' }),
      component('x', { owner: 'idle' }),
    ]);
    checkOwnership(model);
    expect(model.ctx.findings.sorted().map(f => [f.id, f.suggestion])).toEqual([
      [
        'empty-team:group:default/idle',
        'Add members to group:default/idle or move its entity to group:default/dept',
      ],
      [
        'empty-team-owner:component:default/x',
        'Add members to group:default/idle or transfer component:default/x to group:default/dept, its parent group',
      ],
    ]);
  });
});
