import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { goldenPathsApiRef } from '../api/GoldenPathsApi';
import { GoldenPathsRouter } from '../components/GoldenPathsRouter';
import { rootRouteRef } from '../routes';
import { mockEntityPresentationApi, mockGoldenPathsApi } from './fixtures';

/**
 * Renders the golden-paths pages at `path` (e.g. `/golden-paths/x`) over a
 * mocked API, with the fleet-upgrade permission allowed or denied and the
 * owners' display names from {@link mockEntityPresentationApi}.
 */
export function renderGoldenPathsPages(
  path: string,
  api: ReturnType<typeof mockGoldenPathsApi>,
  fleet: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return renderInTestApp(<GoldenPathsRouter />, {
    mountPath: '/golden-paths',
    initialRouteEntries: [path],
    apis: [
      [goldenPathsApiRef, api],
      [entityPresentationApiRef, mockEntityPresentationApi()],
      mockApis.permission({
        authorize: req =>
          req.permission.name === 'golden-paths.upgrade.fleet'
            ? fleet
            : AuthorizeResult.ALLOW,
      }),
    ],
    mountedRoutes: {
      '/golden-paths': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
}
