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

