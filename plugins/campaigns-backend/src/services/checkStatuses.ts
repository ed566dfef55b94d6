import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  MAX_SERVICES_PAGE,
  type CheckStatus,
  type ServicesResponse,
} from '@conway/plugin-scorecards-common';

/** A check, as a check campaign names it. */
export interface CheckRef {
  checkId: string;
  /** Check ids are unique per scorecard; without it, any scorecard's check of that id. */
  scorecardId?: string;
}

/**
 * Where a tracked-only campaign learns whether its check passes now, per
 * service (lowercase entity refs); services never evaluated are left out.
 */
export interface CheckStatusSource {
  statuses(check: CheckRef): Promise<Map<string, CheckStatus>>;
}

/**
 * Each service's status of one check in the scorecards' stored results. A
 * check that is in several scorecards (no scorecard named) passes only where
 * it passes in all of them.
 */
export function checkStatusesOf(
  response: ServicesResponse,
  check: CheckRef,
): Map<string, CheckStatus> {
  const statuses = new Map<string, CheckStatus>();
  for (const item of response.items) {
    const found = item.scorecards
      .filter(s => !check.scorecardId || s.id === check.scorecardId)
      .flatMap(s => s.checks.filter(c => c.checkId === check.checkId));
    if (found.length === 0) continue;
    let status: CheckStatus = 'pass';
    if (found.some(c => c.status === 'fail')) status = 'fail';
    else if (found.some(c => c.status === 'unknown')) status = 'unknown';
    statuses.set(item.entityRef.toLocaleLowerCase('en-US'), status);
  }
  return statuses;
}

/**
 * {@link CheckStatusSource} over the scorecards backend's API
 * (`GET /api/scorecards/services`), called with the campaigns plugin's own
 * service credentials. It serves stored results, so this never waits for an
 * evaluation.
 */
export class ScorecardsCheckStatuses implements CheckStatusSource {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  async statuses(check: CheckRef): Promise<Map<string, CheckStatus>> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('scorecards');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scorecards',
    });
    // Page by page: a large fleet's results are never answered at once.
    const statuses = new Map<string, CheckStatus>();
    for (let offset = 0; ; ) {
      const query = new URLSearchParams({
        ...(check.scorecardId ? { scorecard: check.scorecardId } : {}),
        limit: String(MAX_SERVICES_PAGE),
        offset: String(offset),
      });
      const response = await fetch(`${baseUrl}/services?${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const page = (await response.json()) as ServicesResponse;
      for (const [ref, status] of checkStatusesOf(page, check)) {
        statuses.set(ref, status);
      }
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) return statuses;
    }
  }
}
