import { screen } from '@testing-library/react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { teamDescendants } from '@conway/plugin-ownership-common';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { EntityAlignmentResponse } from '../../api/types';
import { exampleReport, mockOwnershipApi } from '../../__testUtils__/fixtures';
import { EntityAlignmentCard } from './EntityAlignmentCard';
import { GroupOwnershipCard } from './GroupOwnershipCard';

jest.setTimeout(30_000);

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** Display names as the catalog's presentation API gives them; refs it does not know fall back to their name. */
const TITLES: Record<string, string> = {
  ...Object.fromEntries(
    exampleReport()
      .teams.filter(t => t.title)
      .map(t => [t.ref, t.title!]),
  ),
  'system:default/fulfilment': 'Fulfilment',
};

const presentationApi: EntityPresentationApi = {
  forEntity(entityOrRef) {
    const ref =
      typeof entityOrRef === 'string'
        ? entityOrRef
        : stringifyEntityRef(entityOrRef);
    const fallback = defaultEntityPresentation(ref);
    const snapshot = {
      ...fallback,
      primaryTitle: TITLES[ref] ?? fallback.primaryTitle,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

function render(
  card: JSX.Element,
  e: Entity,
  api: ReturnType<typeof mockOwnershipApi>,
) {
  return renderInTestApp(<EntityProvider entity={e}>{card}</EntityProvider>, {
    apis: [
      [ownershipApiRef, api],
      [entityPresentationApiRef, presentationApi],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

/** The link showing `name`, whose title attribute holds the ref. */
function nameLink(name: string, ref: string) {
  const links = screen
    .getAllByRole('link', { name })
    .filter(l => l.getAttribute('title') === ref);
  expect(links.length).toBeGreaterThan(0);
  return links[0];
}

describe('GroupOwnershipCard', () => {
  it('shows what the team owns, its score and its findings', async () => {
    const report = exampleReport();
    const team = report.teams.find(t => t.ref === 'group:default/team-mobile')!;
    const api = mockOwnershipApi({
      getTeam: jest.fn().mockResolvedValue({
        generatedAt: report.generatedAt,
        team,
        ancestorRefs: ['group:default/commerce', 'group:default/northwind'],
        findings: report.findings.filter(
          f => f.teamRef === 'group:default/team-mobile',
        ),
      }),
    });
    await render(<GroupOwnershipCard />, entity('Group', 'team-mobile'), api);

    expect(await screen.findByText('Team ownership')).toBeInTheDocument();
    expect(api.getTeam).toHaveBeenCalledWith('group:default/team-mobile');
    expect(
      nameLink('mobile-app', 'component:default/mobile-app'),
    ).toHaveAttribute('href', '/catalog/default/component/mobile-app');
    expect(screen.getAllByText(team.score!.toFixed(1)).length).toBeGreaterThan(
      0,
    );
    // Findings name the team by its display name, the ref on the link.
    expect(screen.getByText(/has no members but owns/)).toHaveTextContent(
      /^Mobile Apps has no members but owns 1 entity: mobile-app$/,
    );
    expect(nameLink('Mobile Apps', 'group:default/team-mobile')).toBeTruthy();
    expect(screen.queryByText(/group:default\//)).not.toBeInTheDocument();
    expect(screen.getAllByText(/^Suggestion: /).length).toBeGreaterThan(0);
    // No sub-groups: no score or members "with sub-groups".
    expect(screen.queryByText('With sub-groups')).not.toBeInTheDocument();
    expect(screen.queryByText(/with sub-groups\)/)).not.toBeInTheDocument();
  });

  it("shows a department's teams and their findings, each under its team", async () => {
    const report = exampleReport();
    const team = report.teams.find(t => t.ref === 'group:default/commerce')!;
    const descendants = teamDescendants(report, team.ref);
    const subtree = new Set([team.ref, ...descendants.map(t => t.ref)]);
    const namedBySubtree = new Set(
      [team, ...descendants].flatMap(t => [
        t.ref,
        ...Object.values(t.owned).flat(),
      ]),
    );
    const api = mockOwnershipApi({
      getTeam: jest.fn().mockResolvedValue({
        generatedAt: report.generatedAt,
        team,
        ancestorRefs: ['group:default/northwind'],
        findings: report.findings.filter(f => f.teamRef === team.ref),
        descendants,
        // As the backend gives them: what each group acts on, and what names it or its entities.
        aggregatedFindings: report.findings.filter(
          f =>
            (f.teamRef && subtree.has(f.teamRef)) ||
            [f.entityRef, ...(f.relatedRefs ?? [])].some(r =>
              namedBySubtree.has(r),
            ),
        ),
      }),
    });
    await render(<GroupOwnershipCard />, entity('Group', 'commerce'), api);

    expect(
      await screen.findByText(`Teams (${descendants.length})`),
    ).toBeInTheDocument();
    expect(
      nameLink('Mobile Apps', 'group:default/team-mobile'),
    ).toHaveAttribute('href', '/catalog/default/group/team-mobile');
    expect(nameLink('Checkout', 'group:default/team-checkout')).toBeTruthy();
    expect(screen.queryByText('team-mobile')).not.toBeInTheDocument();
    expect(screen.getByText(/has no members but owns/)).toHaveTextContent(
      /^Mobile Apps has no members but owns/,
    );
    expect(screen.queryByText('Nothing to fix.')).not.toBeInTheDocument();
    expect(screen.getByText('With sub-groups')).toBeInTheDocument();
    expect(
      screen.getByText(
        `${team.memberCount} (${team.aggregatedMemberCount} with sub-groups)`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Findings with its teams \(\d+\)$/),
    ).toBeInTheDocument();

    // Another team's dependency on Checkout's resource is shown under Checkout,
    // not under the department, and counted as Checkout's own page counts it.
    const checkout = 'group:default/team-checkout';
    const checkoutTeam = report.teams.find(t => t.ref === checkout)!;
    const named = new Set([
      checkout,
      ...Object.values(checkoutTeam.owned).flat(),
    ]);
    const onCheckoutPage = report.findings.filter(
      f =>
        f.teamRef === checkout ||
        [f.entityRef, ...(f.relatedRefs ?? [])].some(r => named.has(r)),
    );
    expect(onCheckoutPage.some(f => f.teamRef !== checkout)).toBe(true);
    const row = nameLink('Checkout', checkout).parentElement!;
    expect(row).toHaveTextContent(`owns 9 · ${onCheckoutPage.length} findings`);
    const groups = screen
      .getAllByTestId('findings-of-group')
      .filter(g =>
        g.textContent?.includes(
          'picking-service (Warehouse Systems) depends directly on order-events (Checkout)',
        ),
      );
    expect(groups.map(g => g.getAttribute('data-group'))).toEqual([checkout]);
    // One finding: no "1 findings".
    expect(screen.queryByText(/· 1 findings/)).not.toBeInTheDocument();
  });

  it('says there is nothing to fix only when no team of the department has findings', async () => {
    const report = exampleReport();
    const team = report.teams.find(t => t.ref === 'group:default/commerce')!;
    const api = mockOwnershipApi({
      getTeam: jest.fn().mockResolvedValue({
        generatedAt: report.generatedAt,
        team,
        ancestorRefs: [],
        findings: [],
        descendants: teamDescendants(report, team.ref),
        aggregatedFindings: [],
      }),
    });
    await render(<GroupOwnershipCard />, entity('Group', 'commerce'), api);
    expect(
      await screen.findByText('Nothing to fix in this group or its teams.'),
    ).toBeInTheDocument();
  });

  it('shows a group without teams on its own', async () => {
    const report = exampleReport();
    const team = report.teams.find(t => t.ref === 'group:default/team-mobile')!;
    const findings = report.findings.filter(f => f.teamRef === team.ref);
    const api = mockOwnershipApi({
      getTeam: jest.fn().mockResolvedValue({
        generatedAt: report.generatedAt,
        team,
        ancestorRefs: [],
        findings,
        descendants: [],
        aggregatedFindings: findings,
      }),
    });
    await render(<GroupOwnershipCard />, entity('Group', 'team-mobile'), api);
    expect(
      await screen.findByText(`Findings (${findings.length})`),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Teams \(/)).not.toBeInTheDocument();
  });

  it('says so when the analysis does not know the group', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'No group' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    );
    const api = mockOwnershipApi({
      getTeam: jest
        .fn()
        .mockRejectedValue(await ResponseError.fromResponse(response)),
    });
    await render(<GroupOwnershipCard />, entity('Group', 'new-team'), api);
    expect(
      await screen.findByText(
        'The ownership analysis has not seen this group yet.',
      ),
    ).toBeInTheDocument();
  });
});

describe('EntityAlignmentCard', () => {
  it('shows owner validity, system, alignment, coupling and findings', async () => {
    const alignment: EntityAlignmentResponse = {
      generatedAt: '2025-01-01T12:00:00.000Z',
      entityRef: 'component:default/label-printer',
      kind: 'component',
      owner: { ref: 'group:default/team-printing', status: 'unknown-owner' },
      system: {
        ref: 'system:default/fulfilment',
        ownerRef: 'group:default/team-warehouse',
        owningTeams: ['group:default/team-warehouse'],
        cohesion: 0.9,
        split: false,
      },
      domain: null,
      aligned: false,
      couplingEdges: [
        {
          kind: 'coupling',
          fromRef: 'component:default/label-printer',
          toRef: 'resource:default/orders-db',
          fromTeamRef: 'group:default/team-warehouse',
          toTeamRef: 'group:default/team-checkout',
        },
      ],
      findings: exampleReport().findings.filter(
        f => f.entityRef === 'component:default/label-printer',
      ),
    };
    const api = mockOwnershipApi({
      getEntity: jest.fn().mockResolvedValue(alignment),
    });
    await render(
      <EntityAlignmentCard />,
      entity('Component', 'label-printer'),
      api,
    );

    expect(await screen.findByText('Ownership alignment')).toBeInTheDocument();
    expect(api.getEntity).toHaveBeenCalledWith(
      'component:default/label-printer',
    );
    // A group the catalog does not know reads as the name in its ref, never blank.
    expect(
      nameLink('team-printing', 'group:default/team-printing'),
    ).toBeTruthy();
    expect(screen.getByText('does not exist')).toBeInTheDocument();
    expect(nameLink('Fulfilment', 'system:default/fulfilment')).toBeTruthy();
    expect(
      nameLink('Warehouse Systems', 'group:default/team-warehouse'),
    ).toBeTruthy();
    // Cross-team dependency: both teams by display name.
    expect(nameLink('Checkout', 'group:default/team-checkout')).toBeTruthy();
    expect(nameLink('orders-db', 'resource:default/orders-db')).toBeTruthy();
    expect(
      screen.getByText('No: its owner does not exist'),
    ).toBeInTheDocument();
    expect(screen.getByText('direct coupling')).toBeInTheDocument();
    expect(
      screen
        .getAllByText(/^Suggestion: /)
        .some(el => /^Suggestion: Create team-printing/.test(el.textContent!)),
    ).toBe(true);
  });
});
