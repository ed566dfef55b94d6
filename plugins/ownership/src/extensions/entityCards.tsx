import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-card:ownership/team`: on group pages, what the team owns, its score and findings. */
export const teamOwnershipCard = EntityCardBlueprint.make({
  name: 'team',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/EntityCards/GroupOwnershipCard').then(m => (
        <m.GroupOwnershipCard />
      )),
  },
});

/** `entity-card:ownership/alignment`: on component and system pages, how ownership aligns. */
export const entityAlignmentCard = EntityCardBlueprint.make({
  name: 'alignment',
  params: {
    filter: { kind: { $in: ['component', 'system'] } },
    loader: () =>
      import('../components/EntityCards/EntityAlignmentCard').then(m => (
        <m.EntityAlignmentCard />
      )),
  },
});

/** `entity-card:ownership/component-history`: on component pages, who actually changes it (git history). */
export const componentHistoryCard = EntityCardBlueprint.make({
  name: 'component-history',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityCards/ComponentHistoryCard').then(m => (
        <m.ComponentHistoryCard />
      )),
  },
});

/** `entity-card:ownership/team-history`: on group pages, what the team declares and actually changes (git history). */
export const teamHistoryCard = EntityCardBlueprint.make({
  name: 'team-history',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/EntityCards/TeamHistoryCard').then(m => (
        <m.TeamHistoryCard />
      )),
  },
});
