import { fireEvent, screen, within } from '@testing-library/react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type {
  CampaignDetailResponse,
  CampaignService,
} from '@conway/plugin-campaigns-common';
import type { ServiceResult } from '@conway/plugin-scorecards-common';
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
    fromVersion: '0.0.1',
    error:
      "version recorded in .conway/golden-path.json: Unknown version 0.0.1 of template 'typescript-service' in templates/; known versions: 1.3.0, 1.4.0",
  }),
];

/** The teams the catalog has (team-printing, below, it does not). */
const catalogApi = catalogApiMock({
  entities: ['team-checkout', 'team-payments'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  })),
});

function detail(
  canManage: boolean,
  ownershipRefs: string[],
  campaignServices: CampaignService[] = services,
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
    teams: groupByTeam(campaignServices, campaign.deadline, NOW),
    burndown: burndown(campaign, campaignServices, NOW),
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
    listFailingServices: jest.fn(async () => []),
  } as any;
}

const render = (api: CampaignsApi, path: string) =>
  renderInTestApp(<CampaignsPage />, {
    apis: [
      [campaignsApiRef, api],
      [entityPresentationApiRef, presentationApi],
      [catalogApiRef, catalogApi],
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

  it('says where campaigns start when there is none: a release or a failing check', async () => {
    for (const canManage of [true, false]) {
      const api = mockApi(detail(canManage, []));
      api.listCampaigns.mockResolvedValue({ items: [], canManage });
      const { unmount } = await render(api, '/campaigns');
      expect(
        await screen.findByText(
          canManage
            ? /Start one for a golden-path release \(Start campaign\), or for a check services fail \(Scorecards page, Failing checks\)/
            : /The platform team starts them, for a golden-path release or for a scorecard check that services fail/,
        ),
      ).toBeInTheDocument();
      unmount();
    }
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
    // The failed row's versions and error agree on what is wrong.
    expect(
      screen.getByText(
        /^version recorded in \.conway\/golden-path\.json: Unknown version 0\.0\.1 /,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('0.0.1 → 1.4.0')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /Burndown: 3 services left/ }),
    ).toBeInTheDocument();
    // Payments' members may exempt Payments' services only; nobody here manages.
    expect(screen.getAllByRole('button', { name: 'Exempt' })).toHaveLength(2);
    expect(
      screen.queryByRole('button', { name: 'Close campaign' }),
    ).not.toBeInTheDocument();
  });

  it('names a team the catalog lacks without linking to a page that does not exist', async () => {
    const printing = {
      ...svc('labels', 'team-checkout', {}),
      owner: 'group:default/team-printing',
      ownerTitle: 'team-printing',
    };
    render(
      mockApi(detail(false, [], [...services, printing])),
      '/campaigns/replica-history',
    );
    expect(
      await screen.findByText('team-printing (not in the catalog)'),
    ).toHaveAttribute('title', 'group:default/team-printing');
    expect(
      screen.queryByRole('link', { name: /team-printing/ }),
    ).not.toBeInTheDocument();
    // The teams the catalog has still link to their pages.
    expect(
      screen.getAllByRole('link', { name: 'Payments' })[0],
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
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

  it('words a tracked-only campaign as such: no branches, done when the check passes', async () => {
    const trackedServices = [
      svc('orders', 'team-checkout', {
        state: 'merged',
        fromVersion: undefined,
        toVersion: undefined,
        doneAt: '2026-12-03T10:00:00Z',
      }),
      svc('ledger', 'team-payments', {
        fromVersion: undefined,
        toVersion: undefined,
      }),
    ];
    const tracked = {
      ...campaign,
      id: 'on-call',
      title: 'On-call everywhere',
      target: {
        type: 'scorecard-check' as const,
        scorecardId: 'production-readiness',
        checkId: 'on-call',
        checkTitle: 'On-call named',
        entityRefs: trackedServices.map(t => t.entityRef),
      },
    };
    const response: CampaignDetailResponse = {
      ...detail(true, []),
      campaign: {
        ...detail(true, []).campaign,
        ...tracked,
        total: 2,
        done: 1,
      },
      teams: groupByTeam(trackedServices, tracked.deadline, NOW),
      burndown: burndown(tracked, trackedServices, NOW),
    };
    render(mockApi(response), '/campaigns/on-call');
    expect(
      await screen.findByText(/^Tracked only: no upgrade fixes this check/),
    ).toBeInTheDocument();
    // The check by its title, not its id.
    expect(
      screen.getAllByText(
        /^Every service failing the check “On-call named”, tracked/,
      ),
    ).not.toHaveLength(0);
    expect(
      screen.queryByText(/failing the check on-call/),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/Tracked: the owners make the change/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The check passes since 3 Dec 2026.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Check passes')).toBeInTheDocument();
    expect(screen.queryByText('Merged')).not.toBeInTheDocument();
    expect(
      screen.queryByText(/Prepared on the next run/),
    ).not.toBeInTheDocument();
  });

  const failing = (
    name: string,
    team: string,
    checkId: string,
    rule: string,
  ): ServiceResult => ({
    entityRef: `component:default/${name}`,
    title: TITLES[`component:default/${name}`],
    team: {
      ref: `group:default/${team}`,
      title: TITLES[`group:default/${team}`],
    },
    evaluatedAt: NOW.toISOString(),
    runId: 3,
    scorecards: [
      {
        id: 'production-readiness',
        title: 'Production readiness',
        levels: [],
        level: null,
        checks: [
          {
            checkId,
            rule,
            title:
              checkId === 'on-call'
                ? 'On-call contact'
                : 'On the latest template version',
            description: '',
            severity: 'high',
            level: 'bronze',
            required: false,
            status: 'fail',
          },
        ],
      },
    ],
  });

  it('starts a tracked-only campaign from a failing check, saying so', async () => {
    const api = mockApi(detail(true, []));
    api.listFailingServices.mockResolvedValue([
      failing('orders', 'team-checkout', 'on-call', 'on-call-annotation'),
      failing('ledger', 'team-payments', 'on-call', 'on-call-annotation'),
      {
        ...failing(
          'payments',
          'team-payments',
          'on-call',
          'on-call-annotation',
        ),
        // An owner the catalog does not have: the scorecards keep its ref.
        team: {
          ref: 'group:default/team-printing',
          title: 'group:default/team-printing',
        },
      },
    ]);
    api.createCampaign.mockReturnValue(new Promise(() => {}));
    render(api, '/campaigns?scorecard=production-readiness&check=on-call');
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        /^Tracked only: no upgrade fixes this check/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /3 services fail it: Checkout \(1\), Payments \(1\), team-printing \(not in the catalog\) \(1\)\./,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByLabelText('Golden path'),
    ).not.toBeInTheDocument();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start campaign' }),
    );
    expect(api.listFailingServices).toHaveBeenCalledWith({
      scorecardId: 'production-readiness',
      checkId: 'on-call',
    });
    expect(api.createCampaign).toHaveBeenCalledWith({
      title: 'Fix: On-call contact',
      target: {
        type: 'scorecard-check',
        scorecardId: 'production-readiness',
        checkId: 'on-call',
        checkTitle: 'On-call contact',
        entityRefs: [
          'component:default/orders',
          'component:default/ledger',
          'component:default/payments',
        ],
      },
      deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('starts an upgrade campaign from a failing template-version check', async () => {
    const api = mockApi(detail(true, []));
    api.listFailingServices.mockResolvedValue([
      failing(
        'orders',
        'team-checkout',
        'golden-path-current',
        'golden-path-current',
      ),
    ]);
    api.listGoldenPaths.mockResolvedValue([
      {
        name: 'typescript-service',
        title: 'TypeScript service',
        currentVersion: '1.5.0',
        versions: [{ version: '1.4.0' }, { version: '1.5.0' }],
        serviceCount: 3,
        behindCount: 1,
      } as any,
    ]);
    api.createCampaign.mockReturnValue(new Promise(() => {}));
    render(
      api,
      '/campaigns?scorecard=production-readiness&check=golden-path-current',
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        /^Golden-path upgrade: Conway prepares the upgrade/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/1 service fails it: Checkout \(1\)/),
    ).toBeInTheDocument();
    await within(dialog).findByText('TypeScript service');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start campaign' }),
    );
    expect(api.createCampaign).toHaveBeenCalledWith(
      expect.objectContaining({
        target: {
          type: 'scorecard-check',
          scorecardId: 'production-readiness',
          checkId: 'golden-path-current',
          checkTitle: 'On the latest template version',
          entityRefs: ['component:default/orders'],
          template: 'typescript-service',
          minVersion: '1.5.0',
        },
      }),
    );
  });

  it('tells an owner following the link that only the platform team starts campaigns', async () => {
    render(
      mockApi(detail(false, [])),
      '/campaigns?scorecard=production-readiness&check=on-call',
    );
    expect(
      await screen.findByText(/Only the platform team starts campaigns/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
