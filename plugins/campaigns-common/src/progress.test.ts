import type { CampaignService } from './model';
import { burndown, groupByTeam } from './progress';
import {
  assertCampaignId,
  campaignBranchName,
  campaignIdFromTitle,
  isCalendarDate,
} from './validation';

const NOW = new Date('2026-12-04T12:00:00Z');
const svc = (
  name: string,
  owner: string,
  state: CampaignService['state'],
  doneAt?: string,
): CampaignService => ({
  entityRef: `component:default/${name}`,
  title: name,
  owner: `group:default/${owner}`,
  ownerTitle: owner.toUpperCase(),
  state,
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...(doneAt ? { doneAt } : {}),
});

describe('groupByTeam', () => {
  it('groups per owner with counts, the team with most left first', () => {
    const teams = groupByTeam(
      [
        svc('b', 'alpha', 'merged', '2026-12-02T10:00:00Z'),
        svc('a', 'alpha', 'conflicted'),
        svc('c', 'beta', 'not-started'),
        svc('d', 'beta', 'failed'),
        svc('e', 'beta', 'exempted', '2026-12-03T10:00:00Z'),
      ],
      '2026-12-03',
      NOW,
    );
    expect(teams.map(t => t.owner)).toEqual([
      'group:default/beta',
      'group:default/alpha',
    ]);
    expect(teams[0]).toMatchObject({ total: 3, done: 1, overdue: 2 });
    expect(teams[0].counts).toMatchObject({
      'not-started': 1,
      failed: 1,
      exempted: 1,
      merged: 0,
    });
    expect(teams[1].services.map(s => [s.title, s.overdue])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });
});

describe('burndown', () => {
  it('counts services left at the end of each day, with the ideal line to the deadline', () => {
    const points = burndown(
      { createdAt: '2026-12-01T09:00:00Z', deadline: '2026-12-06' },
      [
        svc('a', 't', 'merged', '2026-12-02T10:00:00Z'),
        svc('b', 't', 'exempted', '2026-12-04T08:00:00Z'),
        svc('c', 't', 'branch-open'),
        svc('d', 't', 'failed'),
      ],
      NOW,
    );
    expect(points).toEqual([
      { date: '2026-12-01', remaining: 4, ideal: 4 },
      { date: '2026-12-02', remaining: 3, ideal: 3.2 },
      { date: '2026-12-03', remaining: 3, ideal: 2.4 },
      { date: '2026-12-04', remaining: 2, ideal: 1.6 },
      { date: '2026-12-05', ideal: 0.8 },
      { date: '2026-12-06', ideal: 0 },
    ]);
  });

  it('samples a long campaign down to the maximum, keeping the last day', () => {
    const points = burndown(
      { createdAt: '2026-01-01T00:00:00Z', deadline: '2026-12-31' },
      [svc('a', 't', 'not-started')],
      NOW,
      50,
    );
    expect(points.length).toBeLessThanOrEqual(51);
    expect(points[points.length - 1].date).toBe('2026-12-31');
  });
});

describe('validation', () => {
  it('builds branch names from ids and refuses ids that are not plain', () => {
    expect(campaignBranchName('node-24')).toBe('conway/campaign-node-24');
    expect(() => assertCampaignId('../main')).toThrow(/id: '..\/main'/);
    expect(() => assertCampaignId('Node')).toThrow();
    expect(campaignIdFromTitle('Node 24 everywhere!')).toBe(
      'node-24-everywhere',
    );
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('tomorrow')).toBe(false);
  });
});
