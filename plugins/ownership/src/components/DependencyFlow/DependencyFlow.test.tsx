import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { analyzeOwnership } from '@conway/plugin-ownership-common';
import { exampleReport } from '../../__testUtils__/fixtures';
import { NamesProvider } from '../common/names';
import { FindingsTable } from '../FindingsTable/FindingsTable';
import { DependencyFlow } from './DependencyFlow';

jest.setTimeout(60_000);

const routes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

describe('DependencyFlow', () => {
  it("shows the example org's cycles by display name, with the edges that close them and the one to break", async () => {
    const report = exampleReport();
    await renderInTestApp(
      <NamesProvider report={report}>
        <DependencyFlow
          cycles={report.dependencies!.cycles}
          findings={report.findings}
        />
      </NamesProvider>,
      routes,
    );
    const cycles = screen.getAllByTestId('dependency-cycle');
    expect(cycles).toHaveLength(2);
    expect(cycles[0].textContent).toContain(
      'Systems: Analytics → Shipment Tracking → Analytics (the shortest cycle among 6 systems that all depend on each other)',
    );
    const toBreak = within(cycles[0]).getByTestId('cycle-edge-to-break');
    expect(toBreak.textContent).toContain('Shipment Tracking → Analytics');
    expect(toBreak.textContent).toContain(
      'via eta-predictor → analytics-warehouse',
    );
    expect(cycles[0].textContent).toContain(
      'Suggestion: Break the cycle at Shipment Tracking → Analytics',
    );
    expect(cycles[1].textContent).toContain('Domains: Commerce → Logistics');
  });
});

describe('FindingsTable root causes', () => {
  it('shows a shared cause once with its count and collapses its findings until asked', async () => {
    const report = analyzeOwnership([
      {
        kind: 'Group',
        metadata: { name: 'team-a' },
        spec: { type: 'team', members: ['ann', 'bob'] },
      },
      {
        kind: 'Component',
        metadata: { name: 'orphan' },
        spec: { type: 'service' },
      },
    ]);
    await renderInTestApp(
      <NamesProvider report={report}>
        <FindingsTable
          findings={report.findings}
          teams={report.teams}
          rootCauses={report.rootCauses}
        />
      </NamesProvider>,
      routes,
    );
    const causes = screen.getByTestId('root-causes');
    expect(causes.textContent).toContain(
      'The catalog has no User entities: 1 entity lists members that do not exist, 1 team has no members (3 findings)',
    );
    // Only the finding without a shared cause is listed.
    expect(await screen.findByText('Findings (1 of 4)')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show the 3 findings under root causes',
      }),
    );
    expect(await screen.findByText('Findings (4 of 4)')).toBeInTheDocument();
  });
});
