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
          teams: [],
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
});
