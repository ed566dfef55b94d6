import {
  analyzeHistory,
  CommitRecord,
  HistoryAggregator,
  HistoryReport,
} from '@conway/plugin-ownership-common';
import {
  ComponentHistoryResponse,
  OwnershipHistoryResponse,
  TeamComponentHistory,
  TeamHistoryResponse,
} from '../api/types';
import { exampleEntities } from './fixtures';

/*
 * Git history of the example organisation, mined by the real analysis
 * (`analyzeHistory` over synthetic commits), and the history API's answers
 * built from it the way the ownership backend builds them. The answers are a
 * stand-in for the backend (its routes are tested in ownership-backend).
 */

const DAY = 86400;
/** Friday 2026-12-04 00:00 UTC. */
export const HISTORY_NOW = Date.UTC(2026, 11, 4) / 1000;
export const COMPLETED_AT = '2026-12-04T06:00:00.000Z';
export const NEXT_RUN_AT = '2026-12-05T06:00:00.000Z';

const COMMERCE_REPO = 'https://github.com/northwind/commerce.git';
const INVOICING_REPO = 'https://github.com/northwind/legacy-invoicing.git';
const ROUTING_REPO = 'https://github.com/northwind/routing.git';

const COMMERCE_SCOPES = [
  'checkout-service',
  'basket-service',
  'tracking-page',
  'payments-service',
  'order-events-publisher',
];

let seq = 0;
function commit(
  who: string,
  daysAgo: number,
  path: string,
  added: number,
  deleted = 0,
  name?: string,
): CommitRecord {
  seq += 1;
  const email = who.includes('@') || !who ? who : `${who}@northwind.example`;
  return {
    sha: `fixture${seq}`,
    authorName:
      name ??
      who
        .split('.')
        .map(p => p[0]?.toUpperCase() + p.slice(1))
        .join(' '),
    authorEmail: email,
    time: HISTORY_NOW - daysAgo * DAY,
    files: [{ path, added, deleted }],
  };
}

/** A commit every 7 days, `weeks` times, starting `from` days ago. */
function weekly(
  who: string,
  from: number,
  weeks: number,
  path: string,
  added: number,
): CommitRecord[] {
  return Array.from({ length: weeks }, (_, i) =>
    commit(who, from - i * 7, path, added),
  );
}

function commerceCommits(): CommitRecord[] {
  return [
    // Checkout Service: declared Checkout, changed mostly by Payments, both in the same weeks.
    commit('ada.lovelace', 90, 'checkout-service/src/cart.ts', 120),
    ...weekly(
      'jonas.becker',
      70,
      8,
      'checkout-service/payment/adapter.ts',
      200,
    ),
    ...weekly('kaia.tamm', 69, 8, 'checkout-service/payment/fraud.ts', 150),
    ...weekly('ada.lovelace', 68, 6, 'checkout-service/src/cart.ts', 10),
    // Basket Service: Checkout's own.
    ...weekly('chloe.martin', 100, 5, 'basket-service/src/basket.ts', 80),
    ...weekly('dev.patel', 60, 5, 'basket-service/src/prices.ts', 70),
    // Tracking Page: declared Checkout, changed by three teams.
    ...weekly('vera.ivanova', 80, 6, 'tracking-page/map/view.tsx', 60),
    ...weekly('farid.haddad', 79, 4, 'tracking-page/catalog/links.tsx', 50),
    ...weekly('bram.devries', 78, 3, 'tracking-page/checkout/cta.tsx', 60),
    // Payments Service: one person wrote nearly all of it.
    ...weekly('jonas.becker', 120, 6, 'payments-service/src/ledger.ts', 150),
    commit('lars.nielsen', 30, 'payments-service/README.md', 20),
    // Order Events Publisher: untouched for more than a year.
    commit('elif.yilmaz', 500, 'order-events-publisher/src/publish.ts', 300),
  ];
}

function invoicingCommits(): CommitRecord[] {
  return [
    // Written by someone who left; nobody in the catalog has the address.
    commit('gunther.alt', 700, 'src/invoice.cob', 900, 0, 'Gunther Alt'),
    commit('gunther.alt', 650, 'src/tax.cob', 300, 0, 'Gunther Alt'),
    commit('', 200, 'src/build.sh', 20, 0, 'build-bot'),
    ...weekly('olga.petrova', 60, 5, 'src/invoice.cob', 12),
  ];
}

function mine(
  repository: string,
  names: string[],
  prefixes: string[],
  commits: CommitRecord[],
) {
  const entityRefs = names.map(n => `component:default/${n}`);
  const aggregator = new HistoryAggregator(
    entityRefs.map((entityRef, i) => ({ entityRef, pathPrefix: prefixes[i] })),
  );
  for (const c of [...commits].sort((a, b) => a.time - b.time)) {
    aggregator.add(c);
  }
  return { repository, aggregator, entityRefs, pathPrefixes: prefixes };
}

/** The example organisation's history report. */
export function exampleHistoryReport(): HistoryReport {
  seq = 0;
  return analyzeHistory({
    entities: exampleEntities(),
    now: HISTORY_NOW,
    repositories: [
      mine(COMMERCE_REPO, COMMERCE_SCOPES, COMMERCE_SCOPES, commerceCommits()),
      mine(INVOICING_REPO, ['legacy-invoicing'], [''], invoicingCommits()),
    ],
    unavailable: [
      {
        entityRef: 'component:default/route-planner',
        repository: ROUTING_REPO,
        reason: "git clone failed: repository 'northwind/routing' not found",
      },
      {
        entityRef: 'component:default/driver-app',
        repository: ROUTING_REPO,
        reason: "git clone failed: repository 'northwind/routing' not found",
      },
    ],
  });
}

/** `GET /history` once a run has completed. */
export function readyHistory(): OwnershipHistoryResponse {
  const report = exampleHistoryReport();
  return {
    state: 'ready',
    completedAt: COMPLETED_AT,
    windowDays: report.options.windowDays,
    nextRunAt: NEXT_RUN_AT,
    report,
    runs: [
      {
        repository: COMMERCE_REPO,
        entityRefs: COMMERCE_SCOPES.map(n => `component:default/${n}`),
        mode: 'full',
        commitsRead: 80,
        milliseconds: 900,
      },
      {
        repository: INVOICING_REPO,
        entityRefs: ['component:default/legacy-invoicing'],
        mode: 'full',
        commitsRead: 8,
        milliseconds: 120,
      },
      {
        repository: ROUTING_REPO,
        entityRefs: [
          'component:default/driver-app',
          'component:default/route-planner',
        ],
        mode: 'failed',
        commitsRead: 0,
        milliseconds: 40,
      },
    ],
    withoutSourceLocation: [
      'component:default/ci-runners',
      'component:default/feature-flags',
      'component:default/ui-kit',
    ],
  };
}

/** `GET /history/components/:namespace/:name`, from a fleet report, as ownership-backend's HistoryService answers. */
export function componentHistory(
  ref: string,
  report: HistoryReport = exampleHistoryReport(),
): ComponentHistoryResponse {
  const component = report.components.find(c => c.entityRef === ref);
  const unavailable = report.unavailable.find(u => u.entityRef === ref);
  let reason: string | undefined;
  if (unavailable) {
    reason = `The history of ${unavailable.repository} could not be read: ${unavailable.reason}`;
  } else if (!component) {
    reason =
      'The component has no backstage.io/source-location annotation: there is no repository to read its history from';
  }
  return {
    state: 'ready',
    completedAt: COMPLETED_AT,
    windowDays: report.options.windowDays,
    nextRunAt: NEXT_RUN_AT,
    ...(component ? { component } : {}),
    ...(reason ? { reason } : {}),
    findings: report.findings.filter(
      f => f.entityRef === ref || (f.relatedRefs ?? []).includes(ref),
    ),
    coordination: report.coordination.filter(p =>
      p.components.some(c => c.entityRef === ref),
    ),
    titles: report.titles,
  };
}

/** `GET /history/teams/:namespace/:name`, from a fleet report, as ownership-backend's HistoryService answers. */
export function teamHistory(
  teamRef: string,
  report: HistoryReport = exampleHistoryReport(),
): TeamHistoryResponse {
  const row = (
    c: HistoryReport['components'][number],
  ): TeamComponentHistory => {
    const own = c.teamShares.find(t => t.teamRef === teamRef);
    return {
      entityRef: c.entityRef,
      declaredOwnerRef: c.declaredOwnerRef,
      actualTeamRef: c.actualTeamRef,
      teamShare: own?.share ?? 0,
      commits: own?.commits ?? 0,
    };
  };
  const declared = report.components.filter(
    c => c.declaredOwnerRef === teamRef,
  );
  const actuallyChanged = report.components.filter(
    c => c.actualTeamRef === teamRef && c.declaredOwnerRef !== teamRef,
  );
  const components = new Set(
    [...declared, ...actuallyChanged].map(c => c.entityRef),
  );
  return {
    state: 'ready',
    completedAt: COMPLETED_AT,
    windowDays: report.options.windowDays,
    nextRunAt: NEXT_RUN_AT,
    declared: declared.map(row),
    actuallyChanged: actuallyChanged.map(row),
    coordination: report.coordination.filter(
      p => p.teamA === teamRef || p.teamB === teamRef,
    ),
    findings: report.findings.filter(
      f =>
        components.has(f.entityRef) ||
        (f.type === 'team-coordination' &&
          [f.teamRef, ...(f.relatedRefs ?? [])].includes(teamRef)),
    ),
    titles: report.titles,
  };
}
