import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { rootRouteRef } from '../../routes';
import { backendError, mockGoldenPathsApi } from '../../__testUtils__/fixtures';
import { EntityGoldenPathCard } from './EntityGoldenPathCard';

jest.setTimeout(30_000);

const component = (name: string, version?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'conway.dev/template': 'typescript-service',
      ...(version ? { 'conway.dev/template-version': version } : {}),
    },
  },
  spec: {},
});

function render(entity: Entity, api: ReturnType<typeof mockGoldenPathsApi>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityGoldenPathCard />
    </EntityProvider>,
    {
      apis: [[goldenPathsApiRef, api]],
      mountedRoutes: { '/golden-paths': rootRouteRef },
    },
  );
}

describe('EntityGoldenPathCard', () => {
  it('shows a service behind, with the newer versions and a link to upgrade', async () => {
    const api = mockGoldenPathsApi();
    await render(component('orders-api', '1.0.0'), api);
    expect(await screen.findByText('behind')).toBeInTheDocument();
    expect(api.getGoldenPath).toHaveBeenCalledWith('typescript-service');
    expect(screen.getByText('1.0.0')).toBeInTheDocument();
    expect(
      screen.getByText(/1.1.0 is current \(newer: 1.1.0\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'TypeScript service (Fastify)' }),
    ).toHaveAttribute('href', '/golden-paths/typescript-service');
    expect(
      screen.getByRole('link', { name: 'Upgrade on the golden path page' }),
    ).toHaveAttribute('href', '/golden-paths/typescript-service');
  });

  it('shows a service up to date', async () => {
    const api = mockGoldenPathsApi();
    await render(component('billing-api', '1.1.0'), api);
    expect(await screen.findByText('up to date')).toBeInTheDocument();
    expect(screen.queryByText('behind')).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Open the golden path page' }),
    ).toBeInTheDocument();
  });

  it('falls back to the annotation for a service the backend does not list yet', async () => {
    const api = mockGoldenPathsApi();
    await render(component('just-created', '1.0.0'), api);
    expect(await screen.findByText('behind')).toBeInTheDocument();
    expect(screen.getByText(/newer: 1.1.0/)).toBeInTheDocument();
  });

  it('claims neither "behind" nor "up to date" for a version that was never released', async () => {
    const api = mockGoldenPathsApi();
    await render(component('just-created', '0.9.9'), api);
    expect(await screen.findByText('unknown')).toBeInTheDocument();
    expect(
      screen.getByText(
        /0.9.9 is not a released version of this golden path; 1.1.0 is current/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('up to date')).toBeNull();
    expect(screen.queryByText('behind')).toBeNull();
  });

  it('says the version annotation is missing rather than "up to date"', async () => {
    const api = mockGoldenPathsApi();
    await render(component('just-created'), api);
    expect(
      await screen.findByText(
        /No conway.dev\/template-version annotation; 1.1.0 is current/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('up to date')).toBeNull();
  });

  it('says so when the golden path is unknown', async () => {
    const api = mockGoldenPathsApi({
      getGoldenPath: jest
        .fn()
        .mockRejectedValue(
          await backendError(
            404,
            'NotFoundError',
            "No template found with name 'typescript-service'",
          ),
        ),
    });
    await render(component('orders-api', '1.0.0'), api);
    expect(
      await screen.findByText(/which the portal does not know/),
    ).toBeInTheDocument();
  });

  it('shows the backend message of other errors', async () => {
    const api = mockGoldenPathsApi({
      getGoldenPath: jest
        .fn()
        .mockRejectedValue(
          await backendError(500, 'Error', 'git exited with 128'),
        ),
    });
    await render(component('orders-api', '1.0.0'), api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Could not load the golden path 'typescript-service' (HTTP 500)",
    );
    expect(alert).toHaveTextContent('git exited with 128');
  });
});
