import { screen } from '@testing-library/react';
import { coreApis } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { scorecardsApiRef } from '../../api/ScorecardsApi';
import {
  checkoutService,
  mockScorecardsApi,
} from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { TeamScorecardWidget } from './TeamScorecardWidget';

jest.setTimeout(60_000);

const ADA = 'user:default/ada';
const CHECKOUT = 'group:default/team-checkout';

/** Renders the widget for Ada, a member of Checkout unless `inTeam` is false. */
async function render(
  services: { items: (typeof checkoutService)[]; generatedAt?: string },
  inTeam = true,
) {
  const api = mockScorecardsApi();
  api.getServices.mockResolvedValue({
    ...services,
    total: services.items.length,
    offset: 0,
    limit: 1000,
  });
  await renderInTestApp(<TeamScorecardWidget />, {
    apis: [
      [
        coreApis.identity,
        mockApis.identity({
          userEntityRef: ADA,
          ownershipEntityRefs: inTeam ? [ADA, CHECKOUT] : [ADA],
        }),
      ],
      [
        catalogApiRef,
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: { name: 'ada', namespace: 'default' },
              spec: {},
              relations: inTeam
                ? [{ type: 'memberOf', targetRef: CHECKOUT }]
                : [],
            },
          ],
        }),
      ],
      [scorecardsApiRef, api],
    ],
    mountedRoutes: {
      '/scorecards': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
  return api;
}

describe('TeamScorecardWidget', () => {
  it("lists the team's services and what to fix first", async () => {
    const api = await render({
      items: [checkoutService],
      generatedAt: '2026-12-04T10:00:00.000Z',
    });
    // Once in the team's list, once in what to fix first.
    expect(
      await screen.findAllByRole('link', { name: 'Checkout Service' }),
    ).toHaveLength(2);
    expect(screen.getByText('What to fix first')).toBeInTheDocument();
    expect(screen.getByText(/Tests present on/)).toBeInTheDocument();
    expect(api.getServices).toHaveBeenCalledWith({ team: CHECKOUT });
  });

  it('lists a check several services fail once, naming each service', async () => {
    const basket = {
      ...checkoutService,
      entityRef: 'component:default/basket-service',
      title: 'Basket Service',
    };
    await render({
      items: [checkoutService, basket],
      generatedAt: '2026-12-04T10:00:00.000Z',
    });
    const items = await screen.findAllByText(/Tests present on/);
    expect(items).toHaveLength(1);
    expect(items[0].textContent).toBe('Tests present on 2 services');
    // Each service named once in the list above, once under the check.
    expect(
      screen.getAllByRole('link', { name: 'Basket Service' }),
    ).toHaveLength(2);
    expect(
      screen.getAllByRole('link', { name: 'Checkout Service' }),
    ).toHaveLength(2);
    // Both fail it for the same reason: the reason is shown once.
    expect(screen.getAllByText(/no test files found/)).toHaveLength(1);
  });

  it('never gives what the check asks as the reason when the services fail it for different ones', async () => {
    const behind = (
      entityRef: string,
      title: string,
      reason: string,
    ): typeof checkoutService => ({
      ...checkoutService,
      entityRef,
      title,
      scorecards: [
        {
          ...checkoutService.scorecards[0],
          checks: [
            {
              checkId: 'golden-path-recent',
              title: 'At most one version behind',
              description:
                'The service is at most one released template version behind.',
              severity: 'medium',
              level: 'silver',
              required: false,
              status: 'fail',
              reason,
            },
          ],
        },
      ],
    });
    await render({
      items: [
        behind(
          'component:default/orders',
          'Orders',
          'at 1.0.0, 4 versions behind 1.4.0 (at most 1 allowed)',
        ),
        behind(
          'component:default/basket',
          'Basket',
          'at 1.2.0, 2 versions behind 1.4.0 (at most 1 allowed)',
        ),
      ],
      generatedAt: '2026-12-04T10:00:00.000Z',
    });
    const item = (
      await screen.findByText('At most one version behind on 2 services')
    ).closest('li')!;
    expect(item.textContent).not.toContain(
      'is at most one released template version behind',
    );
    expect(item.textContent).toContain(
      'The reasons differ per service; for example Orders: at 1.0.0, 4 versions behind 1.4.0 (at most 1 allowed)',
    );
  });

  it('says the scorecards have not run yet rather than that the team owns nothing', async () => {
    await render({ items: [] });
    expect(
      await screen.findByText(/The scorecards have not been evaluated yet\./),
    ).toBeInTheDocument();
    expect(screen.queryByText(/own no/)).not.toBeInTheDocument();
  });

  it("says when the last run had none of the team's services", async () => {
    await render({ items: [], generatedAt: '2026-12-04T10:00:00.000Z' });
    expect(
      await screen.findByText(
        /None of your teams' services was in the last scorecard run \(.+\)\./,
      ),
    ).toBeInTheDocument();
  });

  it('says so when the user is in no team', async () => {
    await render({ items: [], generatedAt: '2026-12-04T10:00:00.000Z' }, false);
    expect(
      await screen.findByText(
        /You are in no team, so no service is yours to fix\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'See the whole fleet on the Scorecards page',
      }),
    ).toHaveAttribute('href', '/scorecards');
  });
});
