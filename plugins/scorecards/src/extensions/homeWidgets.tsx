import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

/** The name Conway's home page layout places this widget by. */
export const TEAM_WIDGET_NAME = 'ScorecardsTeam';

/** `home-page-widget:scorecards/team`: the signed-in user's teams' levels and what to fix first. */
export const teamScorecardWidget = HomePageWidgetBlueprint.make({
  name: 'team',
  params: {
    name: TEAM_WIDGET_NAME,
    title: 'Your scorecards',
    description: "Your teams' services per scorecard level, and what to fix first",
    components: () =>
      import('../components/HomeWidget/TeamScorecardWidget').then(m => ({
        Content: m.TeamScorecardWidget,
      })),
  },
});
