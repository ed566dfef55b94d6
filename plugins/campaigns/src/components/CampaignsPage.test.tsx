import { fireEvent, screen, within } from '@testing-library/react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type {
  CampaignDetailResponse,
  CampaignService,
} from '@conway/plugin-campaigns-common';
import { burndown, groupByTeam } from '@conway/plugin-campaigns-common';
import { CampaignsApi, campaignsApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { CampaignsPage } from './CampaignsPage';

jest.setTimeout(30_000);

const TITLES: Record<string, string> = {
  'group:default/team-checkout': 'Checkout',
  'group:default/team-payments': 'Payments',
  'component:default/orders': 'Orders service',
  'component:default/payments': 'Payments service',
  'component:default/ledger': 'Ledger',
  'user:default/sre': 'Sam Reed',
};
const presentationApi: EntityPresentationApi = {
  forEntity(entityOrRef) {
    const ref =
      typeof entityOrRef === 'string'
        ? entityOrRef
        : stringifyEntityRef(entityOrRef);
    const fallback = defaultEntityPresentation(ref);
    const snapshot = {
      ...fallback,
      primaryTitle: TITLES[ref] ?? fallback.primaryTitle,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

const NOW = new Date();
const campaign = {
  id: 'replica-history',
  title: 'Replica history',
  description: '',
  target: {
    type: 'template-release' as const,
    template: 'typescript-service',
    minVersion: '1.4.0',
  },
  deadline: '2027-01-31',
  status: 'active' as const,
  createdBy: 'user:default/sre',
  createdAt: NOW.toISOString(),
};
const svc = (
  name: string,
  owner: string,
  extra: Partial<CampaignService>,
): CampaignService => ({
  entityRef: `component:default/${name}`,
  title: TITLES[`component:default/${name}`],
  owner: `group:default/${owner}`,
  ownerTitle: TITLES[`group:default/${owner}`],
  state: 'not-started',
  fromVersion: '1.3.0',
  toVersion: '1.4.0',
  updatedAt: NOW.toISOString(),
  ...extra,
});
const services = [
  svc('orders', 'team-checkout', {
    state: 'branch-open',
    branch: 'conway/campaign-replica-history',
    repository: 'local:/repos/orders',
  }),
  svc('payments', 'team-payments', {
    state: 'conflicted',
    conflicts: [{ path: 'k8s/base/deployment.yaml', kind: 'content' }],
  }),
  svc('ledger', 'team-payments', {
    state: 'failed',
    error: "Version '0.0.1' is unknown",
  }),
];

function detail(
  canManage: boolean,
  ownershipRefs: string[],
): CampaignDetailResponse {
  return {
    campaign: {
      ...campaign,
      counts: {
        'not-started': 0,
        'branch-open': 1,
        'pr-open': 0,
        conflicted: 1,
        merged: 0,
        exempted: 0,
        failed: 1,
      },
      total: 3,
      done: 0,
      overdue: 0,
    },
    teams: groupByTeam(services, campaign.deadline, NOW),
    burndown: burndown(campaign, services, NOW),
    canManage,
    ownershipRefs,
  };
}

function mockApi(response: CampaignDetailResponse): jest.Mocked<CampaignsApi> {
  return {
    listCampaigns: jest.fn(async () => ({
      items: [response.campaign],
      canManage: response.canManage,
    })),
    getCampaign: jest.fn(async () => response),
    createCampaign: jest.fn(),
    closeCampaign: jest.fn(),
    runCampaign: jest.fn(),
    exemptService: jest.fn(async () => services[1]),
    listGoldenPaths: jest.fn(async () => []),
  } as any;
}

const render = (api: CampaignsApi, path: string) =>
  renderInTestApp(<CampaignsPage />, {
    apis: [
      [campaignsApiRef, api],
      [entityPresentationApiRef, presentationApi],
    ],
    mountPath: '/campaigns',
    initialRouteEntries: [path],
    mountedRoutes: {
      '/campaigns': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });

describe('CampaignsPage', () => {
  it('lists campaigns with their progress, linking to each, and no start button for owners', async () => {
    render(mockApi(detail(false, [])), '/campaigns');
    const link = await screen.findByRole('link', { name: 'Replica history' });
    expect(link).toHaveAttribute('href', '/campaigns/replica-history');
    expect(screen.getByText('0 of 3 done')).toBeInTheDocument();
    expect(
      screen.getByText('Every service on typescript-service at 1.4.0 or later'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Start campaign' }),
    ).not.toBeInTheDocument();
  });

  it('shows each team by name with its services, states and what to do', async () => {
    render(
      mockApi(detail(false, ['group:default/team-payments'])),
      '/campaigns/replica-history',
    );
    expect(
      await screen.findByRole('heading', { name: 'Replica history' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: 'Payments' })[0],
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
    expect(
      screen.getByRole('link', { name: 'Orders service' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders');
    // In the counts and on the service's row.
    expect(screen.getAllByText('Conflicted')).toHaveLength(2);
    expect(
      screen.getByText(/Conflicts in k8s\/base\/deployment.yaml/),
    ).toBeInTheDocument();
    expect(screen.getByText("Version '0.0.1' is unknown")).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /Burndown: 3 services left/ }),
    ).toBeInTheDocument();
    // Payments' members may exempt Payments' services only; nobody here manages.
    expect(screen.getAllByRole('button', { name: 'Exempt' })).toHaveLength(2);
    expect(
      screen.queryByRole('button', { name: 'Close campaign' }),
    ).not.toBeInTheDocument();
  });

  it('exempts a service with the reason its owner gives', async () => {
    const api = mockApi(detail(false, ['group:default/team-payments']));
    render(api, '/campaigns/replica-history');
    fireEvent.click(
      (await screen.findAllByRole('button', { name: 'Exempt' }))[0],
    );
    const dialog = await screen.findByRole('dialog');
    const submit = within(dialog).getByRole('button', { name: 'Exempt' });
    expect(submit).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText('Reason'), {
      target: { value: 'Retired in January' },
    });
    fireEvent.click(submit);
    expect(await screen.findByText(/is exempted/)).toBeInTheDocument();
    expect(api.exemptService).toHaveBeenCalledWith(
      'replica-history',
      'component:default/ledger',
      'Retired in January',
    );
  });

  it('offers the platform team to run and close the campaign', async () => {
    render(
      mockApi(detail(true, ['group:default/team-sre'])),
      '/campaigns/replica-history',
    );
    expect(
      await screen.findByRole('button', { name: 'Close campaign' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run now' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Exempt' }),
    ).not.toBeInTheDocument();
  });
});
