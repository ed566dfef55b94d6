import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-card:scorecards/service`: on service pages, the levels and what fails with how to fix it. */
export const serviceScorecardCard = EntityCardBlueprint.make({
  name: 'service',
  params: {
    filter: { kind: 'component', 'spec.type': 'service' },
    loader: () =>
      import('../components/EntityCards/ComponentScorecardCard').then(m => (
        <m.ComponentScorecardCard />
      )),
  },
});

/** `entity-card:scorecards/team`: on group pages, the team's (or department's) services and their levels. */
export const teamScorecardCard = EntityCardBlueprint.make({
  name: 'team',
  params: {
    filter: { kind: 'group', 'spec.type': { $in: ['team', 'department'] } },
    loader: () =>
      import('../components/EntityCards/GroupScorecardCard').then(m => (
        <m.GroupScorecardCard />
      )),
  },
});
