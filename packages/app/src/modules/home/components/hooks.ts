import useAsync from 'react-use/esm/useAsync';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { goldenPathsApiRef } from '@conway/plugin-golden-paths';
import { Finding, ownershipApiRef } from '@conway/plugin-ownership';
import { namesByRef, refsIn } from '../lib/entityNames';
import { TEMPLATE_ANNOTATION } from '../lib/goldenPathStatus';
import { isNotFound } from './shared';

/** Fields of a service the home page reads. */
const SERVICE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'relations',
];

/** Fields that name an entity. */
const NAME_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

const byName = (a: Entity, b: Entity) =>
  (a.metadata.title ?? a.metadata.name).localeCompare(
    b.metadata.title ?? b.metadata.name,
  );

/** The Components the teams own (their `ownedBy` relation), by title. */
export function useTeamServices(teams: Entity[]) {
  const catalogApi = useApi(catalogApiRef);
  const refs = teams.map(t => stringifyEntityRef(t));
  return useAsync(async () => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'component', 'relations.ownedBy': refs },
      fields: SERVICE_FIELDS,
    });
    return items.sort(byName);
  }, [catalogApi, refs.join(',')]);
}

/** Every golden path with its versions and changelog. */
export function useGoldenPaths() {
  const api = useApi(goldenPathsApiRef);
  return useAsync(async () => (await api.listGoldenPaths()).items, [api]);
}

/** Findings of the teams, and display names for every entity their messages name. */
export interface TeamFindings {
  /** Per team ref; `undefined` when the analysis has not seen the team yet. */
  byTeam: Map<string, Finding[] | undefined>;
  /** When the oldest of the reports read was made (ISO 8601), if any. */
  analysedAt?: string;
  names: Map<string, string>;
}

/** What the ownership analysis found for each team, with names for the refs in its messages. */
export function useTeamFindings(teams: Entity[]) {
  const ownershipApi = useApi(ownershipApiRef);
  const catalogApi = useApi(catalogApiRef);
  const refs = teams.map(t => stringifyEntityRef(t));
  return useAsync(async (): Promise<TeamFindings> => {
    const byTeam = new Map<string, Finding[] | undefined>();
    let analysedAt: string | undefined;
    await Promise.all(
      refs.map(async ref => {
        try {
          const details = await ownershipApi.getTeam(ref);
          byTeam.set(ref, details.findings);
          if (
            details.generatedAt &&
            (!analysedAt || details.generatedAt < analysedAt)
          ) {
            analysedAt = details.generatedAt;
          }
        } catch (error) {
          if (!isNotFound(error as Error)) throw error;
          byTeam.set(ref, undefined);
        }
      }),
    );
    const mentioned = new Set<string>();
    for (const findings of byTeam.values()) {
      for (const f of findings ?? []) {
        [
          f.entityRef,
          ...(f.relatedRefs ?? []),
          ...refsIn(f.message),
          ...refsIn(f.suggestion),
        ].forEach(r => mentioned.add(r.toLowerCase()));
      }
    }
    const names = new Map<string, string>();
    if (mentioned.size > 0) {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: [...mentioned],
        fields: NAME_FIELDS,
      });
      namesByRef(items.filter((e): e is Entity => !!e)).forEach((v, k) =>
        names.set(k, v),
      );
    }
    return { byTeam, names, ...(analysedAt ? { analysedAt } : {}) };
  }, [ownershipApi, catalogApi, refs.join(',')]);
}

/** Every service made from a golden path, with display names of their owners (platform view). */
export function useFleet(enabled: boolean) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    if (!enabled) return undefined;
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'component',
        [`metadata.annotations.${TEMPLATE_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
      fields: SERVICE_FIELDS,
    });
    const ownerRefs = [
      ...new Set(
        items.flatMap(s =>
          (s.relations ?? [])
            .filter(r => r.type === 'ownedBy')
            .map(r => r.targetRef),
        ),
      ),
    ];
    const owners =
      ownerRefs.length > 0
        ? (
            await catalogApi.getEntitiesByRefs({
              entityRefs: ownerRefs,
              fields: NAME_FIELDS,
            })
          ).items.filter((e): e is Entity => !!e)
        : [];
    return { services: items.sort(byName), owners };
  }, [catalogApi, enabled]);
}

/** The signed-in user's newest scaffolder tasks. */
export function useRecentTasks(limit: number) {
  const scaffolderApi = useApi(scaffolderApiRef);
  return useAsync(
    async () =>
      (await scaffolderApi.listTasks({ filterByOwnership: 'owned', limit }))
        .tasks,
    [scaffolderApi, limit],
  );
}
