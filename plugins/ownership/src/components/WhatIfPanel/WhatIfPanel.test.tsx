import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { exampleReport, mockOwnershipApi } from '../../__testUtils__/fixtures';
import { WhatIfPanel } from './WhatIfPanel';

jest.setTimeout(60_000);

async function pick(label: string, text: string) {
  const input = screen.getByRole('textbox', { name: label });
  await userEvent.click(input);
  await userEvent.type(input, text);
  await userEvent.click(
    within(screen.getByRole('listbox')).getByText(text, { exact: true }),
  );
}

describe('WhatIfPanel', () => {
  it('sends the proposed changes and shows the new score and findings delta', async () => {
    const report = exampleReport();
    const api = mockOwnershipApi({
      whatIf: jest.fn().mockResolvedValue({
        before: report.summary,
        after: { ...report.summary, score: 80.1 },
        delta: {
          score: 2.3,
          coverage: 0.0169,
          orphanCount: -1,
          findingCounts: { error: -1, warning: 0, info: 0 },
          resolvedFindingIds: ['unknown-owner:component:default/label-printer'],
          newFindingIds: [],
          teams: [
            {
              ref: 'group:default/northwind',
              scoreBefore: 60,
              scoreAfter: null,
              aggregatedScoreBefore: 79,
              aggregatedScoreAfter: 80,
            },
            {
              ref: 'group:default/team-mobile',
              scoreBefore: 50,
              scoreAfter: null,
              aggregatedScoreBefore: 50,
              aggregatedScoreAfter: null,
            },
          ],
        },
        resolvedFindings: report.findings.filter(f => f.severity === 'error'),
        newFindings: [],
      }),
    });
    await renderInTestApp(<WhatIfPanel report={report} />, {
      apis: [[ownershipApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    await pick('Entity', 'label-printer');
    await pick('New owner', 'Warehouse Systems');
    await userEvent.click(screen.getByRole('button', { name: 'Add change' }));
    expect(
      screen.getByText('1. Transfer label-printer to Warehouse Systems'),
    ).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Change\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Merge two teams'),
    );
    await pick('Merge group', 'Mobile Apps');
    await pick('Into group', 'Product Catalog');
    await userEvent.click(screen.getByRole('button', { name: 'Add change' }));

    await userEvent.click(
      screen.getByRole('button', { name: 'Show the effect' }),
    );
    await waitFor(() => expect(api.whatIf).toHaveBeenCalled());
    expect(api.whatIf).toHaveBeenCalledWith([
      {
        type: 'transfer',
        entityRef: 'component:default/label-printer',
        toOwnerRef: 'group:default/team-warehouse',
      },
      {
        type: 'merge',
        fromGroupRef: 'group:default/team-mobile',
        intoGroupRef: 'group:default/team-product-catalog',
      },
    ]);
    const result = await screen.findByTestId('what-if-result');
    expect(within(result).getByText('80.1')).toBeInTheDocument();
    expect(within(result).getByText(/\(\+2\.3\)/)).toBeInTheDocument();
    // Only the merged group is merged away; a null score otherwise means no data.
    const teamText = (title: string) =>
      within(result).getByRole('link', { name: title }).closest('li')!
        .textContent;
    expect(teamText('Mobile Apps')).toBe('Mobile Appsmerged away');
    expect(teamText('Northwind Freight')).toBe(
      'Northwind Freightscore 60.0 → –, with sub-groups 79.0 → 80.0',
    );
    expect(
      within(result).getByText('Resolved findings (1)'),
    ).toBeInTheDocument();
    // Refs in findings read as display names; the missing owner is not a link.
    const resolved = within(result)
      .getByText(/is owned by/)
      .closest('li')!;
    expect(resolved.textContent).toContain(
      'label-printer is owned by team-printing, which does not exist',
    );
    expect(
      within(resolved).getAllByRole('link', { name: 'label-printer' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/label-printer');
    expect(
      within(resolved).queryByRole('link', { name: 'team-printing' }),
    ).toBeNull();
  });

  it('shows the reason when the backend rejects a change', async () => {
    const api = mockOwnershipApi({
      whatIf: jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'InputError',
                message: "Unknown group 'group:default/nope' (merge target)",
              },
              response: { statusCode: 400 },
            }),
            { status: 400, headers: { 'Content-Type': 'application/json' } },
          ),
        ),
      ),
    });
    await renderInTestApp(<WhatIfPanel report={exampleReport()} />, {
      apis: [[ownershipApiRef, api]],
    });
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Change\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Reparent a team'),
    );
    await pick('Group', 'Mobile Apps');
    await pick('New parent', '(none: make it a root group)');
    await userEvent.click(screen.getByRole('button', { name: 'Add change' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Show the effect' }),
    );
    expect(
      await screen.findByText(
        "Unknown group 'group:default/nope' (merge target)",
      ),
    ).toBeInTheDocument();
    expect(api.whatIf).toHaveBeenCalledWith([
      {
        type: 'reparent',
        groupRef: 'group:default/team-mobile',
        newParentRef: null,
      },
    ]);
  });

  it('moves to a system, adds and removes dependencies, and shows the dependency flow with names', async () => {
    const report = exampleReport();
    const cycle = report.findings.find(
      f => f.type === 'dependency-cycle' && f.id.includes(':system:'),
    )!;
    const violation = {
      id: 'layer-violation:component:default/label-printer->api:default/tracking-api',
      type: 'layer-violation' as const,
      severity: 'warning' as const,
      entityRef: 'component:default/label-printer',
      message:
        'component:default/label-printer (library) depends on system:default/shipment-tracking (service), a higher layer',
      suggestion: 'Invert the dependency',
    };
    // The same tangle of systems, now reported by another shortest cycle.
    const otherCycle = {
      id: 'dependency-cycle:system:system:default/checkout>system:default/fulfilment',
      type: 'dependency-cycle' as const,
      severity: 'warning' as const,
      entityRef: 'system:default/checkout',
      message:
        'Dependency cycle among 2 systems: system:default/checkout → system:default/fulfilment → system:default/checkout.',
      suggestion: 'Break the cycle',
    };
    const api = mockOwnershipApi({
      whatIf: jest.fn().mockResolvedValue({
        before: report.summary,
        after: report.summary,
        delta: {
          score: 0,
          coverage: 0,
          orphanCount: 0,
          findingCounts: { error: 0, warning: 0, info: 0 },
          resolvedFindingIds: [cycle.id],
          newFindingIds: [violation.id, otherCycle.id],
          teams: [],
          dependencyFlow: {
            resolvedFindingIds: [cycle.id],
            newFindingIds: [violation.id, otherCycle.id],
          },
        },
        resolvedFindings: [cycle],
        newFindings: [violation, otherCycle],
      }),
    });
    await renderInTestApp(<WhatIfPanel report={report} />, {
      apis: [[ownershipApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    const choose = async (text: string) => {
      fireEvent.mouseDown(screen.getByRole('button', { name: /^Change\s/ }));
      await userEvent.click(
        within(screen.getByRole('listbox')).getByText(text),
      );
    };

    await choose('Move to another system');
    await pick('Component, API or resource', 'eta-predictor');
    // Only systems are offered: the team called Analytics is not.
    await pick('New system', 'Analytics');
    await userEvent.click(screen.getByRole('button', { name: 'Add change' }));

    await choose('Add a dependency');
    await pick('Depending entity', 'label-printer');
    await userEvent.click(screen.getByRole('textbox', { name: 'Depends on' }));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Depends on' }),
      'label-printer',
    );
    expect(screen.getByText('No options')).toBeInTheDocument();
    await userEvent.clear(screen.getByRole('textbox', { name: 'Depends on' }));
    await pick('Depends on', 'tracking-api');
    await userEvent.click(screen.getByRole('button', { name: 'Add change' }));

    await choose('Remove a dependency');
    await pick('Depending entity', 'eta-predictor');
    // What the report knows eta-predictor depends on comes first, under its own heading.
    await userEvent.click(
      screen.getByRole('textbox', { name: 'No longer depends on' }),
    );
    const options = within(screen.getByRole('listbox'));
    expect(options.getByText('Dependencies the report shows')).toBeVisible();
    const known = options
      .getAllByRole('option')
      .slice(0, 3)
      .map(o => o.querySelector('.MuiTypography-caption')?.textContent);
    expect(known.sort()).toEqual([
      'api:default/tracking-api',
      'resource:default/analytics-warehouse',
      'resource:default/shipment-events',
    ]);
    await pick('No longer depends on', 'analytics-warehouse');
    await userEvent.click(screen.getByRole('button', { name: 'Add change' }));

    expect(
      screen.getByText('1. Move eta-predictor to Analytics'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('2. Make label-printer depend on tracking-api'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '3. Remove the dependency of eta-predictor on analytics-warehouse',
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show the effect' }),
    );
    await waitFor(() => expect(api.whatIf).toHaveBeenCalled());
    expect(api.whatIf).toHaveBeenCalledWith([
      {
        type: 'moveToSystem',
        entityRef: 'component:default/eta-predictor',
        toSystemRef: 'system:default/analytics',
      },
      {
        type: 'addDependency',
        fromRef: 'component:default/label-printer',
        toRef: 'api:default/tracking-api',
      },
      {
        type: 'removeDependency',
        fromRef: 'component:default/eta-predictor',
        toRef: 'resource:default/analytics-warehouse',
      },
    ]);
    const flow = await screen.findByTestId('what-if-dependency-flow');
    // One system cycle before (the tangle's shortest), one after: not "broken".
    expect(
      report.findings.filter(f => f.id.startsWith('dependency-cycle:system:')),
    ).toHaveLength(1);
    expect(
      within(flow).getByText(
        'Dependency cycles among systems: 1 now, 1 after (another shortest cycle is reported). 1 new layer violation.',
      ),
    ).toBeInTheDocument();
    const items = within(flow).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'New layer violation: label-printer (library) depends on Shipment Tracking (service), a higher layer',
      'Cycle now reported: Dependency cycle among 2 systems: Checkout → Fulfilment → Checkout.',
      `Cycle no longer reported (was: ${cycle.message})`,
    ]);
    expect(cycle.message).toContain('Analytics → Shipment Tracking');
    expect(flow.textContent).not.toMatch(/(component|system|api):default\//);
  });

  it('says the dependency flow is unchanged, and names the entities when a dependency does not exist', async () => {
    const report = exampleReport();
    const api = mockOwnershipApi({
      whatIf: jest
        .fn()
        .mockResolvedValueOnce({
          before: report.summary,
          after: report.summary,
          delta: {
            score: 0,
            coverage: 0,
            orphanCount: 0,
            findingCounts: { error: 0, warning: 0, info: 0 },
            resolvedFindingIds: [],
            newFindingIds: [],
            teams: [],
            dependencyFlow: { resolvedFindingIds: [], newFindingIds: [] },
          },
          resolvedFindings: [],
          newFindings: [],
        })
        .mockRejectedValueOnce(
          await ResponseError.fromResponse(
            new Response(
              JSON.stringify({
                error: {
                  name: 'InputError',
                  message:
                    "'component:default/label-printer' does not depend on 'system:default/shipment-tracking' (remove dependency)",
                },
                response: { statusCode: 400 },
              }),
              {
                status: 400,
                headers: { 'Content-Type': 'application/json' },
              },
            ),
          ),
        ),
    });
    await renderInTestApp(<WhatIfPanel report={report} />, {
      apis: [[ownershipApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Change\s/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Remove a dependency'),
    );
    await pick('Depending entity', 'label-printer');
    // The report knows no dependency of label-printer: every target, no heading.
    await userEvent.click(
      screen.getByRole('textbox', { name: 'No longer depends on' }),
    );
    expect(
      within(screen.getByRole('listbox')).queryByText(
        'Dependencies the report shows',
      ),
    ).toBeNull();
    await pick('No longer depends on', 'checkout-service');
    await userEvent.click(screen.getByRole('button', { name: 'Add change' }));
    const show = screen.getByRole('button', { name: 'Show the effect' });

    await userEvent.click(show);
    expect(
      await screen.findByText(
        'Unchanged: the same dependency cycles, layer violations and hubs as now.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(show);
    expect(
      await screen.findByText(
        "'label-printer' does not depend on 'Shipment Tracking' (remove dependency)",
      ),
    ).toBeInTheDocument();
  });
});
