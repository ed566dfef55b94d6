import useAsync from 'react-use/esm/useAsync';
import {
  Entity,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { coreApis, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { displayName } from '../lib/entityNames';

/** The signed-in user as the catalog knows them. */
export interface SignedInUser {
  userEntityRef: string;
  /** Absent when the sign-in resolved to a user the catalog does not have. */
  user?: Entity;
  /** Groups the user is a member of (their `memberOf` relations), by display name. */
  teams: Entity[];
  /** The teams' parent groups (departments), for naming where a team sits. */
  parents: Entity[];
}

/** Fields of a group the home page reads. */
const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.type',
  'spec.profile',
  'relations',
];

/** Loads the signed-in user, their teams and the teams' parents from the catalog. */
export function useSignedInUser() {
  const identityApi = useApi(coreApis.identity);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<SignedInUser> => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    const user = await catalogApi.getEntityByRef(userEntityRef);
    const teamRefs = [
      ...new Set(
        (user?.relations ?? [])
          .filter(r => r.type === RELATION_MEMBER_OF)
          .map(r => r.targetRef),
      ),
    ];
    const teams = await byRefs(catalogApi, teamRefs);
    const parentRefs = [
      ...new Set(
        teams.flatMap(t =>
          (t.relations ?? [])
            .filter(r => r.type === 'childOf')
            .map(r => r.targetRef),
        ),
      ),
    ];
    const parents = await byRefs(catalogApi, parentRefs);
    return { userEntityRef, user, teams, parents };
  }, [identityApi, catalogApi]);
}

async function byRefs(
  catalogApi: { getEntitiesByRefs: typeof catalogApiRef.T.getEntitiesByRefs },
  refs: string[],
): Promise<Entity[]> {
  if (refs.length === 0) return [];
  const { items } = await catalogApi.getEntitiesByRefs({
    entityRefs: refs,
    fields: GROUP_FIELDS,
  });
  return items
    .filter((e): e is Entity => e !== undefined)
    .sort(
      (a, b) =>
        displayName(a).localeCompare(displayName(b)) ||
        stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
    );
}
