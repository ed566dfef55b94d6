import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { mockOwnershipApi } from '../../__testUtils__/fixtures';
import {
  componentHistory,
  teamHistory,
} from '../../__testUtils__/historyFixtures';
import { inWindowText } from '../History/historyNames';
import { ComponentHistoryCard } from './ComponentHistoryCard';
import { TeamHistoryCard } from './TeamHistoryCard';

jest.setTimeout(60_000);

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

function render(card: JSX.Element, e: Entity, api = mockOwnershipApi()) {
  return renderInTestApp(<EntityProvider entity={e}>{card}</EntityProvider>, {
    apis: [[ownershipApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

function componentApi(value: unknown) {
  return mockOwnershipApi({
    getComponentHistory: jest.fn().mockResolvedValue(value),
  });
}

/** The link named `name` whose title attribute (the ref) is `ref`. */
function link(name: string, ref: string, scope: HTMLElement = document.body) {
  const found = within(scope)
    .getAllByRole('link', { name })
    .find(l => l.getAttribute('title') === ref);
  expect(found).toBeDefined();
  return found!;
}

/** The value cell of the card's row labelled `label`. */
function row(label: string) {
  return screen.getByText(label).closest('tr')!.querySelectorAll('td')[0];
}

describe('ComponentHistoryCard', () => {
  it('writes a large line count with thousands separators', async () => {
    const answer = componentHistory('component:default/checkout-service');
    answer.component = {
      ...answer.component!,
      knowledge: { ...answer.component!.knowledge, currentLines: 141261.4 },
    };
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'checkout-service'),
      componentApi(answer),
    );
    expect(await screen.findByText('Who changes it')).toBeInTheDocument();
    expect(row('Knowledge')).toHaveTextContent(/^141,261 current lines; /);
  });

  it('shows the declared owner against the team that does the work', async () => {
    const api = componentApi(
      componentHistory('component:default/checkout-service'),
    );
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'checkout-service'),
      api,
    );
    expect(await screen.findByText('Who changes it')).toBeInTheDocument();
    expect(api.getComponentHistory).toHaveBeenCalledWith(
      'component:default/checkout-service',
    );
    expect(row('Declared owner')).toHaveTextContent(
      /^Checkout \d+ % of the changes \(with teams under it\)$/,
    );
    expect(
      link('Checkout', 'group:default/team-checkout', row('Declared owner')),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(row('Changed most by')).toHaveTextContent(
      /^Payments \d+ % of the changes$/,
    );
    expect(screen.getAllByTestId('team-share').map(e => e.textContent)).toEqual(
      [
        expect.stringMatching(/^Payments \d+ %$/),
        expect.stringMatching(/^Checkout \d+ %$/),
      ],
    );
    expect(row('Changes')).toHaveTextContent(
      /^23 commits in the last 12 months/,
    );
    // Knowledge: holders by their display names, linking to their pages.
    expect(row('Knowledge')).toHaveTextContent(
      /\d+ current lines; truck factor 1; 0 % written by people not in the catalog/,
    );
    const holders = screen.getByTestId('knowledge-holders');
    expect(
      link('Jonas Becker', 'user:default/jonas.becker', holders),
    ).toHaveAttribute('href', '/catalog/default/user/jonas.becker');
    expect(holders).toHaveTextContent(
      /^Jonas Becker \d+ %, Kaia Tamm \d+ %, Ada Lovelace \d+ %$/,
    );
    expect(screen.getByTestId('component-coordination')).toHaveTextContent(
      'Checkout and Payments: 6 weeks on this component (6 weeks on all they share)',
    );
    // Findings with their suggestions.
    expect(
      screen.getByText(/^Declared owner Checkout made \d+ % of the changes/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/^Suggestion: /).length).toBeGreaterThanOrEqual(
      2,
    );
    expect(screen.getByText(/^History findings \(\d+\)$/)).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/group:default|user:default/);
  });

  it('names authors outside the catalog as former contributors', async () => {
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'legacy-invoicing'),
      componentApi(componentHistory('component:default/legacy-invoicing')),
    );
    const holders = await screen.findByTestId('knowledge-holders');
    expect(holders).toHaveTextContent(
      /^former contributor: Gunther Alt \d+ %, Olga Petrova \d+ %, former contributor: build-bot \d+ %$/,
    );
    // A person owns it: her own changes are the declared owner's share.
    expect(row('Declared owner')).toHaveTextContent(
      /^Olga Petrova \d+ % of the changes \(own changes; a person, not a team\)$/,
    );
    expect(
      screen.getByText(/authors of.*are not in the catalog/).closest('li'),
    ).toHaveTextContent(
      /: Gunther Alt \(gunther\.alt@northwind\.example\), build-bot \(no email\)Suggestion: /,
    );
    expect(row('Knowledge')).toHaveTextContent(
      /truck factor 1; 9\d % written by people not in the catalog/,
    );
  });

  it('says there were no changes rather than showing empty shares', async () => {
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'order-events-publisher'),
      componentApi(
        componentHistory('component:default/order-events-publisher'),
      ),
    );
    expect(await screen.findByText('Changed most by')).toBeInTheDocument();
    expect(row('Changed most by')).toHaveTextContent(
      'nobody: no changes in the last 12 months',
    );
    expect(row('Declared owner')).toHaveTextContent(/^Checkout$/);
    expect(screen.queryByTestId('team-share')).not.toBeInTheDocument();
  });

  it("says the served run's window", async () => {
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'checkout-service'),
      componentApi({
        ...componentHistory('component:default/checkout-service'),
        windowDays: 14,
      }),
    );
    expect(await screen.findByText('Changes')).toBeInTheDocument();
    expect(row('Changes')).toHaveTextContent(/^23 commits in the last 2 weeks/);
  });

  it('says why a component has no history', async () => {
    // A repository that could not be read.
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'route-planner'),
      componentApi(componentHistory('component:default/route-planner')),
    );
    expect(await screen.findByTestId('component-no-history')).toHaveTextContent(
      "No history for this component. The history of https://github.com/northwind/routing.git could not be read: git clone failed: repository 'northwind/routing' not found.",
    );
  });

  it('says when a component has no source location to mine', async () => {
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'ci-runners'),
      componentApi(componentHistory('component:default/ci-runners')),
    );
    expect(await screen.findByTestId('component-no-history')).toHaveTextContent(
      'No history for this component. The component has no backstage.io/source-location annotation: there is no repository to read its history from.',
    );
    expect(screen.queryByText('Changed most by')).not.toBeInTheDocument();
  });

  it('says when the last run did not see the component (a 404)', async () => {
    await render(
      <ComponentHistoryCard />,
      entity('Component', 'brand-new'),
      mockOwnershipApi({
        getComponentHistory: jest.fn().mockRejectedValue(
          Object.assign(new Error("No component found with ref 'x'"), {
            name: 'NotFoundError',
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(
        'No history for this component yet: the last history run did not see it.',
      ),
    ).toBeInTheDocument();
  });

  it('says the first run is pending, or that mining is off', async () => {
    const { unmount } = await render(
      <ComponentHistoryCard />,
      entity('Component', 'checkout-service'),
      componentApi({
        state: 'pending',
        findings: [],
        coordination: [],
        titles: {},
      }),
    );
    expect(await screen.findByTestId('history-pending')).toHaveTextContent(
      'No history yet: the first history run is scheduled; results appear after it.',
    );
    expect(screen.queryByText('Changed most by')).not.toBeInTheDocument();
    unmount();

    await render(
      <ComponentHistoryCard />,
      entity('Component', 'checkout-service'),
      componentApi({
        state: 'disabled',
        findings: [],
        coordination: [],
        titles: {},
      }),
    );
    expect(await screen.findByTestId('history-disabled')).toHaveTextContent(
      'Git history is not mined: ownership.history.enabled is false.',
    );
  });
});

describe('windowText', () => {
  it('says months for a whole number of them, else weeks, else days', () => {
    expect(
      [365, 730, 180, 90, 30, 28, 14, 7, 45, 1].map(d => inWindowText(d)),
    ).toEqual([
      'in the last 12 months',
      'in the last 24 months',
      'in the last 6 months',
      'in the last 3 months',
      'in the last 1 month',
      'in the last 4 weeks',
      'in the last 2 weeks',
      'in the last 1 week',
      'in the last 45 days',
      'in the last 1 day',
    ]);
    expect(inWindowText(undefined)).toBe('in the history window');
  });
});

describe('TeamHistoryCard', () => {
  it("shows the team's components, who changes them, and what it changes elsewhere", async () => {
    const api = mockOwnershipApi({
      getTeamHistory: jest
        .fn()
        .mockResolvedValue(teamHistory('group:default/team-checkout')),
    });
    await render(<TeamHistoryCard />, entity('Group', 'team-checkout'), api);
    expect(await screen.findByText('Actual ownership')).toBeInTheDocument();
    expect(api.getTeamHistory).toHaveBeenCalledWith(
      'group:default/team-checkout',
    );
    expect(
      screen.getByText('Mined components it declares (4)'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('team-declared-summary')).toHaveTextContent(
      '2 of the 4 mined components it declares are changed most by another team in the last 12 months.',
    );
    const rows = screen
      .getAllByTestId('team-declared-row')
      .map(r => r.textContent);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^basket-servicethis team100 %10$/),
        // Checkout's own share and commits: Ada's seven.
        expect.stringMatching(/^checkout-servicePayments\d+ %7$/),
        expect.stringMatching(/^order-events-publisherno catalog team0 %0$/),
        expect.stringMatching(/^tracking-pageShipment Tracking\d+ %3$/),
      ]),
    );
    expect(screen.queryAllByTestId('team-changed-row')).toHaveLength(0);
    expect(
      screen.getByText(
        "None: it changes no other team's component more than anyone else.",
      ),
    ).toBeInTheDocument();
    const partners = screen
      .getAllByTestId('team-coordination')
      .map(p => p.textContent);
    expect(partners[0]).toBe('Payments: 6 weeks together in checkout-service');
    expect(partners).toHaveLength(3);
    expect(screen.getAllByText(/^Suggestion: /).length).toBeGreaterThan(0);
  });

  it('lists components the team changes most but does not own', async () => {
    await render(
      <TeamHistoryCard />,
      entity('Group', 'team-payments'),
      mockOwnershipApi({
        getTeamHistory: jest
          .fn()
          .mockResolvedValue(teamHistory('group:default/team-payments')),
      }),
    );
    const changed = await screen.findAllByTestId('team-changed-row');
    expect(changed.map(r => r.textContent)).toEqual([
      expect.stringMatching(/^checkout-serviceCheckout\d+ %16$/),
    ]);
    expect(
      link('Checkout', 'group:default/team-checkout', changed[0]),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
  });

  it('says the first run is pending', async () => {
    await render(
      <TeamHistoryCard />,
      entity('Group', 'team-checkout'),
      mockOwnershipApi({
        getTeamHistory: jest.fn().mockResolvedValue({
          state: 'pending',
          declared: [],
          actuallyChanged: [],
          coordination: [],
          findings: [],
          titles: {},
        }),
      }),
    );
    expect(await screen.findByTestId('history-pending')).toBeInTheDocument();
    expect(
      screen.queryByText(/components it declares \(/i),
    ).not.toBeInTheDocument();
  });
});
