import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  coreExtensionData,
  createExtension,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ownershipApiRef } from './api/OwnershipApi';
import {
  componentHistoryCard,
  entityAlignmentCard,
  teamHistoryCard,
  teamOwnershipCard,
} from './extensions/entityCards';
import { ownershipPage } from './extensions/pages';
import { ownershipPlugin } from './plugin';
import { mockOwnershipApi } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', namespace: 'default' },
  spec: {},
});

describe('ownership frontend plugin', () => {
  it('is a frontend plugin with the page, the API and four entity cards', () => {
    expect(ownershipPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(ownershipPlugin.pluginId).toBe('ownership');
    expect(ownershipPlugin.getExtension('page:ownership')).toBeDefined();
    expect(ownershipPlugin.getExtension('api:ownership')).toBeDefined();
    expect(
      ownershipPlugin.getExtension('entity-card:ownership/team'),
    ).toBeDefined();
    expect(
      ownershipPlugin.getExtension('entity-card:ownership/alignment'),
    ).toBeDefined();
    expect(
      ownershipPlugin.getExtension('entity-card:ownership/component-history'),
    ).toBeDefined();
    expect(
      ownershipPlugin.getExtension('entity-card:ownership/team-history'),
    ).toBeDefined();
  });

  it('shows the history cards on components and groups only', () => {
    const component = createExtensionTester(componentHistoryCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(component?.(entity('Component'))).toBe(true);
    expect(component?.(entity('System'))).toBe(false);
    expect(component?.(entity('Group'))).toBe(false);
    const team = createExtensionTester(teamHistoryCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(team?.(entity('Group'))).toBe(true);
    expect(team?.(entity('Component'))).toBe(false);
  });

  it('mounts the page at /ownership and renders it', async () => {
    const api = mockOwnershipApi();
    const tester = createExtensionTester(ownershipPage, {
      apis: [[ownershipApiRef, api]],
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('/ownership');
    await renderInTestApp(tester.reactElement(), {
      apis: [[ownershipApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByText('Alignment score', undefined, {
        timeout: 15_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('group:default/team-checkout')).toBeInTheDocument();
  });

  it("shows tabs that other plugins attach to the page's tabs input", async () => {
    const api = mockOwnershipApi();
    const tab = createExtension({
      kind: 'ownership-tab',
      name: 'test',
      attachTo: { id: 'page:ownership', input: 'tabs' },
      output: [coreExtensionData.title, coreExtensionData.reactElement],
      factory: () => [
        coreExtensionData.title('From another plugin'),
        coreExtensionData.reactElement(<p>Attached section</p>),
      ],
    });
    // The page as the plugin provides it (id page:ownership), where the tab attaches.
    const tester = createExtensionTester(
      ownershipPlugin.getExtension('page:ownership'),
      { apis: [[ownershipApiRef, api]] },
    ).add(tab);
    await renderInTestApp(tester.reactElement(), {
      apis: [[ownershipApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    await userEvent.click(
      await screen.findByRole('tab', { name: 'From another plugin' }),
    );
    expect(screen.getByText('Attached section')).toBeInTheDocument();
  });

  it('shows the team card on groups only', () => {
    const filter = createExtensionTester(teamOwnershipCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(entity('Group'))).toBe(true);
    expect(filter?.(entity('Component'))).toBe(false);
  });

  it('shows the alignment card on components and systems only', async () => {
    const tester = createExtensionTester(entityAlignmentCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(entity('Component'))).toBe(true);
    expect(filter?.(entity('System'))).toBe(true);
    expect(filter?.(entity('Group'))).toBe(false);
    expect(filter?.(entity('API'))).toBe(false);

    const api = mockOwnershipApi({
      getEntity: jest
        .fn()
        .mockRejectedValue(
          Object.assign(new Error('missing'), { name: 'NotFoundError' }),
        ),
    });
    await renderInTestApp(
      <EntityProvider entity={entity('Component')}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[ownershipApiRef, api]] },
    );
    expect(
      await screen.findByText(
        'The ownership analysis has not seen this entity yet.',
      ),
    ).toBeInTheDocument();
  });
});
