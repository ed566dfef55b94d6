import { indexCatalog } from './catalogIndex';
import { matchWorkloads } from './matchWorkloads';
import { entity, kubernetesId, workload } from '../__testUtils__/builders';

describe('matchWorkloads', () => {
  it('matches equality and set-based selectors, within the annotated namespace only', () => {
    const { annotatedEntities } = indexCatalog([
      entity('Component', 'api', {}, kubernetesId('api')),
      entity(
        'Component',
        'web',
        {},
        {
          'backstage.io/kubernetes-label-selector': 'app in (web, www)',
        },
      ),
      entity(
        'Component',
        'scoped',
        {},
        {
          ...kubernetesId('api'),
          'backstage.io/kubernetes-namespace': 'elsewhere',
        },
      ),
      entity('Component', 'idle', {}, kubernetesId('idle')),
    ]);
    const api = workload('api', kubernetesId('api'));
    const www = workload('www', { app: 'www' });
    const other = workload('other', { app: 'other' });
    const { matchesOf, workloadsByEntity } = matchWorkloads(
      [api, www, other],
      annotatedEntities,
    );
    expect(matchesOf.get(api)!.map(a => a.ref)).toEqual([
      'component:default/api',
    ]);
    expect(matchesOf.get(www)!.map(a => a.ref)).toEqual([
      'component:default/web',
    ]);
    expect(matchesOf.get(other)).toEqual([]);
    expect(Object.fromEntries(workloadsByEntity)).toEqual({
      'component:default/api': [
        { cluster: 'dev', kind: 'Deployment', namespace: 'shop', name: 'api' },
      ],
      'component:default/web': [
        { cluster: 'dev', kind: 'Deployment', namespace: 'shop', name: 'www' },
      ],
      'component:default/scoped': [],
      'component:default/idle': [],
    });
  });
});
