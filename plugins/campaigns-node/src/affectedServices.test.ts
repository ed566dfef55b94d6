import type { Entity } from '@backstage/catalog-model';
import { affectedByRefs, affectedByTemplateRelease } from './affectedServices';

const component = (
  name: string,
  annotations: Record<string, string>,
  owner = 'team-a',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, title: name.toUpperCase(), annotations },
  spec: { owner, type: 'service' },
});

const ts = (version?: string) => ({
  'conway.dev/template': 'typescript-service',
  ...(version ? { 'conway.dev/template-version': version } : {}),
});

describe('affectedByTemplateRelease', () => {
  it('takes the services of the template recorded on an older version (or none)', () => {
    const services = affectedByTemplateRelease(
      [
        component('old', ts('1.2.0'), 'group:default/team-b'),
        component('same', ts('1.4.0')),
        component('newer', ts('1.10.0')),
        component('unknown', ts()),
        component('other', {
          'conway.dev/template': 'upgrade-service',
          'conway.dev/template-version': '0.1.0',
        }),
        { ...component('api', ts('1.0.0')), kind: 'API' },
      ],
      { template: 'typescript-service', minVersion: '1.4.0' },
    );
    expect(
      services.map(s => [s.entityRef, s.title, s.owner, s.version]),
    ).toEqual([
      ['component:default/old', 'OLD', 'group:default/team-b', '1.2.0'],
      [
        'component:default/unknown',
        'UNKNOWN',
        'group:default/team-a',
        undefined,
      ],
    ]);
  });
});

describe('affectedByRefs', () => {
  it('keeps the given order and names the refs the catalog does not know', () => {
    const entities = [component('a', {}), component('b', {})];
    const { services, missing } = affectedByRefs(entities, [
      'component:default/b',
      'Component:default/A',
      'component:default/gone',
    ]);
    expect(services.map(s => s.entityRef)).toEqual([
      'component:default/b',
      'component:default/a',
    ]);
    expect(missing).toEqual(['component:default/gone']);
  });
});
