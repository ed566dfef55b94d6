import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { scaffolderModule } from './modules/scaffolder';

// Plugins listed in package.json are discovered (`app.packages: all`); these
// modules customise the navigation, the home page, the sign-in page and the
// Create page (golden-path form fields, wizard and task page).
export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    scaffolderModule,
  ],
});
