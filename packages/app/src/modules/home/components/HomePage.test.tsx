import { configure, screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { coreApis } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiPair,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { goldenPathsApiRef } from '@conway/plugin-golden-paths';
import { Finding, ownershipApiRef } from '@conway/plugin-ownership';
import { entity, service, typescriptService } from '../lib/testData';
import { HomePage } from './HomePage';

jest.setTimeout(30_000);
// The first render of the app shell is slow on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

const CHECKOUT = 'group:default/team-checkout';
const PAYMENTS = 'group:default/team-payments';

const ada = entity('User', 'ada.lovelace', {
  displayName: 'Ada Lovelace',
  relations: [{ type: 'memberOf', targetRef: CHECKOUT }],
});
const lonely = entity('User', 'lonely.user', { displayName: 'Lonely User' });
const checkout = entity('Group', 'team-checkout', {
  title: 'Checkout',
  displayName: 'Checkout',
  spec: { type: 'team' },
  relations: [
    { type: 'childOf', targetRef: 'group:default/commerce' },
    { type: 'hasMember', targetRef: 'user:default/ada.lovelace' },
    { type: 'hasMember', targetRef: 'user:default/bram.devries' },
    { type: 'ownerOf', targetRef: 'component:default/checkout-service' },
  ],
});
const commerce = entity('Group', 'commerce', {
  displayName: 'Commerce',
  spec: { type: 'department' },
});
const payments = entity('Group', 'team-payments', { displayName: 'Payments' });
// Named only in a finding's suggestion.
const identity = entity('Group', 'team-identity', { displayName: 'Identity' });

const checkoutService = {
  ...service('checkout-service', CHECKOUT),
  metadata: {
    name: 'checkout-service',
    namespace: 'default',
    title: 'Checkout service',
  },
};
const ordersApi = service(
  'orders-api',
  CHECKOUT,
  'typescript-service',
  '1.2.0',
);
const cartApi = service('cart-api', CHECKOUT, 'typescript-service', '1.3.0');
const paymentsApi = {
  ...service('payments-api', PAYMENTS, 'typescript-service', '1.1.0'),
  metadata: {
    ...service('payments-api', PAYMENTS, 'typescript-service', '1.1.0')
      .metadata,
    title: 'Payments API',
  },
};

const finding: Finding = {
  id: 'cross-team-dependency:component:default/checkout-service->component:default/payments-api',
  type: 'cross-team-dependency',
  severity: 'warning',
  entityRef: 'component:default/checkout-service',
  teamRef: CHECKOUT,
  relatedRefs: ['component:default/payments-api', PAYMENTS],
  message:
    'component:default/checkout-service (Checkout) depends directly on component:default/payments-api (Payments) instead of going through an API',
  suggestion:
    'Depend on an API that group:default/team-payments provides, or ask group:default/team-identity',
};

const task: ScaffolderTask = {
  id: 'task-1',
  status: 'completed',
  createdAt: '2026-12-04T10:00:00Z',
  spec: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    parameters: { name: 'orders-api' },
    steps: [],
    output: {},
    templateInfo: {
      entityRef: 'template:default/typescript-service',
      entity: {
        metadata: {
          name: 'typescript-service',
          title: 'TypeScript service (Fastify)',
        },
      },
    },
  },
};

function render(options: {
  user: Entity | string;
  platform?: boolean;
  tasks?: ScaffolderTask[];
  findings?: Finding[] | Error;
}) {
  const userRef =
    typeof options.user === 'string'
      ? options.user
      : `user:default/${options.user.metadata.name}`;
  const entities = [
    ...(typeof options.user === 'string' ? [] : [options.user]),
    checkout,
    commerce,
    payments,
    identity,
    checkoutService,
    ordersApi,
    cartApi,
    paymentsApi,
  ];
  const ownership = {
    getTeam: jest.fn(async (ref: string) => {
      if (options.findings instanceof Error) throw options.findings;
      return {
        generatedAt: '2026-12-04T10:30:00Z',
        findings: ref === CHECKOUT ? options.findings ?? [finding] : [],
      };
    }),
  };
  const apis: TestApiPair<any>[] = [
    [
      coreApis.identity,
      mockApis.identity({
        userEntityRef: userRef,
        ownershipEntityRefs: [userRef],
      }),
    ],
    [catalogApiRef, catalogApiMock({ entities })],
    [
      goldenPathsApiRef,
      { listGoldenPaths: async () => ({ items: [typescriptService()] }) },
    ],
    [ownershipApiRef, ownership],
    [
      scaffolderApiRef,
      { listTasks: async () => ({ tasks: options.tasks ?? [task] }) },
    ],
    [
      permissionApiRef,
      mockApis.permission({
        authorize: options.platform
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }),
    ],
  ];
  return renderInTestApp(<HomePage widgets={[]} />, {
    apis: apis as any,
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

const linkTo = (name: string | RegExp) =>
  screen.getAllByRole('link', { name })[0];

describe('HomePage', () => {
  it('greets the user by display name and lists their team with where it sits', async () => {
    await render({ user: ada });
    expect(
      await screen.findByText('Welcome to Conway, Ada Lovelace'),
    ).toBeInTheDocument();
    const teams = await screen.findByRole('list', { name: 'Your teams' });
    expect(
      within(teams).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(
      within(teams).getByRole('link', { name: 'Commerce' }),
    ).toHaveAttribute('href', '/catalog/default/group/commerce');
    expect(teams).toHaveTextContent(
      'Team in Commerce · 2 members · owns 1 catalog entity',
    );
  });

  it('shows the team’s services with golden-path status and finding counts', async () => {
    await render({ user: ada });
    const table = await screen.findByRole('table', {
      name: "Your team's services",
    });
    const rows = await within(table).findAllByRole('row');
    const text = rows.map(r => r.textContent);
    expect(text[1]).toContain('cart-api');
    expect(text[1]).toContain('TypeScript service (Fastify)');
    expect(text[1]).toContain('1.3.0 up to date');
    expect(text[2]).toContain('Checkout service');
    expect(text[2]).toContain('Not made from a golden path');
    expect(text[3]).toContain('1.2.0 behind: 1.3.0 available');
    // Payments' service is not Checkout's.
    expect(table).not.toHaveTextContent('Payments API');
    expect(
      within(rows[1]).getByRole('link', {
        name: 'TypeScript service (Fastify)',
      }),
    ).toHaveAttribute('href', '/golden-paths/typescript-service');
    // One finding about checkout-service, linking to it.
    expect(within(rows[2]).getByRole('link', { name: '1' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service',
    );
    expect(
      screen.getByText(
        "3 components; 1 behind its golden path's current version",
      ),
    ).toBeInTheDocument();
  });

  it('writes findings with display names instead of refs', async () => {
    await render({ user: ada });
    expect(
      await screen.findByText(
        'Checkout service (Checkout) depends directly on Payments API (Payments) instead of going through an API',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Depend on an API that Payments provides, or ask Identity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^From the ownership analysis of .*2026/),
    ).toBeInTheDocument();
    expect(linkTo("Checkout's team page")).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
  });

  it('says when a team has nothing to fix, and when the analysis has not seen it', async () => {
    const first = await render({ user: ada, findings: [] });
    expect(
      await screen.findByText(
        'Nothing to fix: the ownership analysis found no problem for Checkout.',
      ),
    ).toBeInTheDocument();
    first.unmount();
    await render({
      user: ada,
      findings: Object.assign(new Error('No team'), { name: 'NotFoundError' }),
    });
    expect(
      await screen.findByText(
        /The ownership analysis has not seen Checkout yet/,
      ),
    ).toBeInTheDocument();
  });

  it('lists recent tasks with links to their task pages, or says there are none', async () => {
    const first = await render({ user: ada });
    expect(
      await screen.findByRole('link', {
        name: 'TypeScript service (Fastify): orders-api',
      }),
    ).toHaveAttribute('href', '/create/tasks/task-1');
    expect(screen.getByText('completed')).toBeInTheDocument();
    first.unmount();
    await render({ user: ada, tasks: [] });
    expect(
      await screen.findByText(/You have not run a software template yet/),
    ).toBeInTheDocument();
  });

  it('announces golden-path releases from the changelog, newest first', async () => {
    await render({ user: ada });
    const releases = await screen.findAllByRole('article', {
      name: /^TypeScript service/,
    });
    expect(releases.map(r => r.getAttribute('aria-label'))).toEqual([
      'TypeScript service (Fastify) 1.3.0',
      'TypeScript service (Fastify) 1.2.0',
      'TypeScript service (Fastify) 1.1.0',
    ]);
    expect(releases[0]).toHaveTextContent('Released 4 Dec 2026');
    expect(releases[0]).toHaveTextContent('Runtime: Node.js 24 everywhere');
    expect(releases[2]).toHaveTextContent('Release date not recorded');
    expect(releases[2]).toHaveTextContent('No changelog entries.');
  });

  it('shows fleet drift to the platform team only', async () => {
    const first = await render({ user: ada });
    await screen.findByRole('table', { name: "Your team's services" });
    expect(screen.queryByText('Fleet drift')).not.toBeInTheDocument();
    first.unmount();

    await render({ user: ada, platform: true });
    const drift = await screen.findByTestId('fleet-drift-typescript-service');
    expect(drift).toHaveTextContent('2 of 3 services behind.');
    const behind = within(drift).getByRole('list', {
      name: 'Behind TypeScript service (Fastify)',
    });
    const items = within(behind).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Payments API');
    expect(items[0]).toHaveTextContent('on 1.1.0 (2 newer) · Payments');
    expect(items[1]).toHaveTextContent('orders-api');
    expect(
      within(drift).getByRole('link', {
        name: 'Upgrade them on the golden path page',
      }),
    ).toHaveAttribute('href', '/golden-paths/typescript-service');
  });

  it('tells a user in no team so, without team cards', async () => {
    await render({ user: lonely });
    expect(
      await screen.findByText(
        /Lonely User is not a member of any team in the catalog/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Your team')).toBeInTheDocument();
    expect(screen.queryByText('Ownership findings')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(linkTo('Catalog')).toHaveAttribute('href', '/catalog');
  });

  it('tells a user the catalog does not know that it cannot find their teams', async () => {
    await render({ user: 'user:development/guest' });
    expect(
      await screen.findByText(
        /You are signed in as user:development\/guest, which is not a user in the catalog/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Welcome to Conway')).toBeInTheDocument();
  });
});
