import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  OwnershipEntity,
  parseSourceLocation,
} from '@conway/plugin-ownership-common';
import { fixtureGit, fixtureLines, scriptRepository } from './gitFixture';
import { mineCatalogHistory } from './mineCatalogHistory';
import { MemoryHistoryStateStore } from './historyStateStore';
import { mineRepository } from './mineRepository';
import { RepositoryCache } from './RepositoryCache';

// Each scripted commit is a few git processes; a busy CI machine needs the room.
jest.setTimeout(60_000);

const DAY = 86400;
const NOW = Date.UTC(2026, 11, 4) / 1000;
const ann = { name: 'Ann', email: 'ann@x.example' };
const bob = { name: 'Bob', email: 'Bob@X.example' };
const cat = { name: 'Cat', email: 'cat@x.example' };
const gone = { name: 'Gone', email: 'gone@x.example' };
const noEmail = { name: 'Nobody', email: '' };

function entities(): OwnershipEntity[] {
  const group = (name: string) => ({
    kind: 'Group',
    metadata: { name, title: `Team ${name.toUpperCase()}` },
    spec: { type: 'team' },
  });
  const user = (name: string, team: string) => ({
    kind: 'User',
    metadata: { name },
    spec: { profile: { email: `${name}@x.example` }, memberOf: [team] },
  });
  const component = (name: string, location: string) => ({
    kind: 'Component',
    metadata: {
      name,
      annotations: { 'backstage.io/source-location': location },
    },
    spec: { owner: 'group:a' },
  });
  return [
    group('a'),
    group('b'),
    group('c'),
    user('ann', 'a'),
    user('bob', 'b'),
    user('cat', 'c'),
    component('ledger', 'dir:./ledger'),
    component('missing', 'dir:./missing'),
    component('plain', 'dir:./plain'),
    component('shallow', 'dir:./shallow'),
    component('strange', 'svn:somewhere'),
    component('ledger-core', 'dir:./ledger/core'),
    { kind: 'Component', metadata: { name: 'nosource' }, spec: {} },
  ];
}

/** The ledger's scripted history, oldest first. */
function ledgerHistory(root: string) {
  const dir = path.join(root, 'ledger');
  scriptRepository(dir, [
    { author: gone, time: NOW - 400 * DAY, write: { 'core/book.ts': 100 } },
    { author: ann, time: NOW - 180 * DAY, write: { 'core/fees.ts': 20 } },
    { author: bob, time: NOW - 7 * DAY, write: { 'api/http.ts': 80 } },
    {
      author: bob,
      time: NOW - 7 * DAY + 60,
      write: {
        'api/http.ts': [
          ...fixtureLines(70, 'api/http.ts'),
          ...fixtureLines(10, 'rewritten'),
        ],
      },
    },
    // A vendored drop and a lockfile: left out however big.
    {
      author: cat,
      time: NOW - DAY,
      write: { 'vendor/big.js': 20000, 'yarn.lock': 500 },
    },
    // A rename: the lines stay the departed author's.
    {
      author: bob,
      time: NOW - 3600,
      move: [['core/book.ts', 'core/ledger-book.ts']],
    },
    { author: noEmail, time: NOW - 60, write: { 'docs/readme.md': 5 } },
  ]);
  return dir;
}

describe('mineCatalogHistory', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-history-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('mines scripted histories with exact figures and reports bad input', async () => {
    const ledger = ledgerHistory(root);
    fs.mkdirSync(path.join(root, 'plain'));
    fixtureGit(root, [
      'clone',
      '-q',
      '--depth',
      '2',
      `file://${ledger}`,
      path.join(root, 'shallow'),
    ]);
    const { report, runs, withoutSourceLocation } = await mineCatalogHistory({
      entities: entities(),
      now: NOW,
      baseDirOf: () => root,
    });
    expect(withoutSourceLocation).toEqual(['component:default/nosource']);
    expect(runs.map(r => [r.repository, r.mode, r.commitsRead])).toEqual([
      ['dir:./ledger', 'full', 7],
      ['dir:./missing', 'failed', 0],
      ['dir:./plain', 'failed', 0],
      ['dir:./shallow', 'full', 2],
    ]);

    const c = report.components.find(
      x => x.entityRef === 'component:default/ledger',
    )!;
    // Counted: ann, bob twice, the author without email. Not: the departed
    // author (outside the window), the vendored drop and the rename (no lines).
    expect(c.commits).toBe(4);
    const w = (lines: number, daysAgo: number) => lines * 2 ** (-daysAgo / 180);
    const annW = w(20, 180);
    const bobW = w(80, 7) + w(20, 7 - 60 / DAY);
    const total = annW + bobW + w(5, 60 / DAY);
    expect(c.weightedLines).toBeCloseTo(total, 9);
    expect(c.teamShares.map(t => [t.teamRef, t.commits])).toEqual([
      ['group:default/b', 2],
      ['group:default/a', 1],
      [null, 1],
    ]);
    expect(c.teamShares[0].share).toBeCloseTo(bobW / total, 9);
    expect(c.teamShares[0].topDirectories).toEqual(['api']);
    expect(c.declaredOwnerShare).toBeCloseTo(annW / total, 9);
    expect(c.actualTeamRef).toBe('group:default/b');
    expect(c.commitsWithoutEmail).toBe(1);
    // Current lines: ledger-book 100 (gone, kept through the rename), fees 20
    // (ann), http 80 (bob: 70 kept + 10 rewritten), readme 5 (no email).
    expect(c.knowledge.currentLines).toBe(205);
    expect(c.knowledge.atRiskShare).toBeCloseTo(105 / 205, 12);
    expect(c.knowledge.truckFactor).toBe(2);
    expect(c.knowledge.holders.map(h => [h.ref, h.share])).toEqual([
      ['gone@x.example', 100 / 205],
      ['user:default/bob', 80 / 205],
      ['user:default/ann', 20 / 205],
      ['name:Nobody', 5 / 205],
    ]);
    expect(c.unknownAuthors.map(a => [a.key, a.commits])).toEqual([
      ['gone@x.example', 0],
      ['name:Nobody', 1],
    ]);
    const ids = report.findings.map(f => f.id);
    // A directory inside the repository: mined with it, only its part counted.
    const core = report.components.find(
      x => x.entityRef === 'component:default/ledger-core',
    )!;
    expect(core.pathPrefix).toBe('core');
    expect(core.knowledge.currentLines).toBe(120);
    expect(core.commits).toBe(1);
    expect(ids).toEqual(
      expect.arrayContaining([
        'knowledge-at-risk:component:default/ledger',
        'unknown-authors:component:default/ledger',
        'history-unavailable:component:default/missing',
        'history-unavailable:component:default/plain',
        'history-unavailable:component:default/strange',
        'history-unavailable:component:default/shallow:shallow-clone',
      ]),
    );
    // 4 commits are below the 5 that ownership findings need.
    expect(ids).not.toContain('actual-owner-mismatch:component:default/ledger');
    const missing = report.unavailable.find(
      u => u.entityRef === 'component:default/missing',
    );
    expect(missing?.reason).toBe(`directory ${root}/missing does not exist`);
    const plain = report.unavailable.find(
      u => u.entityRef === 'component:default/plain',
    );
    expect(plain?.reason).toMatch(/not a git repository/);
  });

  it('updates incrementally to the same result as a full recompute', async () => {
    const dir = ledgerHistory(root);
    const store = new MemoryHistoryStateStore();
    const options = { minCommits: 1 };
    const run = () =>
      mineCatalogHistory({
        entities: entities().slice(0, 7),
        now: NOW,
        baseDirOf: () => root,
        stateStore: store,
        options,
      });
    await run();
    scriptRepository(dir, [
      { author: ann, time: NOW - 30, write: { 'core/fees.ts': 40 } },
    ]);
    const incremental = await run();
    expect(incremental.runs[0]).toMatchObject({
      mode: 'incremental',
      commitsRead: 1,
    });
    const again = await run();
    expect(again.runs[0]).toMatchObject({ mode: 'unchanged', commitsRead: 0 });
    const full = await mineCatalogHistory({
      entities: entities().slice(0, 7),
      now: NOW,
      baseDirOf: () => root,
      options,
    });
    expect(incremental.report).toEqual(full.report);
    expect(again.report).toEqual(full.report);
    expect(full.report.findings.map(f => f.id)).toContain(
      'actual-owner-mismatch:component:default/ledger',
    );

    // History rewritten: the amended commit replaces the one mined.
    fixtureGit(dir, ['commit', '-q', '--amend', '-m', 'amended']);
    const rewritten = await run();
    expect(rewritten.runs[0].mode).toBe('full');
    expect(rewritten.report.components[0].problems[0]).toMatch(
      /^history-rewritten: /,
    );
  });

  it('mines an empty repository and clones remote ones into a bounded cache', async () => {
    const empty = path.join(root, 'empty');
    fixtureGit(root, ['init', '-q', empty]);
    const mined = await mineRepository({
      dir: empty,
      scopes: [{ entityRef: 'component:default/x', pathPrefix: '' }],
    });
    expect(mined.problems).toEqual([
      'no-commits: the repository has no commits',
    ]);

    const remote = ledgerHistory(root);
    const cache = new RepositoryCache({ dir: path.join(root, 'cache') });
    const clone = await cache.ensure(`file://${remote}`);
    expect(path.dirname(clone)).toBe(path.join(root, 'cache'));
    scriptRepository(remote, [
      { author: ann, time: NOW, write: { 'core/new.ts': 3 } },
    ]);
    expect(await cache.ensure(`file://${remote}`)).toBe(clone);
    const fromClone = await mineRepository({
      dir: clone,
      scopes: [{ entityRef: 'component:default/ledger', pathPrefix: 'core' }],
    });
    expect(fromClone.commitsRead).toBe(8);
    expect(fromClone.aggregator.window(0, NOW).knowledge).toEqual(
      new Map([
        ['gone@x.example', 100],
        ['ann@x.example', 23],
      ]),
    );
    // A bound smaller than one clone keeps only the clone in use.
    const tiny = new RepositoryCache({
      dir: path.join(root, 'cache'),
      maxBytes: 1,
    });
    const other = path.join(root, 'other');
    scriptRepository(other, [{ author: ann, time: NOW, write: { a: 1 } }]);
    await tiny.ensure(`file://${other}`);
    expect(fs.readdirSync(path.join(root, 'cache'))).toEqual([
      path.basename(tiny.pathOf(`file://${other}`)),
    ]);
  });

  it('parses source locations', () => {
    expect(
      parseSourceLocation(
        'url:https://github.com/northwind/mono/tree/main/services/ledger/',
      ),
    ).toEqual({
      type: 'url',
      target: 'https://github.com/northwind/mono.git',
      ref: 'main',
      pathPrefix: 'services/ledger',
    });
    expect(
      parseSourceLocation('url:https://gitlab.com/g/sub/r/-/tree/dev/x'),
    ).toEqual({
      type: 'url',
      target: 'https://gitlab.com/g/sub/r.git',
      ref: 'dev',
      pathPrefix: 'x',
    });
    expect(parseSourceLocation('dir:.')).toEqual({
      type: 'dir',
      target: '.',
      pathPrefix: '',
    });
    expect(parseSourceLocation('nonsense')).toBeUndefined();
  });
});
