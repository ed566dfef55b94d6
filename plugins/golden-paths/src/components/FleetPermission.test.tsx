/*
 * In a file of its own: usePermission caches answers per permission for the
 * whole module (SWR), so a denial must not follow an allowance in one file.
 */
import { screen } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockGoldenPathsApi } from '../__testUtils__/fixtures';
import { renderGoldenPathsPages } from '../__testUtils__/renderPages';

jest.setTimeout(60_000);

it('hides the fleet upgrade without the fleet permission, and keeps single upgrades', async () => {
  const api = mockGoldenPathsApi();
  await renderGoldenPathsPages(
    '/golden-paths/typescript-service',
    api,
    AuthorizeResult.DENY,
  );
  expect(
    await screen.findByRole('button', {
      name: 'Upgrade component:default/orders-api',
    }),
  ).toBeInTheDocument();
  expect(
    screen.queryByRole('button', { name: /Upgrade all behind/ }),
  ).toBeNull();
  expect(api.upgradeFleet).not.toHaveBeenCalled();
});
