import type { CampaignService } from './model';
import {
  applyServiceEvent,
  canApply,
  InvalidTransitionError,
  isOverdue,
} from './stateMachine';

const NOW = new Date('2026-12-04T12:00:00Z');
const service: CampaignService = {
  entityRef: 'component:default/orders',
  title: 'Orders',
  owner: 'group:default/team-checkout',
  ownerTitle: 'Checkout',
  state: 'not-started',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('applyServiceEvent', () => {
  it('opens a branch, then a merge marks it done with the time', () => {
    const open = applyServiceEvent(
      service,
      { type: 'branch-opened', branch: 'conway/campaign-x', commit: 'abc' },
      NOW,
    );
    expect(open).toMatchObject({
      state: 'branch-open',
      branch: 'conway/campaign-x',
      commit: 'abc',
      updatedAt: NOW.toISOString(),
    });
    const merged = applyServiceEvent(open, { type: 'merged' }, NOW);
    expect(merged).toMatchObject({
      state: 'merged',
      branch: 'conway/campaign-x',
      doneAt: NOW.toISOString(),
    });
  });

  it('drops what the previous state carried: a retried conflict loses its files', () => {
    const conflicted = applyServiceEvent(
      service,
      {
        type: 'conflicted',
        conflicts: [{ path: 'k8s/base/deployment.yaml', kind: 'content' }],
      },
      NOW,
    );
    const failed = applyServiceEvent(
      conflicted,
      { type: 'failed', error: 'boom' },
      NOW,
    );
    expect(failed.conflicts).toBeUndefined();
    expect(failed.error).toBe('boom');
    const open = applyServiceEvent(
      failed,
      { type: 'branch-opened', branch: 'b', commit: 'c' },
      NOW,
    );
    expect(open.error).toBeUndefined();
  });

  it('keeps the exemption with reason and author, and can lift it', () => {
    const exemption = {
      reason: 'Being retired in January',
      by: 'user:default/ada',
      at: NOW.toISOString(),
    };
    const exempted = applyServiceEvent(
      service,
      { type: 'exempted', exemption },
      NOW,
    );
    expect(exempted).toMatchObject({ state: 'exempted', exemption });
    expect(
      applyServiceEvent(exempted, { type: 'exemption-lifted' }, NOW).state,
    ).toBe('not-started');
  });

  it('refuses events that do not apply', () => {
    const merged = { ...service, state: 'merged' as const };
    expect(() =>
      applyServiceEvent(
        merged,
        {
          type: 'exempted',
          exemption: { reason: 'x', by: 'user:default/a', at: '' },
        },
        NOW,
      ),
    ).toThrow(InvalidTransitionError);
    expect(() =>
      applyServiceEvent(merged, { type: 'failed', error: 'x' }, NOW),
    ).toThrow("A service in state 'merged' cannot become 'failed'");
    expect(canApply('branch-open', 'branch-opened')).toBe(false);
    expect(canApply('branch-open', 'pr-opened')).toBe(true);
  });
});

describe('isOverdue', () => {
  it('counts the whole deadline day and never a done service', () => {
    expect(isOverdue(service, '2026-12-04', NOW)).toBe(false);
    expect(isOverdue(service, '2026-12-03', NOW)).toBe(true);
    expect(isOverdue({ state: 'merged' }, '2026-12-03', NOW)).toBe(false);
    expect(isOverdue({ state: 'exempted' }, '2026-12-03', NOW)).toBe(false);
    expect(isOverdue({ state: 'conflicted' }, '2026-12-03', NOW)).toBe(true);
  });
});
