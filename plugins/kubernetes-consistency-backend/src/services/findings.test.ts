import { countByType, FindingCollector } from './findings';

const dev = (name: string) => ({
  cluster: 'dev',
  kind: 'Deployment' as const,
  namespace: 'shop',
  name,
});

describe('FindingCollector', () => {
  it('gives each finding an id from its type, entity and workloads, and a severity by type', () => {
    const collector = new FindingCollector();
    collector.add('workload-without-entity', {
      workloads: [dev('redis')],
      message: 'm',
      suggestion: 's',
    });
    collector.add('label-annotation-mismatch', {
      entityRef: 'component:default/a',
      workloads: [dev('a'), dev('b')],
      message: 'm',
      suggestion: 's',
    });
    expect(collector.sorted().map(f => [f.id, f.severity])).toEqual([
      [
        'label-annotation-mismatch:component:default/a:dev/shop/Deployment/a:dev/shop/Deployment/b',
        'error',
      ],
      ['workload-without-entity::dev/shop/Deployment/redis', 'warning'],
    ]);
  });

  it('sorts by type in the documented order, then by id, and counts each type', () => {
    const collector = new FindingCollector();
    for (const [type, ref] of [
      ['entity-without-workload', 'b'],
      ['workload-entity-without-team-owner', 'b'],
      ['entity-without-workload', 'a'],
    ] as const) {
      collector.add(type, {
        entityRef: ref,
        workloads: [],
        message: 'm',
        suggestion: 's',
      });
    }
    const sorted = collector.sorted();
    expect(sorted.map(f => f.id)).toEqual([
      'workload-entity-without-team-owner:b',
      'entity-without-workload:a',
      'entity-without-workload:b',
    ]);
    expect(countByType(sorted)).toEqual({
      'label-annotation-mismatch': 0,
      'workload-entity-without-team-owner': 1,
      'workload-without-entity': 0,
      'entity-without-workload': 2,
    });
  });
});
