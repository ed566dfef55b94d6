import { analyzeOwnership } from '../analyzeOwnership';
import { component, departments, group } from '../__testUtils__/entities';

describe('root causes', () => {
  it('groups every finding that follows from a catalog without User entities under one cause', () => {
    const report = analyzeOwnership([
      group('a', { members: ['ann', 'bob'] }),
      group('b', { members: ['cy'] }),
      component('svc', { owner: 'a' }),
    ]);
    expect(report.rootCauses).toEqual([
      {
        id: 'no-users',
        severity: 'error',
        message:
          'The catalog has no User entities: 2 entities list members that do not exist, 2 teams have no members, 1 entity is owned by groups without members',
        suggestion:
          'Add the User entities (the users file, or an org provider such as GitHub, LDAP or Microsoft Graph) to what is analysed; the findings below follow from their absence',
        findingIds: [
          'dangling-reference:group:default/a:members:user:default/ann',
          'dangling-reference:group:default/a:members:user:default/bob',
          'dangling-reference:group:default/b:members:user:default/cy',
          'empty-team:group:default/a',
          'empty-team:group:default/b',
          'empty-team-owner:component:default/svc',
        ],
        count: 6,
      },
    ]);
    expect(
      report.findings.filter(f => f.rootCauseId === 'no-users'),
    ).toHaveLength(6);
  });

  it('groups references to one missing entity, and leaves single findings alone', () => {
    const report = analyzeOwnership([
      ...departments(),
      component('x', { owner: 'platform' }),
      component('y', { owner: 'platform', dependsOn: ['component:gone'] }),
      component('z', { owner: 'a', dependsOn: ['platform'] }),
    ]);
    expect(report.rootCauses).toEqual([
      {
        id: 'missing-entity:group:default/platform',
        severity: 'error',
        message:
          'group:default/platform does not exist, and 2 references name it (spec.owner of 2)',
        suggestion:
          'Add group:default/platform to the catalog, or change the 2 references to an entity that exists',
        findingIds: [
          'unknown-owner:component:default/x',
          'unknown-owner:component:default/y',
        ],
        count: 2,
      },
    ]);
    // component:platform (z's dependency) and component:gone are other entities, named once each.
    const single = report.findings.filter(
      f => f.type === 'dangling-reference',
    );
    expect(single.map(f => [f.id, f.rootCauseId])).toEqual([
      ['dangling-reference:component:default/y:dependsOn:component:default/gone', undefined],
      ['dangling-reference:component:default/z:dependsOn:component:default/platform', undefined],
    ]);
  });
});

describe('finding sources', () => {
  it('names the file and line the caller gives for each entity, the invalid one included', () => {
    const entities = [
      ...departments(),
      component('orphan'),
      { kind: 'Component', metadata: {} },
    ];
    const report = analyzeOwnership(
      entities,
      {},
      { sourceOf: position => ({ file: 'catalog.yaml', line: position * 10 + 1 }) },
    );
    const byId = new Map(report.findings.map(f => [f.id, f.source]));
    expect(byId.get('no-owner:component:default/orphan')).toEqual({
      file: 'catalog.yaml',
      line: 91,
    });
    expect(byId.get('invalid-entity:#10')).toEqual({
      file: 'catalog.yaml',
      line: 101,
    });
  });

  it('falls back to the managed-by-location annotations the catalog sets', () => {
    const orphan = component('orphan');
    const report = analyzeOwnership([
      ...departments(),
      {
        ...orphan,
        metadata: {
          ...orphan.metadata,
          annotations: {
            'backstage.io/managed-by-location':
              'url:https://github.com/acme/shop/blob/main/catalog-info.yaml',
            'backstage.io/managed-by-origin-location':
              'url:https://github.com/acme/catalog/blob/main/all.yaml',
          },
        },
      },
    ]);
    expect(report.findings[0].source).toEqual({
      file: 'https://github.com/acme/shop/blob/main/catalog-info.yaml',
    });
    // Without annotations or a lookup, no source.
    const plain = analyzeOwnership([...departments(), orphan]);
    expect(plain.findings[0].source).toBeUndefined();
  });
});
