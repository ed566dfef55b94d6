import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { ownershipApi } from './extensions/apis';
import {
  componentHistoryCard,
  entityAlignmentCard,
  teamHistoryCard,
  teamOwnershipCard,
} from './extensions/entityCards';
import { ownershipPage } from './extensions/pages';
import { rootRouteRef } from './routes';

/**
 * Conway's ownership analysis in the portal: the Ownership page and the
 * ownership cards on group, component and system pages, with actual
 * ownership from git history. Other plugins add
 * tabs to the Ownership page through its `tabs` input.
 *
 * @public
 */
export const ownershipPlugin = createFrontendPlugin({
  pluginId: 'ownership',
  title: 'Ownership',
  icon: <AccountTreeIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    ownershipApi,
    ownershipPage,
    teamOwnershipCard,
    entityAlignmentCard,
    componentHistoryCard,
    teamHistoryCard,
  ],
});
