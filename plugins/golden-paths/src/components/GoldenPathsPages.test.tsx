import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  backendError,
  exampleGoldenPath,
  exampleOutcome,
  mockGoldenPathsApi,
} from '../__testUtils__/fixtures';
import { renderGoldenPathsPages as render } from '../__testUtils__/renderPages';

jest.setTimeout(60_000);

const row = (ref: string) => screen.getByTestId(`service-${ref}`);

describe('golden paths list page', () => {
  it('shows each golden path with its version, services, behind count and versions', async () => {
    const api = mockGoldenPathsApi();
    await render('/golden-paths', api);
    const title = await screen.findByRole('link', {
      name: 'TypeScript service (Fastify)',
    });
    expect(title).toHaveAttribute('href', '/golden-paths/typescript-service');
    const card = screen.getByTestId('golden-path-typescript-service');
    expect(
      within(card).getByText('Current version', { selector: 'span' })
        .nextSibling,
    ).toHaveTextContent('1.1.0');
    expect(
      within(card).getByText('Services', { selector: 'span' }).nextSibling,
    ).toHaveTextContent('3');
    expect(
      within(card).getByText('Behind', { selector: 'span' }).nextSibling,
    ).toHaveTextContent('2');
    const versions = within(card).getByRole('table', {
      name: 'Versions of typescript-service',
    });
    const rows = within(versions).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      '1.1.0 current20 Nov 20261',
      '1.0.0 1 Oct 20262',
    ]);
  });

  it('shows the backend error instead of a blank page', async () => {
    const api = mockGoldenPathsApi({
      listGoldenPaths: jest
        .fn()
        .mockRejectedValue(
          await backendError(
            403,
            'NotAllowedError',
            'Not allowed to read golden paths',
          ),
        ),
    });
    await render('/golden-paths', api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load the golden paths (HTTP 403)',
    );
    expect(alert).toHaveTextContent('Not allowed to read golden paths');
  });
});

describe('golden path details page', () => {
  it('lists versions newest first with their changelog, and every service', async () => {
    const api = mockGoldenPathsApi();
    await render('/golden-paths/typescript-service', api);
    await screen.findByText('Readiness probe checks the database pool');
    expect(api.getGoldenPath).toHaveBeenCalledWith('typescript-service');
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map(h => h.textContent);
    expect(headings).toEqual(['1.1.0', '1.0.0']);
    expect(
      screen.getByText('released 1 Oct 2026 · 2 services on it'),
    ).toBeInTheDocument();
    // Changelog entries are Markdown, shown as CHANGELOG.md reads on GitHub.
    const probes = screen.getByText(/^Probes on/).closest('li')!;
    expect(probes).toHaveTextContent(
      'Probes on /readyz and /healthz time out after 2 s',
    );
    expect(
      [...probes.querySelectorAll('code')].map(c => c.textContent),
    ).toEqual(['/readyz', '/healthz']);
    expect(probes.querySelector('strong')).toHaveTextContent('2 s');

    const orders = row('component:default/orders-api');
    expect(
      within(orders).getByRole('link', { name: 'orders-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders-api');
    // The owner by its display name, not by the name in its ref.
    expect(
      within(orders).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    expect(within(orders).queryByText('team-checkout')).toBeNull();
    expect(within(orders).getByText('behind: 1 newer')).toBeInTheDocument();
    expect(
      within(orders).getByText('2 modified, 1 deleted'),
    ).toBeInTheDocument();
    expect(
      within(orders).getByText('Initial commit from the Conway golden path'),
    ).toBeInTheDocument();
    expect(within(orders).getByText('0123456')).toBeInTheDocument();
    expect(
      within(orders).getByText('/data/repositories/orders-api'),
    ).toBeInTheDocument();

    const billing = row('component:default/billing-api');
    expect(within(billing).getByText('up to date')).toBeInTheDocument();
    expect(within(billing).getByText('no edits')).toBeInTheDocument();
    expect(
      within(billing).queryByRole('button', { name: /Upgrade/ }),
    ).toBeNull();
  });

  it('expands the drifted files of a service', async () => {
    const api = mockGoldenPathsApi();
    await render('/golden-paths/typescript-service', api);
    const orders = await screen.findByTestId(
      'service-component:default/orders-api',
    );
    expect(screen.queryByText('src/app.ts')).toBeNull();
    await userEvent.click(
      within(orders).getByRole('button', { name: 'Show files' }),
    );
    const modified = screen.getByRole('list', {
      name: 'modified files of component:default/orders-api',
    });
    expect(
      within(modified)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['src/app.ts', 'README.md']);
    const deleted = screen.getByRole('list', {
      name: 'deleted files of component:default/orders-api',
    });
    expect(deleted).toHaveTextContent('k8s/hpa.yaml');
    await userEvent.click(
      within(orders).getByRole('button', { name: 'Hide files' }),
    );
    expect(screen.queryByText('src/app.ts')).toBeNull();
  });

  it('filters to services behind and to one owner', async () => {
    const api = mockGoldenPathsApi();
    await render('/golden-paths/typescript-service', api);
    await screen.findByTestId('service-component:default/billing-api');
    await userEvent.click(screen.getByLabelText('Behind only'));
    expect(
      screen.queryByTestId('service-component:default/billing-api'),
    ).toBeNull();
    expect(screen.getByText('Showing 2 of 3 services')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Behind only'));
    await userEvent.click(screen.getByRole('button', { name: 'Owner' }));
    // Owners by display name, sorted by it (team-logistics is "Shipping").
    await waitFor(() =>
      expect(
        screen.getAllByRole('option').map(option => option.textContent),
      ).toEqual(['All owners', 'Checkout', 'Payments', 'Shipping']),
    );
    await userEvent.click(screen.getByRole('option', { name: 'Payments' }));
    expect(screen.getByRole('button', { name: 'Owner' })).toHaveTextContent(
      'Payments',
    );
    expect(
      screen.getByTestId('service-component:default/billing-api'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('service-component:default/orders-api'),
    ).toBeNull();
    expect(screen.getByText('Showing 1 of 3 services')).toBeInTheDocument();
  });

  it('reads an owner written without kind as the same group, by its display name', async () => {
    const goldenPath = exampleGoldenPath();
    // `spec.owner: team-checkout` names the same group as the full ref.
    goldenPath.services[1].owner = 'team-checkout';
    const api = mockGoldenPathsApi({
      getGoldenPath: jest.fn().mockResolvedValue(goldenPath),
    });
    await render('/golden-paths/typescript-service', api);
    const billing = await screen.findByTestId(
      'service-component:default/billing-api',
    );
    expect(
      within(billing).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout');
    await userEvent.click(screen.getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(
        screen.getAllByRole('option').map(option => option.textContent),
      ).toEqual(['All owners', 'Checkout', 'Shipping']),
    );
    await userEvent.click(screen.getByRole('option', { name: 'Checkout' }));
    expect(screen.getByText('Showing 2 of 3 services')).toBeInTheDocument();
  });

  it('explains why a GitHub service cannot be upgraded here and links to the upgrade template', async () => {
    const api = mockGoldenPathsApi();
    await render('/golden-paths/typescript-service', api);
    const tracking = await screen.findByTestId(
      'service-component:default/tracking-api',
    );
    expect(
      within(tracking).getByText(
        'Cannot upgrade here: GitHub repositories are upgraded by a pull request',
      ),
    ).toBeInTheDocument();
    expect(
      within(tracking).getByText(
        'Unknown: Repository not reachable: no GitHub integration',
      ),
    ).toBeInTheDocument();
    const link = within(tracking).getByRole('link', {
      name: 'Upgrade with the upgrade-service template',
    });
    const href = link.getAttribute('href')!;
    expect(
      href.startsWith('/create/templates/default/upgrade-service?formData='),
    ).toBe(true);
    const formData = new URL(href, 'http://x').searchParams.get('formData');
    expect(JSON.parse(formData!)).toEqual({
      component: 'component:default/tracking-api',
    });
    expect(
      within(tracking).getByRole('link', { name: 'northwind/tracking-api' }),
    ).toHaveAttribute('href', 'https://github.com/northwind/tracking-api');
    expect(
      within(tracking).queryByRole('button', { name: /^Upgrade/ }),
    ).toBeNull();
  });

  it('upgrades one service: dry run with changes and conflicts, then the commit', async () => {
    const api = mockGoldenPathsApi({
      upgradeService: jest
        .fn()
        .mockResolvedValueOnce(exampleOutcome())
        .mockResolvedValueOnce(
          exampleOutcome({
            status: 'conflicts',
            branch: 'golden-path/upgrade-typescript-service-1.1.0',
            commit: 'fedcba9876543210fedcba9876543210fedcba98',
          }),
        ),
    });
    await render('/golden-paths/typescript-service', api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Upgrade component:default/orders-api',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Upgrade orders-api from 1.0.0 to 1.1.0');
    await within(dialog).findByText(/Dry run: 1.0.0 → 1.1.0/);
    expect(api.upgradeService).toHaveBeenLastCalledWith({
      entityRef: 'component:default/orders-api',
      targetVersion: '1.1.0',
      dryRun: true,
    });
    const changes = within(dialog).getByRole('table', { name: 'File changes' });
    expect(
      within(changes)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual(['src/db.tsadded', 'src/app.tsmerged', 'README.mdconflict']);
    expect(dialog).toHaveTextContent('1 file will conflict');
    expect(
      within(dialog).getByText('content: both changed line 3'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Commit upgrade with conflicts',
      }),
    );
    await within(dialog).findByText(
      'golden-path/upgrade-typescript-service-1.1.0',
    );
    expect(api.upgradeService).toHaveBeenLastCalledWith({
      entityRef: 'component:default/orders-api',
      targetVersion: '1.1.0',
    });
    expect(dialog).toHaveTextContent(
      'fedcba9876543210fedcba9876543210fedcba98',
    );
    expect(dialog).toHaveTextContent(
      "1 file conflicts with the team's edits and was committed with conflict markers",
    );
    const conflicts = within(dialog).getByRole('list', { name: 'Conflicts' });
    expect(conflicts).toHaveTextContent('README.md');
    expect(conflicts).toHaveTextContent('content: both changed line 3');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    // The page reloads to show the new state of the service.
    await waitFor(() => expect(api.getGoldenPath).toHaveBeenCalledTimes(2));
  });

  it('shows the backend message when the dry run is refused, and offers no commit', async () => {
    const api = mockGoldenPathsApi({
      upgradeService: jest
        .fn()
        .mockRejectedValue(
          await backendError(
            403,
            'NotAllowedError',
            'Only the owners of component:default/orders-api may upgrade it',
          ),
        ),
    });
    await render('/golden-paths/typescript-service', api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Upgrade component:default/orders-api',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The dry run failed (HTTP 403)');
    expect(alert).toHaveTextContent(
      'Only the owners of component:default/orders-api may upgrade it',
    );
    expect(within(dialog).queryByRole('button', { name: /Commit/ })).toBeNull();
  });

  it('shows a failed dry run outcome with its reason and cannot commit it', async () => {
    const api = mockGoldenPathsApi({
      upgradeService: jest.fn().mockResolvedValue(
        exampleOutcome({
          status: 'failed',
          changes: [],
          conflicts: [],
          error: "Answer 'tier' is required by 1.1.0 and has no default",
        }),
      ),
    });
    await render('/golden-paths/typescript-service', api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Upgrade component:default/orders-api',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText(
      "The upgrade failed: Answer 'tier' is required by 1.1.0 and has no default",
    );
    expect(
      within(dialog).getByRole('button', { name: 'Commit upgrade' }),
    ).toBeDisabled();
  });

  it('upgrades every service behind after a dry run, when the fleet permission allows it', async () => {
    const dryRun = {
      template: 'typescript-service',
      toVersion: '1.1.0',
      durationMs: 1200,
      outcomes: [
        exampleOutcome(),
        exampleOutcome({
          entityRef: 'component:default/tracking-api',
          status: 'failed',
          changes: [],
          conflicts: [],
          error: 'No repository the portal can reach',
        }),
      ],
    };
    const api = mockGoldenPathsApi({
      upgradeFleet: jest
        .fn()
        .mockResolvedValueOnce(dryRun)
        .mockResolvedValueOnce({
          ...dryRun,
          durationMs: 2500,
          outcomes: [
            exampleOutcome({
              status: 'conflicts',
              branch: 'golden-path/upgrade-typescript-service-1.1.0',
              commit: 'fedcba9876543210fedcba9876543210fedcba98',
            }),
            dryRun.outcomes[1],
          ],
        }),
    });
    await render('/golden-paths/typescript-service', api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Upgrade all behind (2)' }),
    );
    const dialog = await screen.findByRole('dialog');
    // Named by its title, as the page heading names it, not by its id.
    expect(
      screen.getByRole('dialog', {
        name: 'Upgrade every service of TypeScript service (Fastify) that is behind to 1.1.0',
      }),
    ).toBe(dialog);
    await within(dialog).findByText(
      /Dry run to 1.1.0: 2 services: 1 with conflicts, 1 failed/,
    );
    expect(api.upgradeFleet).toHaveBeenLastCalledWith('typescript-service', {
      targetVersion: '1.1.0',
      dryRun: true,
    });
    expect(dialog).toHaveTextContent('No repository the portal can reach');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Upgrade all 2 services' }),
    );
    await within(dialog).findByText(/Upgraded to 1.1.0: .*\(2.5 s\)/);
    expect(api.upgradeFleet).toHaveBeenLastCalledWith('typescript-service', {
      targetVersion: '1.1.0',
    });
    expect(dialog).toHaveTextContent(
      'golden-path/upgrade-typescript-service-1.1.0',
    );
    expect(dialog).toHaveTextContent('fedcba987654');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(api.getGoldenPath).toHaveBeenCalledTimes(2));
  });

  it('shows the backend message for an unknown golden path', async () => {
    const api = mockGoldenPathsApi({
      getGoldenPath: jest
        .fn()
        .mockRejectedValue(
          await backendError(
            404,
            'NotFoundError',
            "No template found with name 'nope'",
          ),
        ),
    });
    await render('/golden-paths/nope', api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Could not load the golden path 'nope' (HTTP 404)",
    );
    expect(alert).toHaveTextContent("No template found with name 'nope'");
    expect(
      screen.getByRole('link', { name: '← All golden paths' }),
    ).toHaveAttribute('href', '/golden-paths');
  });

  it('shows the example golden path fixture as its services count says', () => {
    // Guards the fixtures the tests above rely on.
    const gp = exampleGoldenPath();
    expect(gp.services.filter(s => s.behind)).toHaveLength(gp.behindCount);
  });
});
