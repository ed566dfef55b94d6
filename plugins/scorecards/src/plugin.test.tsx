import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { scorecardsApiRef } from './api/ScorecardsApi';
import { scorecardsPage } from './extensions/pages';
import { scorecardsPlugin } from './plugin';
import { mockScorecardsApi } from './__testUtils__/fixtures';
import { ComponentScorecardCard } from './components/EntityCards/ComponentScorecardCard';
import { campaignsRouteRef, rootRouteRef } from './routes';

jest.setTimeout(60_000);

const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
  '/scorecards': rootRouteRef,
};

describe('scorecards frontend plugin', () => {
  it('has the page, the API, two entity cards and the home widget', () => {
    expect(scorecardsPlugin.pluginId).toBe('scorecards');
    for (const id of [
      'page:scorecards',
      'api:scorecards',
      'entity-card:scorecards/service',
      'entity-card:scorecards/team',
      'home-page-widget:scorecards/team',
    ] as const) {
      expect(scorecardsPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('shows the fleet: levels, teams by name, failing checks with how to fix', async () => {
    const api = mockScorecardsApi();
    // Not the platform team: no campaign to start from a check.
    const permission = mockApis.permission({ authorize: AuthorizeResult.DENY });
    const tester = createExtensionTester(scorecardsPage, { apis: [[scorecardsApiRef, api], permission] });
    expect(tester.get(coreExtensionData.routePath)).toBe('/scorecards');
    await renderInTestApp(tester.reactElement(), {
      apis: [[scorecardsApiRef, api], permission],
      mountedRoutes: { ...mountedRoutes, '/campaigns': campaignsRouteRef },
    });
    expect(await screen.findByText('Bronze: ', { exact: false })).toBeInTheDocument();
    expect((await screen.findAllByRole('link', { name: 'Checkout' }))[0]).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
    const fix = (await screen.findAllByRole('link', { name: 'How to fix' }))[0];
    expect(fix).toHaveAttribute('href', '/scorecards/guide/docs/scorecards.md#tests-present');
    expect(await screen.findByRole('link', { name: 'Checkout Service' })).toBeInTheDocument();
    expect(screen.queryByText('Start campaign')).not.toBeInTheDocument();
  });

  it('shows on a service what fails first, and what could not be checked with the reason', async () => {
    const api = mockScorecardsApi();
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout-service', namespace: 'default' },
      spec: { type: 'service' },
    };
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <ComponentScorecardCard />
      </EntityProvider>,
      { apis: [[scorecardsApiRef, api]], mountedRoutes },
    );
    expect(await screen.findByText('What fails, and how to fix it')).toBeInTheDocument();
    expect(screen.getByText('no test files found', { exact: false })).toBeInTheDocument();
    expect(screen.getByText('Could not be checked')).toBeInTheDocument();
    expect(screen.getByText('The repository is hosted on GitHub', { exact: false })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'How to fix' })).toHaveAttribute(
      'href',
      '/scorecards/guide/docs/scorecards.md#tests-present',
    );
  });
});
