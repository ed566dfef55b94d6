import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { useLocation } from 'react-router-dom';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { mockOwnershipApi } from '../../__testUtils__/fixtures';
import { OwnershipPage } from './OwnershipPage';

// Full-page renders with Material UI tables are slow on a busy machine.
jest.setTimeout(60_000);

/** A tab as another plugin adds it (kubernetes-consistency adds "Cluster vs catalog"). */
const otherTab = {
  title: 'Cluster vs catalog',
  element: <p>The other plugin's section</p>,
};

/** Shows the URL, to check that tabs and filters are kept in it. */
function Location() {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
}

function render(api = mockOwnershipApi(), url = '/ownership') {
  return {
    api,
    ...renderInTestApp(
      <>
        <OwnershipPage tabs={[otherTab]} />
        <Location />
      </>,
      {
        apis: [[ownershipApiRef, api]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        initialRouteEntries: [url],
      },
    ),
  };
}

const location = () => screen.getByTestId('location').textContent;

describe('OwnershipPage', () => {
  it('shows the score and the organisation tree', async () => {
    render();
    expect(await screen.findByText('Alignment score')).toBeInTheDocument();
    expect(screen.getByText('Errors: 1')).toBeInTheDocument();
    for (const [name, ref] of [
      ['Northwind Freight', 'northwind'],
      ['Commerce', 'commerce'],
      ['Checkout', 'team-checkout'],
      ['Mobile Apps', 'team-mobile'],
    ]) {
      const link = screen
        .getAllByRole('link', { name })
        .find(l => l.getAttribute('href') === `/catalog/default/group/${ref}`);
      expect(link).toBeDefined();
      expect(screen.getByText(`group:default/${ref}`)).toBeInTheDocument();
    }
  });

  it('explains the score in place, with "no data" where a term has none', async () => {
    render();
    const org = await screen.findByTestId('score-explanation-organisation');
    expect(org.textContent).toContain(
      '100 × (0.40 × 94.9 % + 0.35 × 78.2 % + 0.25 × 50.0 %) = 77.8',
    );
    expect(org.textContent).toContain(
      '56 of 59 owned entities (domains, systems, components, APIs, resources) have an owner that is an existing group with members',
    );
    expect(org.textContent).toContain('Rises when');
    // Coverage and the score's ownership term: the difference is said.
    expect(screen.getByTestId('coverage-explanation').textContent).toBe(
      '57 of 59 owned entities have an owner that is an existing group. The score\'s "Owned by a team with members" term (94.9 %, 56 of 59) is stricter: it also leaves out 1 entity owned by a group without members.',
    );

    // SRE: no findings, 65: the row explains it down to the entities.
    const sre = screen
      .getByText('group:default/team-sre')
      .closest('tr') as HTMLElement;
    await userEvent.click(within(sre).getAllByRole('button')[0]);
    const details = await screen.findByTestId('team-score-details');
    const group = within(details).getByTestId('score-explanation-group');
    expect(group.textContent).toContain(
      '0.35 × 0.0 %) / 0.75 = 53.3; left out: Dependencies through APIs: no data',
    );
    expect(group.textContent).toContain(
      'No data: no dependencies of this group',
    );
    expect(details.textContent).toContain('Parts that lower System cohesion');
  });

  it('lists findings with suggestions and filters them', async () => {
    render();
    await userEvent.click(await screen.findByRole('tab', { name: /Findings/ }));
    expect(location()).toBe('/ownership?tab=findings');
    const messages = screen.getAllByTestId('finding-message');
    const printer = messages.find(m =>
      m.textContent?.startsWith('label-printer is owned by'),
    )!;
    expect(printer.textContent).toBe(
      'label-printer is owned by team-printing, which does not exist',
    );
    // An existing entity is a link; an owner that does not exist is not.
    expect(
      within(printer).getByRole('link', { name: 'label-printer' }),
    ).toHaveAttribute('href', '/catalog/default/component/label-printer');
    expect(within(printer).getByTestId('missing-entity')).toHaveTextContent(
      'team-printing',
    );
    expect(printer.closest('td')!.textContent).toContain(
      'Suggestion: Create team-printing',
    );

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Severity\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('error'),
    );
    expect(await screen.findByText('Findings (1 of 20)')).toBeInTheDocument();
    expect(location()).toBe('/ownership?tab=findings&severity=error');

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Severity\s/ }));
    await userEvent.click(within(screen.getByRole('listbox')).getByText('All'));
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Type\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('split-system'),
    );
    expect(await screen.findByText('Findings (4 of 20)')).toBeInTheDocument();
    expect(location()).toBe('/ownership?tab=findings&type=split-system');

    // Teams are offered by display name.
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Team\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Warehouse Systems'),
    );
    expect(location()).toBe(
      '/ownership?tab=findings&type=split-system&team=group%3Adefault%2Fteam-warehouse',
    );
    // Three filters through Material UI selects: slow on a busy machine.
  }, 180_000);

  it('opens the tab and filters a shared URL names', async () => {
    render(mockOwnershipApi(), '/ownership?tab=findings&severity=error');
    expect(await screen.findByText('Findings (1 of 20)')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: /Findings/, selected: true }),
    ).toBeInTheDocument();
  });

  it("opens another plugin's tab from the URL", async () => {
    render(mockOwnershipApi(), '/ownership?tab=cluster-vs-catalog');
    expect(
      await screen.findByText("The other plugin's section"),
    ).toBeInTheDocument();
  });

  it('opens the actual ownership tab, which asks for the git history', async () => {
    const api = mockOwnershipApi({
      getHistory: jest.fn().mockResolvedValue({ state: 'pending' }),
    });
    render(api);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Actual ownership' }),
    );
    expect(location()).toBe('/ownership?tab=history');
    expect(await screen.findByTestId('history-pending')).toBeInTheDocument();
    expect(api.getHistory).toHaveBeenCalledTimes(1);
  });

  it('shows the tabs other plugins add after its own', async () => {
    render();
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map(t => t.textContent)).toEqual([
      'Organisation',
      expect.stringMatching(/^Findings/),
      'Team dependencies',
      'Actual ownership',
      'What if',
      'Cluster vs catalog',
    ]);
    expect(
      screen.queryByText("The other plugin's section"),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('tab', { name: 'Cluster vs catalog' }),
    );
    expect(screen.getByText("The other plugin's section")).toBeInTheDocument();
    expect(location()).toBe('/ownership?tab=cluster-vs-catalog');
  });

  it('draws the team dependency graph', async () => {
    render();
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Team dependencies' }),
    );
    expect(location()).toBe('/ownership?tab=dependencies');
    const graph = screen.getByRole('img', { name: 'Team dependency graph' });
    const nodes = within(graph).getAllByTestId('team-node');
    expect(nodes.length).toBe(12);
    expect(nodes.map(n => n.getAttribute('aria-label'))).toContain(
      'Warehouse Systems',
    );
    expect(nodes.map(n => n.textContent)).not.toContain('team-warehouse');
    expect(
      within(graph).getAllByTestId('edge-coupling').length,
    ).toBeGreaterThan(0);
    expect(
      within(graph).getAllByTestId('edge-interface').length,
    ).toBeGreaterThan(0);
    // Every edge carries its count: Data Platform → Shipment Tracking, 2 direct.
    const counts = within(graph).getAllByTestId('edge-count');
    expect(counts.length).toBe(
      within(graph).getAllByTestId(/^edge-(coupling|interface)$/).length,
    );
    expect(
      counts.some(
        c =>
          c.textContent?.startsWith('2') &&
          c.textContent.includes(
            'Data Platform → Shipment Tracking: 2 direct dependencies',
          ),
      ),
    ).toBe(true);

    // Clicking a team opens its page.
    await userEvent.click(
      nodes.find(n => n.getAttribute('aria-label') === 'Warehouse Systems')!,
    );
    expect(location()).toBe('/catalog/default/group/team-warehouse');
  });

  it('shows the team dependencies as a matrix', async () => {
    render(mockOwnershipApi(), '/ownership?tab=dependencies');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Matrix' }),
    );
    expect(location()).toBe('/ownership?tab=dependencies&view=matrix');
    const matrix = screen.getByRole('table', {
      name: 'Team dependency matrix',
    });
    // The teams with dependencies; the others are named below the matrix.
    expect(within(matrix).getAllByTestId('matrix-column').length).toBe(10);
    expect(
      screen.getByText(/Teams without dependencies between teams:/).textContent,
    ).toBe(
      'Teams without dependencies between teams: Developer Experience, SRE.',
    );
    const cell = within(matrix).getByLabelText(
      'Data Platform depends on Shipment Tracking: 1 through APIs, 2 direct',
    );
    expect(cell.textContent).toBe('1 · 2');
    expect(
      within(matrix).getAllByRole('link', { name: 'Checkout' })[0],
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
  });

  it('downloads the exports through the API', async () => {
    const api = mockOwnershipApi({
      exportReport: jest.fn().mockResolvedValue({
        blob: new Blob(['id\r\n']),
        filename: 'ownership-findings.csv',
      }),
    });
    const createObjectURL = jest.fn(() => 'blob:ownership');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    render(api);

    await userEvent.click(
      await screen.findByRole('button', { name: /Findings \(CSV\)/ }),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    expect(api.exportReport).toHaveBeenCalledWith('csv');

    await userEvent.click(
      screen.getByRole('button', { name: /Who owns what \(CSV\)/ }),
    );
    await waitFor(() =>
      expect(api.exportReport).toHaveBeenCalledWith('owners-csv'),
    );

    await userEvent.click(
      screen.getByRole('button', { name: /Report \(JSON\)/ }),
    );
    await waitFor(() => expect(api.exportReport).toHaveBeenCalledWith('json'));
    expect(click).toHaveBeenCalledTimes(3);
    click.mockRestore();
  });

  it('re-analyses on request', async () => {
    const api = mockOwnershipApi({
      refresh: jest
        .fn()
        .mockResolvedValue({ generatedAt: 'x', entityCount: 1 }),
    });
    render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: /Re-analyse/ }),
    );
    await waitFor(() => expect(api.getReport).toHaveBeenCalledTimes(2));
    expect(api.refresh).toHaveBeenCalledTimes(1);
  });

  it('says when re-analysing fails', async () => {
    render(
      mockOwnershipApi({
        refresh: jest.fn().mockRejectedValue(new Error('catalog timed out')),
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /Re-analyse/ }),
    );
    expect(
      await screen.findByText('Re-analysis failed: catalog timed out'),
    ).toBeInTheDocument();
  });

  it('shows backend errors', async () => {
    render(
      mockOwnershipApi({
        getReport: jest.fn().mockRejectedValue(new Error('catalog is down')),
      }),
    );
    expect(
      (await screen.findAllByText(/catalog is down/))[0],
    ).toBeInTheDocument();
  });
});
