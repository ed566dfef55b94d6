import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  ClusterStatus,
  ConsistencyFinding,
  ConsistencyReportResponse,
  EntityConsistencyResponse,
  KubernetesConsistencyApi,
  kubernetesConsistencyApiRef,
} from '../../api/KubernetesConsistencyApi';
import { ClusterConsistencySection } from './ClusterConsistencySection';
import { EntityClusterConsistencyCard } from './EntityClusterConsistencyCard';

jest.setTimeout(30_000);

const OK: ClusterStatus = {
  name: 'dev',
  status: 'ok',
  workloads: 3,
  durationMs: 12,
};
const UNREACHABLE: ClusterStatus = {
  name: 'prod',
  title: 'Production',
  status: 'error',
  workloads: 0,
  durationMs: 30_000,
  error: {
    reason: 'unreachable',
    message:
      "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: ECONNREFUSED",
  },
};

const FINDINGS: ConsistencyFinding[] = [
  {
    id: 'workload-without-entity:dev/payments/Deployment/ledger',
    type: 'workload-without-entity',
    severity: 'error',
    message: 'dev: payments/Deployment/ledger maps to no catalog entity.',
    suggestion: 'Register a component with backstage.io/kubernetes-id: ledger.',
    workloads: [
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'payments',
        name: 'ledger',
      },
    ],
  },
  {
    id: 'label-annotation-mismatch:component:default/orders-api',
    type: 'label-annotation-mismatch',
    severity: 'error',
    message:
      "dev: checkout/Deployment/orders: label backstage.io/kubernetes-id is 'orders', the annotation of component:default/orders-api says 'orders-api'.",
    suggestion: 'Set the label to orders-api in the manifests.',
    entityRef: 'component:default/orders-api',
    workloads: [
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'checkout',
        name: 'orders',
      },
    ],
  },
  {
    id: 'entity-without-workload:component:default/label-printer',
    type: 'entity-without-workload',
    severity: 'warning',
    message:
      'component:default/label-printer has Kubernetes annotations (backstage.io/kubernetes-id=label-printer) but no workload in dev.',
    suggestion: 'Deploy it, or remove the annotation.',
    entityRef: 'component:default/label-printer',
    workloads: [],
  },
];

function report(
  overrides: Partial<ConsistencyReportResponse> = {},
): ConsistencyReportResponse {
  return {
    state: 'drift',
    generatedAt: '2026-11-22T20:00:00.000Z',
    durationMs: 40,
    clusters: [OK],
    summary: {
      workloads: 3,
      mappedWorkloads: 1,
      annotatedEntities: 2,
      annotatedEntitiesWithWorkloads: 1,
      findingsByType: {
        'workload-without-entity': 1,
        'workload-entity-without-team-owner': 0,
        'entity-without-workload': 1,
        'label-annotation-mismatch': 1,
      },
      catalogEntities: 120,
    },
    findings: FINDINGS,
    ...overrides,
  };
}

function mockApi(
  overrides: Partial<KubernetesConsistencyApi> = {},
): jest.Mocked<KubernetesConsistencyApi> {
  return {
    getReport: jest.fn().mockResolvedValue(report()),
    getEntity: jest.fn(),
    ...overrides,
  } as jest.Mocked<KubernetesConsistencyApi>;
}

const routes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('ClusterConsistencySection', () => {
  const render = (api: KubernetesConsistencyApi) =>
    renderInTestApp(<ClusterConsistencySection />, {
      apis: [[kubernetesConsistencyApiRef, api]],
      mountedRoutes: routes,
    });

  it('groups the findings: unmapped workloads, unowned, annotated without workload, mismatches', async () => {
    const api = mockApi();
    await render(api);
    expect(
      await screen.findByText('Workloads no catalog entity maps to (1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'dev: payments/Deployment/ledger maps to no catalog entity.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Workloads whose entity has no owning team (0)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Every mapped workload has an owning team.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Components with Kubernetes annotations but no workload (1)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Label and annotation mismatches (1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/label backstage\.io\/kubernetes-id is 'orders'/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Suggestion: Set the label to orders-api in the manifests.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Workloads: dev: checkout/Deployment/orders'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^3 workloads in 1 of 1 cluster \(dev\)/),
    ).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledWith({ refresh: false });

    await userEvent.click(
      screen.getByRole('button', { name: /Compare again/ }),
    );
    expect(api.getReport).toHaveBeenLastCalledWith({ refresh: true });
  });

  it('says so when no cluster is configured, and shows no findings', async () => {
    await render(
      mockApi({
        getReport: jest
          .fn()
          .mockResolvedValue(
            report({ state: 'no-clusters', clusters: [], findings: [] }),
          ),
      }),
    );
    expect(
      await screen.findByText(
        /No Kubernetes cluster is configured in the portal/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Workloads no catalog entity/),
    ).not.toBeInTheDocument();
  });

  it('names an unreachable cluster and why, next to the findings of the clusters it could read', async () => {
    await render(
      mockApi({
        getReport: jest
          .fn()
          .mockResolvedValue(report({ clusters: [OK, UNREACHABLE] })),
      }),
    );
    expect(
      await screen.findByText(
        /Cluster 'Production' could not be read \(unreachable\): Cluster 'prod' \(https:\/\/10\.0\.0\.1:6443\) is unreachable: ECONNREFUSED/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/in 1 of 2 clusters/)).toBeInTheDocument();
  });

  it('shows only the error when every cluster failed (nothing compared)', async () => {
    await render(
      mockApi({
        getReport: jest.fn().mockResolvedValue(
          report({
            state: 'clusters-unreadable',
            clusters: [UNREACHABLE],
            findings: [],
          }),
        ),
      }),
    );
    expect(await screen.findByText(/could not be read/)).toBeInTheDocument();
    expect(
      screen.queryByText(/Label and annotation mismatches/),
    ).not.toBeInTheDocument();
  });

  it("shows the backend's message when the request fails", async () => {
    await render(
      mockApi({
        getReport: jest.fn().mockRejectedValue(new Error('Missing permission')),
      }),
    );
    expect(
      await screen.findByText(
        'The cluster comparison failed: Missing permission',
      ),
    ).toBeInTheDocument();
  });
});

describe('EntityClusterConsistencyCard', () => {
  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': 'orders-api' },
    },
    spec: {},
  };
  const render = (api: KubernetesConsistencyApi) =>
    renderInTestApp(
      <EntityProvider entity={component}>
        <EntityClusterConsistencyCard />
      </EntityProvider>,
      { apis: [[kubernetesConsistencyApiRef, api]], mountedRoutes: routes },
    );

  const entityResponse = (
    overrides: Partial<EntityConsistencyResponse>,
  ): EntityConsistencyResponse => ({
    state: 'consistent',
    generatedAt: '2026-11-22T20:00:00.000Z',
    entityRef: 'component:default/orders-api',
    kubernetes: { labelSelector: 'backstage.io/kubernetes-id=orders-api' },
    workloads: [],
    findings: [],
    clusters: [OK],
    ...overrides,
  });
  const ORDERS_WORKLOAD = {
    cluster: 'dev',
    kind: 'Deployment',
    namespace: 'checkout',
    name: 'orders-api',
  } as const;

  it("drift: shows the component's selector, workloads and findings", async () => {
    const api = mockApi({
      getEntity: jest.fn().mockResolvedValue(
        entityResponse({
          state: 'drift',
          workloads: [ORDERS_WORKLOAD],
          findings: [FINDINGS[1]],
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('Findings (1)')).toBeInTheDocument();
    expect(api.getEntity).toHaveBeenCalledWith('component:default/orders-api');
    expect(
      screen.getByText('backstage.io/kubernetes-id=orders-api'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('dev: checkout/Deployment/orders-api'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/label backstage\.io\/kubernetes-id is 'orders'/),
    ).toBeInTheDocument();
    // The card is the entity's own: no link back to it.
    expect(screen.queryByText(/^Entity:/)).not.toBeInTheDocument();
  });

  it('consistent: shows the workloads and says the clusters agree', async () => {
    await render(
      mockApi({
        getEntity: jest
          .fn()
          .mockResolvedValue(entityResponse({ workloads: [ORDERS_WORKLOAD] })),
      }),
    );
    expect(await screen.findByText('Workloads (1)')).toBeInTheDocument();
    expect(screen.getByText('Findings (0)')).toBeInTheDocument();
    expect(
      screen.getByText('The clusters agree with the catalog.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/could not be read/)).not.toBeInTheDocument();
  });

  it('consistent in the clusters read: names the cluster it could not read', async () => {
    await render(
      mockApi({
        getEntity: jest.fn().mockResolvedValue(
          entityResponse({
            workloads: [ORDERS_WORKLOAD],
            clusters: [OK, UNREACHABLE],
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(/Cluster 'Production' could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The clusters that could be read agree with the catalog.',
      ),
    ).toBeInTheDocument();
  });

  it('not-annotated: says the component has no Kubernetes annotations', async () => {
    await render(
      mockApi({
        getEntity: jest
          .fn()
          .mockResolvedValue(
            entityResponse({ state: 'not-annotated', kubernetes: null }),
          ),
      }),
    );
    expect(
      await screen.findByText(/No Kubernetes annotations/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Workloads \(/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/No Kubernetes cluster is configured/),
    ).not.toBeInTheDocument();
  });

  it('no-clusters: an annotated component shows its selector and that no cluster is configured, never "no annotations"', async () => {
    await render(
      mockApi({
        getEntity: jest
          .fn()
          .mockResolvedValue(
            entityResponse({ state: 'no-clusters', clusters: [] }),
          ),
      }),
    );
    expect(
      await screen.findByText(
        /No Kubernetes cluster is configured in the portal/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=orders-api'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No Kubernetes annotations/),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Workloads \(/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/agree with the catalog/),
    ).not.toBeInTheDocument();
  });

  it('clusters-unreadable: names each cluster and why, and claims nothing about workloads', async () => {
    await render(
      mockApi({
        getEntity: jest.fn().mockResolvedValue(
          entityResponse({
            state: 'clusters-unreadable',
            clusters: [UNREACHABLE],
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(
        /Cluster 'Production' could not be read \(unreachable\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No configured cluster could be read, so its workloads are not known.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=orders-api'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/No Kubernetes annotations/),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Workloads \(/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/agree with the catalog/),
    ).not.toBeInTheDocument();
  });

  it('says when the comparison does not know the entity yet', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'No entity found' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    );
    await render(
      mockApi({
        getEntity: jest
          .fn()
          .mockRejectedValue(await ResponseError.fromResponse(response)),
      }),
    );
    expect(
      await screen.findByText(
        /The cluster comparison has not seen this entity yet/,
      ),
    ).toBeInTheDocument();
  });
});

describe('names in findings', () => {
  const presentationApi: EntityPresentationApi = {
    forEntity(ref) {
      const fallback = defaultEntityPresentation(ref as string);
      const snapshot = {
        ...fallback,
        primaryTitle:
          ref === 'component:default/label-printer'
            ? 'Label printer'
            : fallback.primaryTitle,
      };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };

  it('shows each entity by its display name (or its name when it has none), linked, with the ref as title', async () => {
    await renderInTestApp(<ClusterConsistencySection />, {
      apis: [
        [kubernetesConsistencyApiRef, mockApi()],
        [entityPresentationApiRef, presentationApi],
      ],
      mountedRoutes: routes,
    });
    await screen.findByText('Label and annotation mismatches (1)');
    // In the message and in the "Entity:" line.
    const printer = screen.getAllByRole('link', { name: 'Label printer' });
    expect(printer.length).toBe(2);
    for (const link of printer) {
      expect(link).toHaveAttribute('title', 'component:default/label-printer');
      expect(link).toHaveAttribute(
        'href',
        '/catalog/default/component/label-printer',
      );
    }
    expect(
      screen.getByText(/has Kubernetes annotations \(backstage/),
    ).toHaveTextContent(/^Label printer has Kubernetes annotations/);
    // No title in the catalog: its name, never blank.
    expect(
      screen
        .getAllByRole('link', { name: 'orders-api' })
        .every(l => l.getAttribute('title') === 'component:default/orders-api'),
    ).toBe(true);
    expect(screen.queryByText(/component:default\//)).not.toBeInTheDocument();
  });
});
