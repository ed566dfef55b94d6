import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { EntityResultCard, LoadState } from './EntityResultCard';

jest.setTimeout(30_000);

const render = (state: LoadState<string>, renderError?: (e: Error) => string) =>
  renderInTestApp(
    <EntityResultCard
      title="Card"
      state={state}
      notFound="Not seen yet."
      renderError={renderError}
    >
      {value => <span>Value: {value}</span>}
    </EntityResultCard>,
  );

describe('EntityResultCard', () => {
  it('shows the value', async () => {
    await render({ loading: false, value: 'x' });
    expect(screen.getByText('Card')).toBeInTheDocument();
    expect(screen.getByText('Value: x')).toBeInTheDocument();
  });

  it('says so when the backend has not seen the entity', async () => {
    await render({ loading: false, error: new NotFoundError('no') });
    expect(screen.getByText('Not seen yet.')).toBeInTheDocument();
  });

  it('shows a failure as the caller renders it', async () => {
    await render(
      { loading: false, error: new Error('boom') },
      e => `Failed: ${e.message}`,
    );
    expect(screen.getByText('Failed: boom')).toBeInTheDocument();
  });
});
