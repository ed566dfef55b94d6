import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { scorecardsApiRef } from '../../api/ScorecardsApi';
import { checkoutService, mockScorecardsApi } from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { SERVICES_PAGE_SIZE, ServicesSection } from './ServicesSection';

jest.setTimeout(60_000);

it('lists the services a page at a time, with the total and the way to the next page', async () => {
  const total = SERVICES_PAGE_SIZE * 2 + 7;
  const api = mockScorecardsApi();
  api.getServices.mockImplementation(async query => {
    const offset = query?.offset ?? 0;
    const count = Math.min(query?.limit ?? total, total - offset);
    return {
      items: Array.from({ length: count }, (_, i) => ({
        ...checkoutService,
        entityRef: `component:default/svc-${offset + i}`,
        title: `Service ${offset + i}`,
      })),
      total,
      offset,
      limit: query?.limit ?? 1000,
    };
  });
  await renderInTestApp(
    <ServicesSection query={{ team: 'group:default/team-checkout' }} scorecards={[]} />,
    {
      apis: [[scorecardsApiRef, api]],
      mountedRoutes: {
        '/scorecards': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  expect(await screen.findByText(`Services (${total})`)).toBeInTheDocument();
  expect(screen.getByText(`1–${SERVICES_PAGE_SIZE} of ${total}`)).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'Service 0' })).toBeInTheDocument();
  expect(screen.queryByRole('link', { name: `Service ${SERVICES_PAGE_SIZE}` })).toBeNull();
  expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
  expect(api.getServices).toHaveBeenLastCalledWith({
    team: 'group:default/team-checkout',
    limit: SERVICES_PAGE_SIZE,
    offset: 0,
  });

  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
  expect(
    await screen.findByText(`${SERVICES_PAGE_SIZE * 2 + 1}–${total} of ${total}`),
  ).toBeInTheDocument();
  expect(screen.getByRole('link', { name: `Service ${total - 1}` })).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
});
