import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import { campaignsApi } from './extensions/apis';
import { campaignsPage } from './extensions/pages';
import { rootRouteRef } from './routes';

/**
 * Campaigns in the portal: every campaign, each one's services per team with
 * their state and the burndown, the start form for the platform team and
 * exemptions for owners.
 *
 * @public
 */
export const campaignsPlugin = createFrontendPlugin({
  pluginId: 'campaigns',
  title: 'Campaigns',
  icon: <TrendingDownIcon />,
  routes: { root: rootRouteRef },
  extensions: [campaignsApi, campaignsPage],
});
