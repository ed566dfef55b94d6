import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ownershipApiRef } from './api/OwnershipApi';
import {
  clusterConsistencyCard,
  entityAlignmentCard,
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
  it('is a frontend plugin with the page, the API and two entity cards', () => {
    expect(ownershipPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(ownershipPlugin.id).toBe('ownership');
    expect(ownershipPlugin.getExtension('page:ownership')).toBeDefined();
    expect(ownershipPlugin.getExtension('api:ownership')).toBeDefined();
    expect(
      ownershipPlugin.getExtension('entity-card:ownership/team'),
    ).toBeDefined();
    expect(
      ownershipPlugin.getExtension('entity-card:ownership/alignment'),
    ).toBeDefined();
    expect(
      ownershipPlugin.getExtension('api:ownership/kubernetes-consistency'),
    ).toBeDefined();
    expect(
      ownershipPlugin.getExtension('entity-card:ownership/cluster-consistency'),
    ).toBeDefined();
  });

  it('shows the cluster vs catalog card on components only', () => {
    const filter = createExtensionTester(clusterConsistencyCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(entity('Component'))).toBe(true);
    expect(filter?.(entity('System'))).toBe(false);
    expect(filter?.(entity('Group'))).toBe(false);
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
    expect(await screen.findByText('Alignment score')).toBeInTheDocument();
    expect(screen.getByText('team-checkout')).toBeInTheDocument();
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
