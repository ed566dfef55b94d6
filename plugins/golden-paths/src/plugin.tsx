import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import { goldenPathsApi } from './extensions/apis';
import { entityGoldenPathCard } from './extensions/entityCards';
import { goldenPathsPage } from './extensions/pages';
import { goldenPathRouteRef, rootRouteRef } from './routes';

/**
 * Golden paths in the portal: each golden path's versions, the services on
 * them, their drift, and upgrades of one or all of them; plus a card on the
 * pages of the components made from a golden path.
 *
 * @public
 */
export const goldenPathsPlugin = createFrontendPlugin({
  pluginId: 'golden-paths',
  title: 'Golden paths',
  icon: <CallSplitIcon />,
  routes: { root: rootRouteRef, goldenPath: goldenPathRouteRef },
  extensions: [goldenPathsApi, goldenPathsPage, entityGoldenPathCard],
});
