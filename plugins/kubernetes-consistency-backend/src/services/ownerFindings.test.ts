import { Entity } from '@backstage/catalog-model';
import { indexCatalog } from './catalogIndex';
import { matchWorkloads } from './matchWorkloads';
import { ownerFindings, teamOwnerProblem } from './ownerFindings';
import {
  collectFindings,
  entity,
  kubernetesId,
  workload,
} from '../__testUtils__/builders';

const ORG = [
  entity('Group', 'team-a', { type: 'team' }),
  entity('Group', 'dept', { type: 'department' }),
  entity('User', 'ada', { memberOf: ['team-a', 'dept', 'not a ref:'] }),
];

const problemOf = (owner: unknown, teamTypes?: string[]) => {
  const catalog = indexCatalog([
    ...ORG,
    entity('Component', 'svc', { owner }, kubernetesId('svc')),
  ]);
  return teamOwnerProblem(
    catalog.annotatedEntities[0],
    catalog.byRef,
    teamTypes,
  );
};

describe('teamOwnerProblem', () => {
  it('accepts a group that is a team, any group when no team types are given', () => {
    expect(problemOf('team-a', ['team'])).toBeUndefined();
    expect(problemOf('group:default/dept')).toBeUndefined();
  });

  it('explains each other owner, with the fix', () => {
    expect(problemOf(undefined)?.message).toBe('has no owner');
    expect(problemOf('user:')?.message).toBe(
      "has an owner that is not an entity ref ('user:')",
    );
    expect(problemOf('user:ada', ['team'])).toEqual({
      message: 'is owned by a person (user:default/ada), not a team',
      suggestion:
        'Set spec.owner of component:default/svc to group:default/team-a, the team user:default/ada belongs to.',
      related: ['user:default/ada', 'group:default/team-a'],
    });
    expect(problemOf('team-gone')).toMatchObject({
      message:
        'is owned by group:default/team-gone, which is not in the catalog',
      related: ['group:default/team-gone'],
    });
    expect(problemOf('dept', ['team'])?.message).toBe(
      "is owned by group:default/dept, which is not a team (type 'department')",
    );
  });
});

describe('ownerFindings', () => {
  it('reports only entities that select workloads, naming the first three', () => {
    const entities: Entity[] = [
      ...ORG,
      entity('Component', 'busy', { owner: 'user:ada' }, kubernetesId('busy')),
      entity('Component', 'idle', { owner: 'user:ada' }, kubernetesId('idle')),
    ];
    const { annotatedEntities, byRef } = indexCatalog(entities);
    const { workloadsByEntity } = matchWorkloads(
      ['w1', 'w2', 'w3', 'w4'].map(n => workload(n, kubernetesId('busy'))),
      annotatedEntities,
    );
    const findings = collectFindings(add =>
      ownerFindings(annotatedEntities, workloadsByEntity, byRef, ['team'], add),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      type: 'workload-entity-without-team-owner',
      entityRef: 'component:default/busy',
      message:
        "4 workload(s) belong to component:default/busy, which is owned by a person (user:default/ada), not a team: Deployment shop/w1 (cluster 'dev'), Deployment shop/w2 (cluster 'dev'), Deployment shop/w3 (cluster 'dev'), ….",
      relatedRefs: ['user:default/ada', 'group:default/team-a'],
    });
    expect(findings[0].workloads).toHaveLength(4);
  });
});
