import { normalizeOptions } from '../analyzeOwnership';
import { indexEntities } from '../model';
import { api, component, group, system } from '../__testUtils__/entities';
import { AnalysisContext } from './context';

const contextOf = (entities: unknown[], teamTypes?: string[]) =>
  new AnalysisContext(entities, normalizeOptions({ teamTypes }), findings =>
    indexEntities(entities, findings),
  );

describe('AnalysisContext', () => {
  const entities = [
    group('team-a'),
    group('dept', { type: 'Department' }),
    component('svc'),
    system('payments'),
    api('orders', {}, 'shop'),
  ];

  it('resolves a reference and reports nothing', () => {
    const ctx = contextOf(entities);
    const svc = ctx.nodes.get('component:default/svc')!;
    expect(
      ctx.resolveRelation(svc, 'dependsOn', 'Component:SVC', 'component'),
    ).toBe(svc);
    expect(ctx.findings.sorted()).toEqual([]);
  });

  it('reports an invalid, a missing (with a guess) and a wrong-kind reference', () => {
    const ctx = contextOf(entities);
    const svc = ctx.nodes.get('component:default/svc')!;
    expect(
      ctx.resolveRelation(svc, 'dependsOn', ':x', 'component'),
    ).toBeUndefined();
    expect(
      ctx.resolveRelation(svc, 'system', 'payment', 'system', ['system']),
    ).toBeUndefined();
    expect(
      ctx.resolveRelation(svc, 'consumesApis', 'payments', 'api', ['api']),
    ).toBeUndefined();
    expect(
      ctx.resolveRelation(svc, 'system', 'component:svc', 'system', ['system']),
    ).toBeUndefined();
    expect(ctx.findings.sorted().map(f => [f.id, f.suggestion])).toEqual([
      [
        'dangling-reference:component:default/svc:consumesApis:api:default/payments',
        'Change spec.consumesApis of component:default/svc to system:default/payments (did you mean it?) or add api:default/payments to the catalog',
      ],
      [
        'dangling-reference:component:default/svc:system:component:default/svc',
        'Point spec.system of component:default/svc at a System',
      ],
      [
        'dangling-reference:component:default/svc:system:system:default/payment',
        'Add system:default/payment to the catalog or remove it from spec.system of component:default/svc',
      ],
      [
        'invalid-reference:component:default/svc:dependsOn::x',
        'Write the reference as [<kind>:][<namespace>/]<name>, e.g. component:default/<name>',
      ],
    ]);
  });

  it('guesses the same name in the default namespace', () => {
    const ctx = contextOf(entities);
    expect(ctx.didYouMean('api', 'orders', 'default')).toBeUndefined();
    expect(ctx.didYouMean('system', 'payments', 'shop')?.ref).toBe(
      'system:default/payments',
    );
  });

  it('tells teams by type, ignoring case', () => {
    const ctx = contextOf(entities, ['team', 'department']);
    expect(ctx.groups.map(g => [g.name, ctx.isTeam(g)])).toEqual([
      ['dept', true],
      ['team-a', true],
    ]);
    expect(contextOf(entities).isTeam(ctx.groups[0])).toBe(false);
  });

  it('leaves teamRef and relatedRefs out of a finding rather than undefined', () => {
    const ctx = contextOf(entities);
    ctx.add({
      id: 'x',
      type: 'no-owner',
      severity: 'error',
      entityRef: 'component:default/svc',
      teamRef: undefined,
      relatedRefs: undefined,
      message: 'm',
      suggestion: 's',
    });
    expect(Object.keys(ctx.findings.sorted()[0])).toEqual([
      'id',
      'type',
      'severity',
      'entityRef',
      'message',
      'suggestion',
    ]);
  });
});
