import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { scorecardsApi } from './extensions/apis';
import {
  serviceScorecardCard,
  teamScorecardCard,
} from './extensions/entityCards';
import { teamScorecardWidget } from './extensions/homeWidgets';
import { scorecardsPage } from './extensions/pages';
import { campaignsRouteRef, rootRouteRef } from './routes';

/**
 * Conway's scorecards in the portal: the Scorecards page, cards on service
 * and group pages, and a home page widget with the signed-in user's teams'
 * results.
 *
 * @public
 */
export const scorecardsPlugin = createFrontendPlugin({
  pluginId: 'scorecards',
  title: 'Scorecards',
  icon: <AssessmentIcon />,
  routes: { root: rootRouteRef },
  externalRoutes: { campaigns: campaignsRouteRef },
  extensions: [
    scorecardsApi,
    scorecardsPage,
    serviceScorecardCard,
    teamScorecardCard,
    teamScorecardWidget,
  ],
});
