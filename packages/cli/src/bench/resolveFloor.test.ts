import { resolveFloor } from './resolveFloor';

const entity = (
  kind: string,
  name: string,
  spec: object,
  namespace?: string,
) => ({
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec,
});

describe('resolveFloor', () => {
  it('counts every reference an ownership analysis reads and the ones that name an entity', () => {
    const result = resolveFloor([
      entity('Group', 'team-a', { type: 'team', parent: 'org', children: [] }),
      entity('Group', 'org', { type: 'organization', children: ['team-a'] }),
      entity('User', 'ann', { memberOf: ['team-a', 'group:default/gone'] }),
      entity('Component', 'shop', {
        owner: 'team-a',
        system: 'sales',
        dependsOn: ['resource:db', 'component:missing'],
        providesApis: ['shop-api'],
        consumesApis: ['Ops/pager'],
      }),
      entity('API', 'shop-api', { owner: 'group:team-a' }),
      entity('API', 'pager', { owner: 'team-a' }, 'ops'),
      entity('Resource', 'db', { owner: 'team-a', system: 'sales' }),
      entity('System', 'sales', { owner: 'team-a' }),
      // Not a kind the analysis reads: left alone.
      entity('Template', 'svc', { owner: 'team-a' }),
    ]);
    // parent, children, memberOf ×2, owner ×6, system ×2, dependsOn ×2, providesApis, consumesApis.
    // Not found: group:default/gone, component:default/missing, and pager's owner, which a short
    // reference looks up in its own namespace (group:ops/team-a).
    expect(result).toEqual({ entities: 9, references: 15, resolved: 12 });
  });
});
