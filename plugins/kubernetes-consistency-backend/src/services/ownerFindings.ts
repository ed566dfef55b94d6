import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Annotated } from './catalogIndex';
import { AddFinding, workloadLabel } from './findings';
import type { WorkloadRef } from './types';

/**
 * `workload-entity-without-team-owner`: an entity that selects workloads is
 * owned by a user, by a group that does not exist, by a group that is not a
 * team, or by no one.
 */
export function ownerFindings(
  annotatedEntities: Annotated[],
  workloadsByEntity: Map<string, WorkloadRef[]>,
  byRef: Map<string, Entity>,
  teamTypes: string[] | undefined,
  add: AddFinding,
): void {
  for (const a of annotatedEntities) {
    const selected = workloadsByEntity.get(a.ref)!;
    const problem = selected.length
      ? teamOwnerProblem(a, byRef, teamTypes)
      : undefined;
    if (problem) {
      add('workload-entity-without-team-owner', {
        entityRef: a.ref,
        workloads: selected,
        message: `${selected.length} workload(s) belong to ${a.ref}, which ${
          problem.message
        }: ${selected.slice(0, 3).map(workloadLabel).join(', ')}${
          selected.length > 3 ? ', …' : ''
        }.`,
        suggestion: problem.suggestion,
        ...(problem.related.length ? { relatedRefs: problem.related } : {}),
      });
    }
  }
}

/** Why an entity's owner is not a team, with the fix; undefined when it is one. */
export function teamOwnerProblem(
  a: Annotated,
  byRef: Map<string, Entity>,
  teamTypes: string[] | undefined,
): { message: string; suggestion: string; related: string[] } | undefined {
  const owner = (a.entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner.trim()) {
    return {
      message: 'has no owner',
      suggestion: `Set spec.owner of ${a.ref} to the team that runs it (a Group, e.g. group:default/team-…).`,
      related: [],
    };
  }
  let ref: string;
  try {
    ref = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: a.entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return {
      message: `has an owner that is not an entity ref ('${owner}')`,
      suggestion: `Set spec.owner of ${a.ref} to a team's entity ref, e.g. group:default/team-….`,
      related: [],
    };
  }
  const ownerEntity = byRef.get(ref);
  if (ref.startsWith('user:')) {
    const teams = (
      ((ownerEntity?.spec as { memberOf?: unknown } | undefined)?.memberOf as
        | string[]
        | undefined) ?? []
    )
      .map(m => {
        try {
          return stringifyEntityRef(
            parseEntityRef(m, {
              defaultKind: 'group',
              defaultNamespace: ownerEntity?.metadata.namespace ?? 'default',
            }),
          );
        } catch {
          return undefined;
        }
      })
      .filter((m): m is string =>
        Boolean(m && isTeam(byRef.get(m), teamTypes)),
      );
    return {
      message: `is owned by a person (${ref}), not a team`,
      suggestion: teams.length
        ? `Set spec.owner of ${a.ref} to ${teams.join(' or ')}, the team${
            teams.length > 1 ? 's' : ''
          } ${ref} belongs to.`
        : `Set spec.owner of ${a.ref} to the team that runs it.`,
      related: [ref, ...teams],
    };
  }
  if (!ownerEntity) {
    return {
      message: `is owned by ${ref}, which is not in the catalog`,
      suggestion: `Register ${ref}, or set spec.owner of ${a.ref} to an existing team.`,
      related: [ref],
    };
  }
  if (!ref.startsWith('group:') || !isTeam(ownerEntity, teamTypes)) {
    const type = (ownerEntity.spec as { type?: unknown } | undefined)?.type;
    return {
      message: `is owned by ${ref}, which is not a team${
        type ? ` (type '${type}')` : ''
      }`,
      suggestion: `Set spec.owner of ${a.ref} to the team within ${ref} that runs it.`,
      related: [ref],
    };
  }
  return undefined;
}

function isTeam(
  entity: Entity | undefined,
  teamTypes: string[] | undefined,
): boolean {
  if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'group')
    return false;
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return !teamTypes || teamTypes.includes(String(type));
}
