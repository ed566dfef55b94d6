import { annotated, indexCatalog } from './catalogIndex';
import { entity, kubernetesId } from '../__testUtils__/builders';

describe('annotated', () => {
  it('uses the label selector annotation, else backstage.io/kubernetes-id=<id>', () => {
    expect(
      annotated(entity('Component', 'a', {}, kubernetesId('a-id'))),
    ).toMatchObject({
      ref: 'component:default/a',
      id: 'a-id',
      hasIdAnnotation: true,
      selectorText: 'backstage.io/kubernetes-id=a-id',
      requirements: [
        { key: 'backstage.io/kubernetes-id', op: '=', value: 'a-id' },
      ],
    });
    const bySelector = annotated(
      entity(
        'Component',
        'b',
        {},
        {
          'backstage.io/kubernetes-label-selector': 'app=b',
          'backstage.io/kubernetes-namespace': 'shop',
        },
      ),
    );
    expect(bySelector).toMatchObject({
      id: 'b',
      hasIdAnnotation: false,
      selectorText: 'app=b',
      namespace: 'shop',
    });
    expect(annotated(entity('Component', 'c'))).toBeUndefined();
  });

  it('keeps an invalid selector with the parser’s reason instead of requirements', () => {
    const a = annotated(
      entity(
        'Component',
        'd',
        {},
        {
          'backstage.io/kubernetes-label-selector': 'app in (d',
        },
      ),
    );
    expect(a?.requirements).toBeUndefined();
    expect(a?.selectorError).toBe("cannot parse 'app in (d'");
  });
});

describe('indexCatalog', () => {
  it('indexes every entity by ref, components by name whatever the kind’s case, and the annotated ones', () => {
    const entities = [
      entity('Group', 'team-a', { type: 'team' }),
      entity('component', 'api', {}, kubernetesId('api')),
      entity('Resource', 'api', {}, kubernetesId('api-db')),
    ];
    const index = indexCatalog(entities);
    expect([...index.byRef.keys()]).toEqual([
      'group:default/team-a',
      'component:default/api',
      'resource:default/api',
    ]);
    expect(index.componentsByName.get('api')).toEqual([entities[1]]);
    expect(index.annotatedEntities.map(a => a.ref)).toEqual([
      'component:default/api',
      'resource:default/api',
    ]);
  });
});
