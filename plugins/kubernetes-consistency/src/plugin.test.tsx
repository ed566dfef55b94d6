import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  ConsistencyReportResponse,
  kubernetesConsistencyApiRef,
} from './api/KubernetesConsistencyApi';
import { clusterConsistencyCard } from './extensions/entityCards';
import { clusterVsCatalogOwnershipTab } from './extensions/ownershipTabs';
import { kubernetesConsistencyPlugin } from './plugin';

jest.setTimeout(60_000);

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', namespace: 'default' },
  spec: {},
});

describe('kubernetes-consistency frontend plugin', () => {
  it('is a frontend plugin with the API, the component card and the Ownership tab', () => {
    const plugin = kubernetesConsistencyPlugin;
    expect(plugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(plugin.pluginId).toBe('kubernetes-consistency');
    expect(plugin.getExtension('api:kubernetes-consistency')).toBeDefined();
    expect(
      plugin.getExtension(
        'entity-card:kubernetes-consistency/cluster-consistency',
      ),
    ).toBeDefined();
    expect(
      plugin.getExtension(
        'ownership-tab:kubernetes-consistency/cluster-vs-catalog',
      ),
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

  it("adds a 'Cluster vs catalog' tab to the Ownership page with the fleet comparison", async () => {
    const report: ConsistencyReportResponse = {
      state: 'no-clusters',
      generatedAt: '2026-11-22T20:00:00.000Z',
      durationMs: 3,
      clusters: [],
      summary: {} as ConsistencyReportResponse['summary'],
      findings: [],
    };
    const api = {
      getReport: jest.fn().mockResolvedValue(report),
      getEntity: jest.fn(),
    };
    const tester = createExtensionTester(clusterVsCatalogOwnershipTab);
    expect(tester.get(coreExtensionData.title)).toBe('Cluster vs catalog');
    await renderInTestApp(tester.reactElement(), {
      apis: [[kubernetesConsistencyApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByText(
        /No Kubernetes cluster is configured in the portal/,
      ),
    ).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledWith({ refresh: false });
  });
});
