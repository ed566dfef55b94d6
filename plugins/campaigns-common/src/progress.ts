import type { CampaignService, ServiceState } from './model';
import { SERVICE_STATES } from './model';
import { isDone, isOverdue } from './stateMachine';

/** How many services are in each state. @public */
export type StateCounts = Record<ServiceState, number>;

/** A campaign's services of one team, with their counts. @public */
export interface TeamProgress {
  /** Owner group entity ref. */
  owner: string;
  ownerTitle: string;
  services: Array<CampaignService & { overdue: boolean }>;
  counts: StateCounts;
  /** Services not done by the deadline. */
  overdue: number;
  done: number;
  total: number;
}

/** Zero for every state. @public */
export function emptyCounts(): StateCounts {
  return Object.fromEntries(SERVICE_STATES.map(s => [s, 0])) as StateCounts;
}

/**
 * The campaign's services grouped by owning team: teams with the most
 * services left first (then by name), services by name inside a team.
 *
 * @public
 */
export function groupByTeam(
  services: CampaignService[],
  deadline: string,
  now: Date,
): TeamProgress[] {
  const teams = new Map<string, TeamProgress>();
  for (const service of services) {
    let team = teams.get(service.owner);
    if (!team) {
      team = {
        owner: service.owner,
        ownerTitle: service.ownerTitle,
        services: [],
        counts: emptyCounts(),
        overdue: 0,
        done: 0,
        total: 0,
      };
      teams.set(service.owner, team);
    }
    const overdue = isOverdue(service, deadline, now);
    team.services.push({ ...service, overdue });
    team.counts[service.state] += 1;
    team.total += 1;
    if (overdue) team.overdue += 1;
    if (isDone(service.state)) team.done += 1;
  }
  const byTitle = (a: { title: string }, b: { title: string }) =>
    a.title.localeCompare(b.title, 'en');
  return [...teams.values()]
    .map(team => ({ ...team, services: team.services.sort(byTitle) }))
    .sort(
      (a, b) =>
        b.total - b.done - (a.total - a.done) ||
        a.ownerTitle.localeCompare(b.ownerTitle, 'en'),
    );
}

/** One day of a burndown. @public */
export interface BurndownPoint {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** Services not done at the end of that day; undefined for days still to come. */
  remaining?: number;
  /** A straight line from every service at the start to none on the deadline. */
  ideal: number;
}

const DAY = 24 * 3600_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The burndown of a campaign, one point a day from the day it started to its
 * deadline (or to today when later): services left, and the ideal line.
 * At most `maxPoints` days (a long campaign is sampled evenly, the last day kept).
 *
 * @public
 */
export function burndown(
  campaign: { createdAt: string; deadline: string },
  services: Array<Pick<CampaignService, 'state' | 'doneAt'>>,
  now: Date,
  maxPoints = 120,
): BurndownPoint[] {
  const start = Date.parse(`${campaign.createdAt.slice(0, 10)}T00:00:00Z`);
  const deadline = Date.parse(`${campaign.deadline}T00:00:00Z`);
  const today = Date.parse(`${dayOf(now.getTime())}T00:00:00Z`);
  const last = Math.max(deadline, today, start);
  const days = Math.round((last - start) / DAY) + 1;
  const span = Math.max(1, Math.round((deadline - start) / DAY));
  const total = services.length;
  // Done times, sorted, so each day counts the services done by its end.
  const doneTimes = services
    .filter(s => isDone(s.state) && s.doneAt)
    .map(s => Date.parse(s.doneAt!))
    .sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(days / maxPoints));
  const points: BurndownPoint[] = [];
  let doneIndex = 0;
  for (let i = 0; i < days; i += 1) {
    const day = start + i * DAY;
    while (doneIndex < doneTimes.length && doneTimes[doneIndex] < day + DAY) {
      doneIndex += 1;
    }
    if (i % step !== 0 && i !== days - 1) continue;
    const elapsed = Math.min(span, Math.round((day - start) / DAY));
    points.push({
      date: dayOf(day),
      ...(day <= today ? { remaining: total - doneIndex } : {}),
      ideal: Math.max(
        0,
        Math.round((total * (span - elapsed) * 100) / span) / 100,
      ),
    });
  }
  return points;
}
