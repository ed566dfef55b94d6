import { analyzeOwnership } from './analyzeOwnership';
import {
  whoOwnsWhat,
  whoOwnsWhatToCsv,
  WHO_OWNS_WHAT_COLUMNS,
} from './whoOwnsWhat';
import {
  component,
  group,
  loadExampleOrg,
  system,
  user,
} from './__testUtils__/entities';

describe('whoOwnsWhat', () => {
  const entities = loadExampleOrg();
  const rows = whoOwnsWhat(entities, analyzeOwnership(entities));

  it('has a row per owned entity with display names, team path, system, domain and lifecycle', () => {
    expect(
      rows.find(r => r.entityRef === 'component:default/checkout-service'),
    ).toEqual({
      entity: 'checkout-service',
      entityRef: 'component:default/checkout-service',
      kind: 'Component',
      owner: 'Checkout',
      ownerRef: 'group:default/team-checkout',
      ownerExists: true,
      teamPath: 'Northwind Freight / Commerce / Checkout',
      system: 'Checkout',
      systemRef: 'system:default/checkout',
      domain: 'Commerce',
      domainRef: 'domain:default/commerce',
      lifecycle: 'production',
    });
    expect(rows.filter(r => r.kind === 'Group' || r.kind === 'User')).toEqual(
      [],
    );
  });

  it('names people by their display name and says when an owner does not exist', () => {
    const legacy = rows.find(r => r.entity === 'legacy-invoicing')!;
    expect(legacy).toMatchObject({
      owner: 'Olga Petrova',
      ownerRef: 'user:default/olga.petrova',
      ownerExists: true,
      teamPath: '',
      lifecycle: 'deprecated',
    });
    const printer = rows.find(r => r.entity === 'label-printer')!;
    expect(printer).toMatchObject({
      owner: 'team-printing',
      ownerRef: 'group:default/team-printing',
      ownerExists: false,
    });
    expect(whoOwnsWhatToCsv([printer])).toContain(
      ',team-printing (not in the catalog),group:default/team-printing,',
    );
  });

  it('sorts by team path and handles missing owners, systems and duplicates', () => {
    const small = [
      group('b', { profile: { displayName: 'Team B' } }),
      group('a'),
      user('u', ['a', 'b']),
      component('z', { owner: 'a' }),
      component('y', { owner: 'b', system: 'nowhere' }),
      component('x', {}),
      component('x', { owner: 'b' }),
      system('s', { owner: 'a' }),
    ];
    const result = whoOwnsWhat(small, analyzeOwnership(small));
    expect(result.map(r => [r.entity, r.owner, r.teamPath, r.system])).toEqual([
      ['x', '', '', ''],
      ['s', 'a', 'a', ''],
      ['z', 'a', 'a', ''],
      ['y', 'Team B', 'Team B', 'nowhere'],
    ]);
  });

  it('writes CSV with one header row', () => {
    const csv = whoOwnsWhatToCsv(rows);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(WHO_OWNS_WHAT_COLUMNS.join(','));
    expect(lines[0]).toBe(
      'entity,entityRef,kind,owner,ownerRef,teamPath,system,systemRef,domain,domainRef,lifecycle',
    );
    expect(lines).toContain(
      'checkout-service,component:default/checkout-service,Component,Checkout,group:default/team-checkout,Northwind Freight / Commerce / Checkout,Checkout,system:default/checkout,Commerce,domain:default/commerce,production',
    );
    expect(lines).toHaveLength(rows.length + 2);
  });
});
