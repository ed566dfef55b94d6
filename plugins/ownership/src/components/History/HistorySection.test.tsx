import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { OwnershipHistoryResponse } from '../../api/types';
import { mockOwnershipApi } from '../../__testUtils__/fixtures';
import {
  exampleHistoryReport,
  readyHistory,
} from '../../__testUtils__/historyFixtures';
import { HistorySection } from './HistorySection';

// Material UI tables on a busy 2-core machine.
jest.setTimeout(60_000);

function render(history: OwnershipHistoryResponse | Error) {
  const api = mockOwnershipApi({
    getHistory:
      history instanceof Error
        ? jest.fn().mockRejectedValue(history)
        : jest.fn().mockResolvedValue(history),
  });
  return renderInTestApp(<HistorySection />, {
    apis: [[ownershipApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

/** The link named `name` whose title attribute (the ref) is `ref`. */
function link(name: string, ref: string, within_: HTMLElement = document.body) {
  const found = within(within_)
    .getAllByRole('link', { name })
    .find(l => l.getAttribute('title') === ref);
  expect(found).toBeDefined();
  return found!;
}

describe('HistorySection', () => {
  it('fixture: the analysis finds what the sections are tested on', () => {
    const report = exampleHistoryReport();
    const c = (name: string) =>
      report.components.find(x => x.entityRef === `component:default/${name}`)!;
    expect(c('checkout-service').actualTeamRef).toBe(
      'group:default/team-payments',
    );
    expect(c('tracking-page').fragmentation.teamCount).toBe(3);
    expect(c('legacy-invoicing').knowledge.atRiskShare).toBeGreaterThan(0.9);
    expect(c('payments-service').knowledge.truckFactor).toBe(1);
    expect(c('order-events-publisher').commits).toBe(0);
    expect(report.coordination[0]).toMatchObject({
      teamA: 'group:default/team-checkout',
      teamB: 'group:default/team-payments',
      weeks: 6,
    });
  });

  it('shows who actually changes what, by display name', async () => {
    await render(readyHistory());
    expect(
      await screen.findByText(
        'Who actually changes what (last 12 months of git history)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('history-coverage')).toHaveTextContent(
      '6 components mined from 2 repositories; 2 components could not be read; 3 components without a source location.',
    );

    // Matrix: rows by declared owner, columns by the team changing most.
    expect(screen.getByTestId('owner-matrix-summary')).toHaveTextContent(
      '3 of 6 mined components were changed most by a team other than their declared owner in the last 12 months.',
    );
    const matrix = screen.getByRole('table', {
      name: 'Declared owner against the team that changes it most',
    });
    expect(
      link('Checkout', 'group:default/team-checkout', matrix),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(
      link('Olga Petrova', 'user:default/olga.petrova', matrix),
    ).toBeTruthy();
    expect(within(matrix).getByText('Shipment Tracking')).toBeInTheDocument();
    expect(within(matrix).getByText('no catalog team')).toBeInTheDocument();
    expect(within(matrix).getAllByTestId('matrix-mismatch')).toHaveLength(3);
    expect(within(matrix).getAllByTestId('matrix-match')).toHaveLength(2);
    expect(matrix.textContent).not.toMatch(/group:default|component:default/);

    // A cell lists its components with links and shares.
    await userEvent.click(
      within(matrix).getByRole('button', {
        name: /declared Checkout, changed most by Payments: checkout-service$/,
      }),
    );
    const cell = screen.getByTestId('matrix-cell-components');
    expect(cell).toHaveTextContent(
      'Declared Checkout, changed most by Payments',
    );
    expect(
      link('checkout-service', 'component:default/checkout-service', cell),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-service');
    expect(cell).toHaveTextContent(
      /Payments \d+ %, Checkout \d+ %; 23 commits/,
    );
  });

  it('draws the coordination graph and lists the pairs', async () => {
    await render(readyHistory());
    const graph = await screen.findByRole('img', {
      name: 'Team coordination graph',
    });
    expect(
      within(graph)
        .getAllByTestId('coordination-team')
        .map(n => n.getAttribute('aria-label'))
        .sort(),
    ).toEqual(['Checkout', 'Payments', 'Product Catalog', 'Shipment Tracking']);
    expect(within(graph).getAllByTestId('coordination-edge')).toHaveLength(4);
    expect(screen.getByTestId('coordination-summary')).toHaveTextContent(
      '4 pairs of teams changed the same components in the same weeks; 2 of them in 4 weeks or more',
    );
    const pairs = screen.getByTestId('coordination-pairs');
    expect(pairs.querySelector('li')).toHaveTextContent(
      'Checkout and Payments: 6 weeks together in checkout-service (6 weeks)',
    );
  });

  it('lists knowledge at risk with people by name, never their email', async () => {
    await render(readyHistory());
    const table = await screen.findByRole('table', {
      name: 'Knowledge at risk',
    });
    const rows = within(table).getAllByTestId('knowledge-row');
    // Most at risk first: the component written by someone who left.
    expect(rows[0]).toHaveTextContent(/^legacy-invoicingOlga Petrova/);
    expect(
      within(rows[0])
        .getAllByTestId('former-contributor')
        .map(e => e.textContent),
    ).toEqual([
      'former contributor: Gunther Alt',
      'former contributor: build-bot',
    ]);
    expect(table.textContent).not.toContain('@');
    const payments = rows.find(r =>
      r.textContent!.startsWith('payments-service'),
    )!;
    expect(
      link('Jonas Becker', 'user:default/jonas.becker', payments),
    ).toHaveAttribute('href', '/catalog/default/user/jonas.becker');
    expect(payments).toHaveTextContent(/0 %1Jonas Becker \d+ %/);
  });

  it('lists fragmented components with each team and its directories', async () => {
    await render(readyHistory());
    const table = await screen.findByRole('table', {
      name: 'Fragmented components',
    });
    const rows = within(table).getAllByTestId('fragmentation-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent(/^tracking-pageCheckout/);
    expect(rows[0]).toHaveTextContent(/Shipment Tracking \d+ % \(map\)/);
    expect(rows[0]).toHaveTextContent(/Product Catalog \d+ % \(catalog\)/);
    expect(rows[0]).toHaveTextContent(/Checkout \d+ % \(checkout\)/);
  });

  it('shows the findings with suggestions, filterable by type', async () => {
    const history = readyHistory();
    await render(history);
    const findings = history.report!.findings;
    expect(
      await screen.findByText(`History findings (${findings.length})`),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/^Suggestion: /)).toHaveLength(findings.length);
    await userEvent.click(screen.getByText(/^Knowledge at risk: 1$/));
    expect(screen.getAllByText(/^Suggestion: /)).toHaveLength(1);
    // Authors outside the catalog: the name they commit with, then the address to map.
    await userEvent.click(screen.getByText(/^Knowledge at risk: 1$/));
    await userEvent.click(screen.getByText(/^Authors not in the catalog: 1$/));
    expect(
      screen
        .getAllByRole('listitem')
        .some(li =>
          / are not in the catalog \(.*\): Gunther Alt \(gunther\.alt@northwind\.example\), build-bot \(no email\)$/.test(
            li.textContent?.split('Suggestion:')[0] ?? '',
          ),
        ),
    ).toBe(true);
    await userEvent.click(screen.getByText(/^Authors not in the catalog: 1$/));
    await userEvent.click(screen.getByText(/^Knowledge at risk: 1$/));
    // Refs in messages read as display names (the catalog's, here the name).
    expect(
      screen
        .getAllByRole('listitem')
        .some(li =>
          /95 % of the current lines of legacy-invoicing were written by people who are not in the catalog/.test(
            li.textContent ?? '',
          ),
        ),
    ).toBe(true);
  });

  it('names the repositories it could not read, and counts components without a source', async () => {
    await render(readyHistory());
    const unavailable = await screen.findByTestId('history-unavailable');
    expect(unavailable.querySelectorAll('li')).toHaveLength(1);
    expect(unavailable).toHaveTextContent(
      "https://github.com/northwind/routing.git — git clone failed: repository 'northwind/routing' not found. Components: driver-app, route-planner",
    );
    const without = screen.getByTestId('without-source-location');
    expect(without).toHaveTextContent(
      '3 components without a backstage.io/source-location annotation',
    );
    await userEvent.click(
      within(without).getByRole('button', { name: 'List them' }),
    );
    expect(link('ui-kit', 'component:default/ui-kit', without)).toBeTruthy();
  });

  it('says the first run is scheduled while it is pending', async () => {
    await render({ state: 'pending', nextRunAt: '2026-12-04T18:00:00.000Z' });
    expect(await screen.findByTestId('history-pending')).toHaveTextContent(
      /^No history yet: the first history run is scheduled \(due .+\); results appear after it\.$/,
    );
    expect(
      screen.getByText('Who actually changes what (git history)'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says how to turn mining on when it is disabled', async () => {
    await render({ state: 'disabled' });
    const notice = await screen.findByTestId('history-disabled');
    expect(notice).toHaveTextContent('ownership.history.enabled is false');
    expect(notice).toHaveTextContent('set ownership.history.enabled: true');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says so when no component could be mined, listing why', async () => {
    const history = readyHistory();
    history.report = { ...history.report!, components: [], coordination: [] };
    await render(history);
    expect(await screen.findByTestId('history-none')).toHaveTextContent(
      'No component has been mined yet',
    );
    expect(screen.getByTestId('history-unavailable')).toBeInTheDocument();
    expect(screen.queryByText(/Knowledge at risk/)).not.toBeInTheDocument();
  });

  it('says so when the backend has no history API', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'Not found' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    );
    await render(await ResponseError.fromResponse(response));
    expect(
      await screen.findByText(
        'This ownership backend does not mine git history (no history API).',
      ),
    ).toBeInTheDocument();
  });
});
