/*
 * In a file of its own: usePermission caches answers per permission for the
 * test file, and here the platform team's answer is "allowed".
 */
import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scorecardsApiRef } from '../../api/ScorecardsApi';
import { mockScorecardsApi } from '../../__testUtils__/fixtures';
import { campaignsRouteRef, rootRouteRef } from '../../routes';
import { ScorecardsPage } from './ScorecardsPage';

jest.setTimeout(60_000);

it('offers the platform team to start a campaign from a failing check, pre-filled on the Campaigns page', async () => {
  await renderInTestApp(<ScorecardsPage />, {
    apis: [
      [scorecardsApiRef, mockScorecardsApi()],
      mockApis.permission({
        authorize: req =>
          req.permission.name === 'campaigns.manage'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }),
    ],
    mountedRoutes: {
      '/scorecards': rootRouteRef,
      '/campaigns': campaignsRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
  const start = await screen.findByRole('link', {
    name: 'Start campaign: Tests present',
  });
  expect(start).toHaveAttribute(
    'href',
    '/campaigns?scorecard=production-readiness&check=tests-present',
  );
});
