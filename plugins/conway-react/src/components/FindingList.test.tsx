import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FindingList } from './FindingList';

jest.setTimeout(30_000);

const routes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('FindingList', () => {
  it('shows severity, message, details and suggestion with entity links', async () => {
    await renderInTestApp(
      <FindingList
        findings={[
          {
            id: 'f1',
            severity: 'warning',
            message: 'component:default/orders has no owner.',
            suggestion: 'Set spec.owner to group:default/team-a.',
            where: 'dev',
          },
        ]}
        empty="None."
        details={f => <div>Cluster: {f.where}</div>}
      />,
      { mountedRoutes: routes },
    );
    expect(screen.getByText('warning')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'orders' })).toHaveAttribute(
      'title',
      'component:default/orders',
    );
    expect(screen.getByText('Cluster: dev')).toBeInTheDocument();
    expect(screen.getByText(/^Suggestion: /)).toHaveTextContent(
      'Suggestion: Set spec.owner to team-a.',
    );
  });

  it('shows the empty text when there are no findings', async () => {
    await renderInTestApp(<FindingList findings={[]} empty="None." />);
    expect(screen.getByText('None.')).toBeInTheDocument();
  });
});
