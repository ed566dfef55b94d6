/*
 * Conway's backend: Backstage's plugins plus our own. Wiring only; logic lives
 * in the plugins and in packages/golden-path.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleFilePlaceholders } from './modules/catalogFilePlaceholders';
import { catalogModuleLocationTypes } from './modules/catalogLocationTypes';
import { catalogModuleTrustedTemplateLocations } from './modules/trustedTemplateLocations';
import { permissionModuleConwayPolicy } from './modules/permissionPolicy';
import { searchModuleAnswerWhileIndexing } from './modules/searchWhileIndexing';
import { authModuleTestDoubleSignIn } from './modules/testDoubleSignIn';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth. Guest sign-in exists for local development only: a production build
// never loads the module (and the provider itself refuses outside development).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
if (process.env.NODE_ENV !== 'production') {
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  // Test double: active only when a test's config sets auth.providers.test-double.
  backend.add(authModuleTestDoubleSignIn);
}

// Catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(catalogModuleLocationTypes);
// `file` registrations through the API only from local repositories, org/ and templates/
backend.add(import('@conway/plugin-catalog-backend-module-file-locations'));
// Users and groups named by their display names wherever Backstage reads metadata.title
backend.add(import('@conway/plugin-catalog-backend-module-display-names'));
// Templates only from locations the platform team controls (docs/deploy.md, "Permissions")
backend.add(catalogModuleTrustedTemplateLocations);
// Relative $text/$json/$yaml placeholders in file locations (local golden-path repositories)
backend.add(catalogModuleFilePlaceholders);
// Entities that fail processing (a broken file, an invalid entity) are listed
// with their errors at /api/catalog/unprocessed and on the portal's Unprocessed page.
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
// Ownership (Conway's law): the report under /api/ownership, and findings on entities
backend.add(import('@conway/plugin-ownership-backend'));
backend.add(import('@conway/plugin-catalog-backend-module-ownership'));
// Scorecards: every service against the SREs' scorecards (scorecards/*.yaml), under /api/scorecards
backend.add(import('@conway/plugin-scorecards-backend'));

// Scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Golden paths: render, validate, and publish locally when no Git host is configured
backend.add(import('@conway/plugin-scaffolder-backend-module-golden-path'));
backend.add(import('@conway/plugin-golden-paths-backend')); // Golden paths page API: versions, drift, upgrades
// Campaigns: a golden-path release shipped to the fleet by a date, as branches or pull requests per service
backend.add(import('@conway/plugin-campaigns-backend'));
// kubernetes:apply: policy-checked server-side apply to a cluster of kubernetes.clusterLocatorMethods
backend.add(import('@conway/plugin-scaffolder-backend-module-kubernetes'));

// Permissions: Conway's policy (platform-only template management and fleet
// upgrades, scaffolding for one's own team); see docs/deploy.md, "Permissions".
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleConwayPolicy);

// Search: Postgres engine when the database is Postgres, in-memory otherwise
// (answering an empty page, not a server error, until its first index is built)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(searchModuleAnswerWhileIndexing);
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
// Clusters vs catalog: /api/kubernetes-consistency
backend.add(import('@conway/plugin-kubernetes-consistency-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-events-backend'));

backend.start();
