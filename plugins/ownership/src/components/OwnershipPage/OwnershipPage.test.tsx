import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
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

function render(api = mockOwnershipApi()) {
  return {
    api,
    ...renderInTestApp(<OwnershipPage tabs={[otherTab]} />, {
      apis: [[ownershipApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    }),
  };
}

describe('OwnershipPage', () => {
  it('shows the score and the organisation tree', async () => {
    render();
    expect(await screen.findByText('Alignment score')).toBeInTheDocument();
    expect(screen.getByText('Errors: 1')).toBeInTheDocument();
    for (const team of [
      'northwind',
      'commerce',
      'team-checkout',
      'team-mobile',
    ]) {
      expect(screen.getByText(team)).toBeInTheDocument();
    }
    expect(screen.getByText('Mobile Apps')).toBeInTheDocument();
  });

  it('lists findings with suggestions and filters them', async () => {
    render();
    await userEvent.click(await screen.findByRole('tab', { name: /Findings/ }));
    expect(
      screen.getByText(
        'component:default/label-printer is owned by group:default/team-printing, which does not exist',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Suggestion: Create group:default\/team-printing/),
    ).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Severity\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('error'),
    );
    expect(await screen.findByText('Findings (1 of 18)')).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Severity\s/ }));
    await userEvent.click(within(screen.getByRole('listbox')).getByText('All'));
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Type\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('split-system'),
    );
    expect(await screen.findByText('Findings (4 of 18)')).toBeInTheDocument();
  });

  it('shows the tabs other plugins add after its own', async () => {
    render();
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map(t => t.textContent)).toEqual([
      'Organisation',
      expect.stringMatching(/^Findings/),
      'Team dependencies',
      'What if',
      'Cluster vs catalog',
    ]);
    expect(
      screen.queryByText("The other plugin's section"),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Cluster vs catalog' }));
    expect(
      screen.getByText("The other plugin's section"),
    ).toBeInTheDocument();
  });

  it('draws the team dependency graph', async () => {
    render();
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Team dependencies' }),
    );
    const graph = screen.getByRole('img', { name: 'Team dependency graph' });
    expect(within(graph).getAllByTestId('team-node').length).toBe(12);
    expect(
      within(graph).getAllByTestId('edge-coupling').length,
    ).toBeGreaterThan(0);
    expect(
      within(graph).getAllByTestId('edge-interface').length,
    ).toBeGreaterThan(0);
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
      await screen.findByRole('button', { name: /Export CSV/ }),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    expect(api.exportReport).toHaveBeenCalledWith('csv');

    await userEvent.click(screen.getByRole('button', { name: /Export JSON/ }));
    await waitFor(() => expect(api.exportReport).toHaveBeenCalledWith('json'));
    expect(click).toHaveBeenCalledTimes(2);
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
