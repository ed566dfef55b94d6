import { analyzeOwnership } from './analyzeOwnership';
import {
  findingsForEntity,
  reportToCsv,
  teamAncestors,
  teamDescendants,
  teamReport,
} from './reportHelpers';
import { OwnershipReport } from './types';
import { component, group, user } from './__testUtils__/entities';

function reportWith(findings: OwnershipReport['findings']): OwnershipReport {
  return { ...analyzeOwnership([]), findings };
}

describe('reportToCsv', () => {
  it('writes a header and quotes fields as RFC 4180 says', () => {
    const csv = reportToCsv(
      reportWith([
        {
          id: 'no-owner:component:default/x',
          type: 'no-owner',
          severity: 'error',
          entityRef: 'component:default/x',
          relatedRefs: ['a', 'b'],
          message: 'says "hi", twice',
          suggestion: 'line one\nline two',
        },
        {
          id: 'empty-team:group:default/t',
          type: 'empty-team',
          severity: 'warning',
          entityRef: 'group:default/t',
          teamRef: 'group:default/t',
          message: '=HYPERLINK("http://x")',
          suggestion: ' padded',
        },
      ]),
    );
    expect(csv).toBe(
      'id,type,severity,entityRef,teamRef,relatedRefs,message,suggestion\r\n' +
        'no-owner:component:default/x,no-owner,error,component:default/x,,a b,"says ""hi"", twice","line one\nline two"\r\n' +
        'empty-team:group:default/t,empty-team,warning,group:default/t,group:default/t,,"\'=HYPERLINK(""http://x"")"," padded"\r\n',
    );
  });

  it('writes only the header without findings', () => {
    expect(reportToCsv(analyzeOwnership([]))).toBe(
      'id,type,severity,entityRef,teamRef,relatedRefs,message,suggestion\r\n',
    );
  });
});

describe('lookups', () => {
  const report = analyzeOwnership([
    group('org', { type: 'organization' }),
    group('dept', { type: 'department', parent: 'org' }),
    group('team', { parent: 'dept' }),
    user('u', ['team']),
    component('x', { owner: 'team', dependsOn: ['ghost'] }),
    component('y'),
  ]);

  it('finds the findings of an entity by full or short ref', () => {
    expect(
      findingsForEntity(report, 'component:default/x').map(f => f.type),
    ).toEqual(['dangling-reference']);
    expect(findingsForEntity(report, 'Y').map(f => f.type)).toEqual([
      'no-owner',
    ]);
    expect(findingsForEntity(report, 'component:')).toEqual([]);
  });

  it('finds a team and its ancestors', () => {
    expect(teamReport(report, 'TEAM')!.ref).toBe('group:default/team');
    expect(teamReport(report, 'group:other/team')).toBeUndefined();
    expect(teamAncestors(report, 'team').map(t => t.ref)).toEqual([
      'group:default/dept',
      'group:default/org',
    ]);
  });

  it('finds a group\'s descendants, depth first', () => {
    const org = analyzeOwnership([
      group('org', { type: 'organization' }),
      group('dept', { type: 'department', parent: 'org' }),
      group('b', { parent: 'dept' }),
      group('a', { parent: 'dept' }),
      group('a1', { parent: 'a' }),
      group('other', { type: 'department', parent: 'org' }),
    ]);
    expect(teamDescendants(org, 'dept').map(t => t.name)).toEqual([
      'a',
      'a1',
      'b',
    ]);
    expect(teamDescendants(org, 'org').map(t => t.name)).toEqual([
      'dept',
      'a',
      'a1',
      'b',
      'other',
    ]);
    // A group with no teams, and an unknown group.
    expect(teamDescendants(org, 'other')).toEqual([]);
    expect(teamDescendants(org, 'ghost')).toEqual([]);
  });
});
