import { analyzeOwnership } from '../analyzeOwnership';
import {
  component,
  departments,
  domain,
  system,
} from '../__testUtils__/entities';
import { groupId, modelOf } from '../__testUtils__/model';
import { analyzeCohesion } from './cohesion';

describe('cohesion, through analyzeOwnership', () => {
  it('aligns parts owned by the system owner or a group under it', () => {
    const report = analyzeOwnership([
      ...departments(),
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
      ...departments(),
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
      ...departments(),
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
});

describe('analyzeCohesion', () => {
  it("charges a misplaced part to both the container's owner and the part's", () => {
    const model = modelOf([
      ...departments(),
      system('s', { owner: 'a' }),
      component('x', { owner: 'a', system: 's' }),
      component('y', { owner: 'c', system: 's' }),
    ]);
    const cohesion = analyzeCohesion(model);
    const [a, c, dept] = ['a', 'c', 'dept'].map(n => groupId(model, n));
    expect([cohesion.groupParts[a], cohesion.groupAlignedParts[a]]).toEqual([
      2, 1,
    ]);
    expect([cohesion.groupParts[c], cohesion.groupAlignedParts[c]]).toEqual([
      1, 0,
    ]);
    expect(cohesion.groupParts[dept]).toBe(0);
    const [s] = cohesion.systems;
    expect(s.alignedCount).toBe(1);
    expect(s.misaligned.map(p => p.ref)).toEqual(['component:default/y']);
    expect(s.unrelated.map(g => g.name)).toEqual(['a', 'c']);
    expect([...s.partsPerUnrelated]).toEqual([
      [a, 1],
      [c, 1],
    ]);
    expect(cohesion.domains).toEqual([]);
  });

  it('merges groups under another into it, and aligns parts of an unowned container by owner ref', () => {
    const model = modelOf([
      ...departments(),
      system('s', { owner: 'dept' }),
      component('x', { owner: 'a', system: 's' }),
      component('y', { owner: 'b', system: 's' }),
      system('t', { owner: 'ghost' }),
      component('z', { owner: 'ghost', system: 't' }),
    ]);
    const { systems } = analyzeCohesion(model);
    expect(
      systems.map(s => [
        s.container.name,
        s.unrelated.map(g => g.name),
        s.alignedCount,
      ]),
    ).toEqual([
      ['s', ['dept'], 2],
      ['t', [], 1],
    ]);
    expect(model.ctx.findings.sorted()).toEqual([]);
  });

  it('reports a split system as a warning when it has no owner', () => {
    const model = modelOf([
      ...departments(),
      system('s'),
      component('x', { owner: 'a', system: 's' }),
      component('y', { owner: 'c', system: 's' }),
    ]);
    analyzeCohesion(model);
    expect(model.ctx.findings.sorted()).toMatchObject([
      {
        id: 'split-system:system:default/s',
        severity: 'warning',
        relatedRefs: ['component:default/x', 'component:default/y'],
        suggestion:
          'Give system:default/s one owning team (spec.owner) and move the parts other teams own to systems those teams own',
      },
    ]);
  });
});
