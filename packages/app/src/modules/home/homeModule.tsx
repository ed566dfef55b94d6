import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageLayoutBlueprint } from '@backstage/plugin-home-react/alpha';

/** `home-page-layout:home`: Conway's personal home page around the installed widgets. */
const homePageLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./components/HomePage').then(m => m.HomePage),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [homePageLayout],
});
