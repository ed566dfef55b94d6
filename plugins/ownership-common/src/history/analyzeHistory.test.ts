import { OwnershipEntity } from '../types';
import { analyzeHistory } from './analyzeHistory';
import {
  directoryOf,
  HistoryAggregator,
  HistoryWindows,
} from './HistoryAggregator';
import { HistoryOptionError, historyOptionsFrom } from './options';
import { CommitRecord, FileChange } from './types';

const DAY = 86400;
/** Friday 2026-12-04 00:00 UTC. */
const NOW = Date.UTC(2026, 11, 4) / 1000;

function user(name: string, team: string, extra?: string): OwnershipEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      annotations: extra ? { 'conway.dev/git-emails': extra } : {},
    },
    spec: {
      profile: { displayName: name.toUpperCase(), email: `${name}@x.example` },
      memberOf: [team],
    },
  };
}
function group(name: string): OwnershipEntity {
  return {
    kind: 'Group',
    metadata: { name, title: `Team ${name}` },
    spec: { type: 'team', children: [] },
  };
}
const entities: OwnershipEntity[] = [
  group('a'),
  group('b'),
  group('c'),
  user('ann', 'a', 'ann@old.example, ann.alias@x.example'),
  user('bob', 'b'),
  user('cat', 'c'),
  {
    kind: 'Component',
    metadata: { name: 'ledger', title: 'Ledger' },
    spec: { owner: 'a' },
  },
  { kind: 'Component', metadata: { name: 'web' }, spec: { owner: 'b' } },
];

let seq = 0;
function commit(
  email: string,
  daysAgo: number,
  files: Array<[string, number, number] | FileChange>,
): CommitRecord {
  seq += 1;
  return {
    sha: `sha${seq}`,
    authorName: email ? email.split('@')[0] : 'Nobody',
    authorEmail: email,
    time: NOW - daysAgo * DAY,
    files: files.map(f =>
      Array.isArray(f) ? { path: f[0], added: f[1], deleted: f[2] } : f,
    ),
  };
}

const scopes = [
  { entityRef: 'component:default/ledger', pathPrefix: 'ledger' },
  { entityRef: 'component:default/web', pathPrefix: 'web/' },
];

/** The fixture repository's analysis from its aggregator, or from only its windows. */
function analyze(aggregator: HistoryWindows) {
  return analyzeHistory({
    entities,
    now: NOW,
    repositories: [
      {
        repository: 'fixture',
        aggregator,
        entityRefs: scopes.map(s => s.entityRef),
        pathPrefixes: ['ledger', 'web'],
      },
    ],
  });
}

function report(commits: CommitRecord[], aggregator?: HistoryAggregator) {
  const agg = aggregator ?? new HistoryAggregator(scopes);
  for (const c of commits) agg.add(c);
  return analyze(agg);
}

/** A history in commit order (oldest first). */
function history(): CommitRecord[] {
  seq = 0;
  return [
    // Outside the window (400 days): knowledge only.
    commit('gone@x.example', 400, [['ledger/core/book.ts', 300, 0]]),
    commit('ann@x.example', 180, [['ledger/core/book.ts', 40, 60]]),
    commit('bob@x.example', 0, [['ledger/api/http.ts', 100, 0]]),
    commit('bob@x.example', 0, [['ledger/api/http.ts', 100, 0]]),
    commit('bob@x.example', 0, [['ledger/api/routes.ts', 50, 50]]),
    commit('cat@x.example', 0, [['ledger/jobs/run.ts', 60, 0]]),
    // Vendored (Yarn's release and loader too), lockfile and binary: left out.
    commit('ann@old.example', 1, [
      ['ledger/vendor/lib.js', 50000, 0],
      ['yarn.lock', 3000, 10],
      ['ledger/.yarn/releases/yarn-4.13.0.cjs', 900, 0],
      ['ledger/.pnp.cjs', 20000, 0],
      { path: 'ledger/logo.png', added: 0, deleted: 0, binary: true },
    ]),
    // Huge commit capped at 2000 lines.
    commit('cat@x.example', 0, [['web/gen/all.ts', 10000, 0]]),
    commit('bob@x.example', 0, [['web/app.ts', 1000, 0]]),
    // Rename keeps who wrote the lines.
    commit('bob@x.example', 0, [
      { path: 'web/main.ts', oldPath: 'web/app.ts', added: 0, deleted: 0 },
    ]),
    commit('', 0, [['web/readme.md', 10, 0]]),
  ];
}

describe('analyzeHistory', () => {
  it('leaves authors in no team out of the entropy and names their share in a mismatch', () => {
    seq = 0;
    const r = report([
      // 700 lines by someone who left, 300 by Team b, nothing by the owner (Team a).
      commit('gone@x.example', 0, [['ledger/core/book.ts', 700, 0]]),
      ...[1, 2, 3, 4, 5].map(() =>
        commit('bob@x.example', 0, [['ledger/api/http.ts', 60, 0]]),
      ),
    ]);
    const ledger = r.components.find(
      c => c.entityRef === 'component:default/ledger',
    )!;
    expect(ledger.teamShares.map(t => [t.teamRef, t.share])).toEqual([
      [null, 0.7],
      ['group:default/b', 0.3],
    ]);
    // One team did every change a team did: no spread among teams, whatever others wrote.
    expect(ledger.fragmentation.entropyBits).toBe(0);
    const mismatch = r.findings.find(
      f => f.id === 'actual-owner-mismatch:component:default/ledger',
    );
    expect(mismatch?.message).toBe(
      'Declared owner Team a made 0 % of the changes to Ledger in 12 months; Team b made 30 %, authors in no catalog team 70 %',
    );
    expect(mismatch?.suggestion).toBe(
      'Transfer ownership of Ledger to Team b, the catalog team that changed it most (spec.owner: group:default/b), or hand the work over to Team a.',
    );
  });

  it('says per problem how the history stands and what to do', () => {
    const agg = new HistoryAggregator(scopes);
    for (const c of history()) agg.add(c);
    const r = analyzeHistory({
      entities,
      now: NOW,
      repositories: [
        {
          repository: 'fixture',
          aggregator: agg,
          entityRefs: ['component:default/ledger'],
          pathPrefixes: ['ledger'],
          problems: [
            'shallow-clone: only the commits of a shallow clone were mined, older ones are missing',
            'history-rewritten: 0123456789ab mined last time is no longer in the history; mined again',
          ],
        },
      ],
    });
    const byId = new Map(r.findings.map(f => [f.id, f]));
    expect(
      byId.get('history-unavailable:component:default/ledger:shallow-clone'),
    ).toMatchObject({
      message:
        'The history of Ledger is incomplete: only the commits of a shallow clone were mined, older ones are missing',
      suggestion:
        'Mine a full clone (git fetch --unshallow) so that the figures cover the whole window.',
    });
    expect(
      byId.get(
        'history-unavailable:component:default/ledger:history-rewritten',
      ),
    ).toMatchObject({
      message:
        'The history of Ledger was rewritten: 0123456789ab mined last time is no longer in the history; mined again',
      suggestion: expect.stringMatching(/^Nothing to fix: it was mined again/),
    });
  });

  it('measures the entropy over the teams alone when others wrote too', () => {
    seq = 0;
    const r = report([
      commit('gone@x.example', 0, [['ledger/core/book.ts', 500, 0]]),
      commit('bob@x.example', 0, [['ledger/api/http.ts', 250, 0]]),
      commit('cat@x.example', 0, [['ledger/jobs/run.ts', 250, 0]]),
    ]);
    const ledger = r.components.find(
      c => c.entityRef === 'component:default/ledger',
    )!;
    // Team b and Team c split the teams' changes in half: exactly 1 bit.
    expect(ledger.fragmentation.entropyBits).toBeCloseTo(1, 12);
  });

  it("counts a person's own changes for a component that person owns", () => {
    const owned = entities.map(e =>
      e.metadata?.name === 'ledger' ? { ...e, spec: { owner: 'user:bob' } } : e,
    );
    const agg = new HistoryAggregator(scopes);
    for (const c of history()) agg.add(c);
    const r = analyzeHistory({
      entities: owned,
      now: NOW,
      repositories: [
        {
          repository: 'fixture',
          aggregator: agg,
          entityRefs: scopes.map(s => s.entityRef),
          pathPrefixes: ['ledger', 'web'],
        },
      ],
    });
    const ledger = r.components[0];
    expect(ledger.declaredOwnerRef).toBe('user:default/bob');
    // bob made 300 of the 410 weighted lines himself: no finding says he made 0 %.
    expect(ledger.declaredOwnerShare).toBeCloseTo(300 / 410, 9);
    expect(
      r.findings.filter(
        f =>
          f.type === 'actual-owner-mismatch' &&
          f.entityRef === ledger.entityRef,
      ),
    ).toEqual([]);
  });

  it('computes shares, the actual team, knowledge and findings', () => {
    const r = report(history());
    const ledger = r.components[0];
    expect(ledger.entityRef).toBe('component:default/ledger');
    // ann: 100 lines 180 days ago (half-life 180 → weight 0.5) = 50;
    // bob: 300 lines now; cat: 60 now. Total 410.
    expect(ledger.commits).toBe(5);
    expect(ledger.weightedLines).toBeCloseTo(410, 9);
    expect(
      ledger.teamShares.map(t => [t.teamRef, +t.share.toFixed(6), t.commits]),
    ).toEqual([
      ['group:default/b', +(300 / 410).toFixed(6), 3],
      ['group:default/c', +(60 / 410).toFixed(6), 1],
      ['group:default/a', +(50 / 410).toFixed(6), 1],
    ]);
    expect(ledger.teamShares[0].topDirectories).toEqual(['api']);
    expect(ledger.actualTeamRef).toBe('group:default/b');
    expect(ledger.declaredOwnerShare).toBeCloseTo(50 / 410, 9);
    expect(ledger.fragmentation.teamCount).toBe(3);
    const p = [300 / 410, 60 / 410, 50 / 410];
    expect(ledger.fragmentation.entropyBits).toBeCloseTo(
      -p.reduce((s, x) => s + x * Math.log2(x), 0),
      9,
    );
    // book.ts: gone wrote 300, ann deleted 60 (20 %) → gone 240, ann 40.
    // bob: http.ts 200 + routes.ts 50 (new file: nothing to delete); cat 60.
    expect(ledger.knowledge.currentLines).toBeCloseTo(240 + 40 + 250 + 60, 9);
    expect(ledger.knowledge.atRiskShare).toBeCloseTo(240 / 590, 9);
    expect(ledger.knowledge.truckFactor).toBe(2);
    expect(ledger.knowledge.holders.map(h => [h.ref, h.known])).toEqual([
      ['user:default/bob', true],
      ['gone@x.example', false],
      ['user:default/cat', true],
      ['user:default/ann', true],
    ]);
    expect(ledger.unknownAuthors).toEqual([
      {
        key: 'gone@x.example',
        name: 'gone',
        commits: 0,
        knowledgeShare: 240 / 590,
      },
    ]);

    const web = r.components[1];
    // cat: 10000 lines capped to 2000; bob 1000; no-email author 10.
    expect(web.weightedLines).toBeCloseTo(3010, 9);
    expect(web.teamShares.map(t => t.teamRef)).toEqual([
      'group:default/c',
      'group:default/b',
      null,
    ]);
    expect(web.actualTeamRef).toBe('group:default/c');
    expect(web.commitsWithoutEmail).toBe(1);
    expect(web.unknownAuthorShare).toBeCloseTo(10 / 3010, 9);
    expect(web.knowledge.currentLines).toBe(11010);
    expect(web.knowledge.holders.map(h => [h.ref, h.known])).toEqual([
      ['user:default/cat', true],
      ['user:default/bob', true],
      ['name:Nobody', false],
    ]);

    expect(r.coordination).toEqual([
      {
        teamA: 'group:default/b',
        teamB: 'group:default/c',
        weeks: 2,
        components: [
          { entityRef: 'component:default/ledger', weeks: 1 },
          { entityRef: 'component:default/web', weeks: 1 },
        ],
      },
    ]);
    expect(r.titles['group:default/b']).toBe('Team b');

    const byId = new Map(r.findings.map(f => [f.id, f]));
    expect(byId.get('actual-owner-mismatch:component:default/ledger')).toEqual(
      expect.objectContaining({
        severity: 'warning',
        teamRef: 'group:default/a',
        message:
          'Declared owner Team a made 12 % of the changes to Ledger in 12 months; Team b made 73 %',
        suggestion:
          'Transfer ownership of Ledger to Team b (spec.owner: group:default/b), or hand the work over to Team a.',
      }),
    );
    expect(
      byId.get('team-fragmentation:component:default/ledger')?.suggestion,
    ).toBe(
      'Split Ledger along the seam the files show (Team b: api; Team c: jobs; Team a: core), or give it one owning team.',
    );
    expect(byId.has('knowledge-at-risk:component:default/ledger')).toBe(false);
    expect(byId.get('truck-factor-one:component:default/web')?.message).toBe(
      'CAT wrote 91 % of the current lines of component:default/web: its knowledge sits with one person (truck factor 1)',
    );
    expect(
      byId.get('unknown-authors:component:default/web')?.message,
    ).toContain('Nobody (no email)');
    // Two co-weeks are below the default of 4.
    expect(
      [...byId.keys()].some(id => id.startsWith('team-coordination')),
    ).toBe(false);
  });

  it('reports knowledge at risk when people who left wrote most of the code', () => {
    seq = 0;
    const r = report([
      commit('gone@x.example', 30, [['ledger/a.ts', 70, 0]]),
      commit('ann@x.example', 20, [['ledger/b.ts', 30, 0]]),
    ]);
    const f = r.findings.find(x => x.type === 'knowledge-at-risk');
    expect(f?.message).toBe(
      '70 % of the current lines of Ledger were written by people who are not in the catalog (left, or never listed)',
    );
  });

  it('gives the same result incrementally as a full recompute', () => {
    const commits = history();
    const full = report(commits);
    for (const split of [1, 4, 7, 10]) {
      const first = new HistoryAggregator(scopes);
      commits.slice(0, split).forEach(c => first.add(c));
      const stored = JSON.parse(JSON.stringify(first.toState()));
      const resumed = HistoryAggregator.fromState(stored, scopes)!;
      expect(resumed.lastSha).toBe(`sha${split}`);
      expect(report(commits.slice(split), resumed)).toEqual(full);
    }
  });

  it('gives the same result from the windows alone as from the aggregator', () => {
    const agg = new HistoryAggregator(scopes);
    for (const c of history()) agg.add(c);
    const windows = agg.windowsAt(NOW);
    expect(analyze(windows)).toEqual(analyze(agg));
    // Unknown authors are named as the aggregator names them (the empty email: by name).
    expect(windows.authorName('name:Nobody')).toBe('Nobody');
    expect(windows.authorName('nobody@else.example')).toBe(
      'nobody@else.example',
    );
    // Windows end at one instant: asking for another is a mistake, not a silent answer.
    expect(() => windows.window(0, NOW + DAY)).toThrow(RangeError);
    expect(() => windows.window(2, NOW)).toThrow('no scope 2');
  });

  it('refuses a state made with other options', () => {
    const state = new HistoryAggregator(scopes).toState();
    expect(
      HistoryAggregator.fromState(state, scopes, { halfLifeDays: 30 }),
    ).toBeUndefined();
  });

  it('refuses a state of version 1, whose directories were top-level only', () => {
    const state = new HistoryAggregator(scopes).toState();
    expect(HistoryAggregator.fromState(state, scopes)).toBeDefined();
    expect(
      HistoryAggregator.fromState({ ...state, version: 1 } as any, scopes),
    ).toBeUndefined();
  });

  it('counts changes two directories deep: src/cart, src, or the root', () => {
    expect(directoryOf('src/cart/cart.ts')).toBe('src/cart');
    expect(directoryOf('src/cart/deep/er.ts')).toBe('src/cart');
    expect(directoryOf('src/index.ts')).toBe('src');
    expect(directoryOf('README.md')).toBe('.');
  });

  it("keeps an author's five most changed directories in the window, and every line in the weight", () => {
    seq = 0;
    const agg = new HistoryAggregator(scopes);
    const sizes = [70, 60, 50, 40, 30, 20, 10];
    for (const [i, lines] of sizes.entries()) {
      agg.add(commit('ann@x.example', 1, [[`ledger/src/m${i}/a.ts`, lines, 0]]));
    }
    const ann = agg.window(0, NOW).authors.get('ann@x.example')!;
    expect([...ann.dirs.keys()]).toEqual([
      'src/m0',
      'src/m1',
      'src/m2',
      'src/m3',
      'src/m4',
    ]);
    expect(ann.weighted).toBeCloseTo(
      sizes.reduce((sum, n) => sum + n * 2 ** (-1 / 180), 0),
      6,
    );
  });

  it('names the seam inside one source directory, and says when there is none', () => {
    seq = 0;
    const split = report([
      commit('ann@x.example', 3, [['ledger/src/cart/cart.ts', 50, 0]]),
      commit('bob@x.example', 2, [['ledger/src/payment/pay.ts', 40, 0]]),
      commit('cat@x.example', 1, [['ledger/src/stock/reserve.ts', 30, 0]]),
      // Five commits make a component active enough for the finding.
      commit('ann@x.example', 1, [['ledger/src/cart/cart.ts', 5, 0]]),
      commit('bob@x.example', 1, [['ledger/src/payment/pay.ts', 5, 0]]),
    ]);
    expect(split.components[0].teamShares.map(t => t.topDirectories)).toEqual([
      ['src/cart'],
      ['src/payment'],
      ['src/stock'],
    ]);
    expect(
      split.findings.find(f => f.type === 'team-fragmentation')?.suggestion,
    ).toBe(
      'Split Ledger along the seam the files show (Team a: src/cart; Team b: src/payment; Team c: src/stock), or give it one owning team.',
    );

    seq = 0;
    const tangled = report([
      commit('ann@x.example', 3, [['ledger/src/app.ts', 50, 0]]),
      commit('bob@x.example', 2, [['ledger/src/app.ts', 40, 10]]),
      commit('cat@x.example', 1, [
        ['ledger/src/routes.ts', 30, 0],
        ['ledger/test/routes.test.ts', 5, 0],
      ]),
      commit('ann@x.example', 1, [['ledger/src/app.ts', 5, 0]]),
      commit('bob@x.example', 1, [['ledger/src/app.ts', 5, 0]]),
    ]);
    expect(
      tangled.findings.find(f => f.type === 'team-fragmentation')?.suggestion,
    ).toBe(
      'Give Ledger one owning team: the teams work mostly in the same directory (Team b: src; Team a: src; Team c: src, test), so no seam shows to split it along.',
    );
  });

  it('keeps only the weeks of the window', () => {
    seq = 0;
    const agg = new HistoryAggregator(scopes, { windowDays: 14 });
    for (let d = 400; d >= 0; d -= 7) {
      agg.add(commit('ann@x.example', d, [['ledger/a.ts', 1, 0]]));
    }
    const weeks = agg.toState().scopes[0].weeks.map(([w]) => w);
    expect(weeks.length).toBeLessThanOrEqual(3);
    expect(agg.window(0, NOW).commits).toBe(weeks.length);
  });

  it('counts coordination weeks and suggests an interface', () => {
    seq = 0;
    const commits: CommitRecord[] = [];
    for (const w of [0, 1, 2, 3, 5]) {
      commits.push(commit('ann@x.example', w * 7, [['ledger/x.ts', 5, 0]]));
      commits.push(commit('cat@x.example', w * 7, [['ledger/y.ts', 5, 0]]));
    }
    commits.sort((x, y) => x.time - y.time);
    const r = report(commits);
    expect(r.coordination[0]).toMatchObject({
      teamA: 'group:default/a',
      teamB: 'group:default/c',
      weeks: 5,
    });
    expect(r.findings.find(f => f.type === 'team-coordination')?.message).toBe(
      'Team a and Team c changed the same components in the same weeks 5 times in 12 months (Ledger 5 weeks)',
    );
  });

  it('rejects a bad option with its name', () => {
    expect(() => new HistoryAggregator(scopes, { windowDays: -1 })).toThrow(
      "History option 'windowDays' must be a non-negative number, got -1",
    );
  });

  it("reads the options among a configuration section's keys, naming a bad one", () => {
    // The backend's scheduling keys beside them are not options; null is unset.
    expect(
      historyOptionsFrom({
        intervalMinutes: 5,
        windowDays: 14,
        halfLifeDays: null,
        exclude: ['api/**'],
      }),
    ).toEqual({ windowDays: 14, exclude: ['api/**'] });
    const named = (section: Record<string, unknown>) => {
      try {
        historyOptionsFrom(section);
      } catch (error) {
        return error instanceof HistoryOptionError ? error.option : 'other';
      }
      return 'none';
    };
    expect(named({ minCommits: 'many' })).toBe('minCommits');
    expect(named({ exclude: 'vendor/**' })).toBe('exclude');
    expect(named({ halfLifeDays: 0 })).toBe('halfLifeDays');
    expect(named({ windowDays: 30 })).toBe('none');
  });
});
