import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { kubernetesConsistencyApi, ownershipApi } from './extensions/apis';
import {
  clusterConsistencyCard,
  entityAlignmentCard,
  teamOwnershipCard,
} from './extensions/entityCards';
import { ownershipPage } from './extensions/pages';
import { rootRouteRef } from './routes';

/**
 * Conway's ownership analysis in the portal: the Ownership page and the
 * ownership cards on group, component and system pages, and the comparison of
 * the Kubernetes clusters with the catalog (page section and component card).
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
    kubernetesConsistencyApi,
    clusterConsistencyCard,
  ],
});
