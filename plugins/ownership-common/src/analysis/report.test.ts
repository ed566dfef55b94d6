import {
  component,
  departments,
  domain,
  group,
  system,
} from '../__testUtils__/entities';
import { modelOf } from '../__testUtils__/model';
import { analyzeCohesion } from './cohesion';
import { analyzeCoupling } from './coupling';
import { analyzeDependencyFlow } from './dependencyFlow';
import { checkOwnership } from './ownership';
import { buildReport } from './report';
import { countScores } from './scores';

function reportOf(entities: unknown[]) {
  const model = modelOf(entities);
  const owned = checkOwnership(model);
  const cohesion = analyzeCohesion(model);
  const coupling = analyzeCoupling(model);
  const dependencies = analyzeDependencyFlow(model, coupling);
  const scores = countScores(model, owned, cohesion, coupling);
  return buildReport(model, {
    owned,
    cohesion,
    coupling,
    scores,
    dependencies,
  });
}

describe('buildReport', () => {
  const withTitle = (e: ReturnType<typeof system>, title: string) => ({
    ...e,
    metadata: { ...e.metadata, title },
  });

  it('reports every group in ref order, with titles where the catalog has them', () => {
    const report = reportOf([
      withTitle(group('zeta', { parent: 'dept' }), 'Zeta Team'),
      ...departments(),
    ]);
    expect(report.teams.map(t => t.name)).toEqual([
      'a',
      'b',
      'c',
      'dept',
      'org',
      'other-dept',
      'zeta',
    ]);
    const zeta = report.teams[6];
    expect(zeta).toMatchObject({
      title: 'Zeta Team',
      parentRef: 'group:default/dept',
      depth: 2,
      isTeam: true,
      findingIds: ['empty-team:group:default/zeta'],
    });
    expect(report.teams[3].childRefs).toEqual([
      'group:default/a',
      'group:default/b',
      'group:default/zeta',
    ]);
    expect('title' in report.teams[0]).toBe(false);
  });

  it('sorts systems and domains by ref; domains carry no domainRef', () => {
    const report = reportOf([
      ...departments(),
      domain('d', { owner: 'dept' }),
      withTitle(system('z', { owner: 'a', domain: 'd' }), 'Zed'),
      system('m', { owner: 'b' }),
    ]);
    expect(report.systems.map(s => [s.ref, s.domainRef, s.title])).toEqual([
      ['system:default/m', null, undefined],
      ['system:default/z', 'domain:default/d', 'Zed'],
    ]);
    expect(report.domains).toEqual([
      {
        ref: 'domain:default/d',
        name: 'd',
        ownerRef: 'group:default/dept',
        parts: [
          {
            ref: 'system:default/z',
            kind: 'system',
            ownerRef: 'group:default/a',
            ownerIsGroup: true,
            aligned: true,
          },
        ],
        owningTeams: ['group:default/a'],
        unrelatedTeams: ['group:default/dept'],
        cohesion: 1,
        split: false,
      },
    ]);
  });

  it('summarises counts, coverage and findings by severity and type', () => {
    const report = reportOf([
      ...departments(),
      system('s', { owner: 'a' }),
      component('x', { owner: 'a', system: 's' }),
      component('y', { owner: 'ghost' }),
      component('z'),
      { kind: 'Location', metadata: { name: 'ignored' } },
    ]);
    expect(report.summary).toMatchObject({
      entityCount: 13,
      ignoredEntityCount: 1,
      ownedEntityCount: 4,
      coverage: 0.5,
      orphanCount: 2,
      groupCount: 6,
      teamCount: 3,
      userCount: 3,
      systemCount: 1,
      domainCount: 0,
      findingCounts: { error: 2, warning: 0, info: 0 },
      findingCountsByType: { 'no-owner': 1, 'unknown-owner': 1 },
    });
    expect(report.options).toEqual({
      teamLoadThreshold: 6,
      teamTypes: ['team'],
      layerOrder: ['website', 'service', 'library'],
      hubMinDegree: 5,
    });
    expect(report.findings.map(f => f.id)).toEqual([
      'no-owner:component:default/z',
      'unknown-owner:component:default/y',
    ]);
  });
});
