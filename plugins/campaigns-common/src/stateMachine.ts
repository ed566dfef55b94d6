import type {
  CampaignConflict,
  CampaignService,
  Exemption,
  ServiceState,
} from './model';
import { DONE_STATES } from './model';

/**
 * What happened to a service in a campaign; {@link applyServiceEvent} turns
 * it into the service's next state.
 *
 * @public
 */
export type ServiceEvent =
  | { type: 'branch-opened'; branch: string; commit: string }
  | {
      type: 'pr-opened';
      branch: string;
      commit: string;
      pullRequest: { number: number; url: string };
    }
  | { type: 'conflicted'; conflicts: CampaignConflict[] }
  | { type: 'failed'; error: string }
  | { type: 'merged' }
  | { type: 'closed-unmerged'; error: string }
  | { type: 'exempted'; exemption: Exemption }
  | { type: 'exemption-lifted' };

/** From which states each event may be applied. */
const ALLOWED_FROM: Record<ServiceEvent['type'], readonly ServiceState[]> = {
  // A failure or a conflict is retried on the next run; the template may have moved on.
  'branch-opened': ['not-started', 'failed', 'conflicted'],
  'pr-opened': ['not-started', 'failed', 'conflicted', 'branch-open'],
  conflicted: ['not-started', 'failed', 'conflicted'],
  failed: ['not-started', 'failed', 'conflicted'],
  // A team may upgrade on its own (not-started, conflicted): the service then meets the target.
  merged: ['not-started', 'failed', 'conflicted', 'branch-open', 'pr-open'],
  'closed-unmerged': ['pr-open', 'branch-open'],
  exempted: ['not-started', 'failed', 'conflicted', 'branch-open', 'pr-open'],
  'exemption-lifted': ['exempted'],
};

/**
 * Thrown when an event does not apply to the service's state (exempting a
 * merged service, say).
 *
 * @public
 */
export class InvalidTransitionError extends Error {
  readonly name = 'InvalidTransitionError';
  constructor(
    readonly from: ServiceState,
    readonly event: ServiceEvent['type'],
  ) {
    super(`A service in state '${from}' cannot become '${event}'`);
  }
}

/** Whether the event may be applied to a service in this state. @public */
export function canApply(
  state: ServiceState,
  event: ServiceEvent['type'],
): boolean {
  return ALLOWED_FROM[event].includes(state);
}

/**
 * The service after the event: its new state, with what the state carries
 * (branch, pull request, conflicts, error, exemption) and nothing left over
 * from the previous state.
 *
 * @throws InvalidTransitionError when the event does not apply to the state
 * @public
 */
export function applyServiceEvent(
  service: CampaignService,
  event: ServiceEvent,
  now: Date,
): CampaignService {
  if (!canApply(service.state, event.type)) {
    throw new InvalidTransitionError(service.state, event.type);
  }
  const at = now.toISOString();
  // What every state starts from: identity and versions kept, state details dropped.
  const {
    branch: _branch,
    commit: _commit,
    pullRequest: _pullRequest,
    conflicts: _conflicts,
    error: _error,
    exemption: _exemption,
    doneAt: _doneAt,
    ...base
  } = service;
  const next = { ...base, updatedAt: at };
  switch (event.type) {
    case 'branch-opened':
      return {
        ...next,
        state: 'branch-open',
        branch: event.branch,
        commit: event.commit,
      };
    case 'pr-opened':
      return {
        ...next,
        state: 'pr-open',
        branch: event.branch,
        commit: event.commit,
        pullRequest: event.pullRequest,
      };
    case 'conflicted':
      return { ...next, state: 'conflicted', conflicts: event.conflicts };
    case 'failed':
      return { ...next, state: 'failed', error: event.error };
    case 'closed-unmerged':
      return {
        ...next,
        state: 'failed',
        error: event.error,
        ...(service.branch ? { branch: service.branch } : {}),
        ...(service.pullRequest ? { pullRequest: service.pullRequest } : {}),
      };
    case 'merged':
      return {
        ...next,
        state: 'merged',
        ...(service.branch ? { branch: service.branch } : {}),
        ...(service.commit ? { commit: service.commit } : {}),
        ...(service.pullRequest ? { pullRequest: service.pullRequest } : {}),
        doneAt: at,
      };
    case 'exempted':
      return {
        ...next,
        state: 'exempted',
        exemption: event.exemption,
        doneAt: at,
      };
    case 'exemption-lifted':
      return { ...next, state: 'not-started' };
    default:
      throw new Error(`Unknown event ${(event as ServiceEvent).type}`);
  }
}

/** Whether a service counts as done (merged or exempted). @public */
export function isDone(state: ServiceState): boolean {
  return DONE_STATES.includes(state);
}

/**
 * Whether a service is overdue: the campaign's deadline (a date, the whole
 * day counting) has passed and the service is not done.
 *
 * @public
 */
export function isOverdue(
  service: Pick<CampaignService, 'state'>,
  deadline: string,
  now: Date,
): boolean {
  return !isDone(service.state) && now.getTime() >= endOfDay(deadline);
}

/** The first instant after the deadline date (UTC). */
function endOfDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) + 24 * 3600_000;
}
