import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runOwnershipCheck } from '../commands/ownershipCheck';
import { CliIo } from './io';
import { parseSince } from './historyReport';

// Each scripted commit is a few git processes; a busy CI machine needs the room.
jest.setTimeout(60_000);

const DAY = 86400;
const NOW = Date.UTC(2026, 11, 4) / 1000;

const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a, title: Payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-b, title: Ledger Crew }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ann }
spec: { profile: { email: ann@x.example, displayName: Ann }, memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: bob
  annotations: { conway.dev/git-emails: "bob@home.example" }
spec: { profile: { email: bob@x.example, displayName: Bob }, memberOf: [team-b] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger-core
  title: Ledger Core
  annotations: { backstage.io/source-location: "dir:./ledger-core" }
spec: { type: service, lifecycle: production, owner: team-a }
`;

function commit(
  dir: string,
  email: string,
  daysAgo: number,
  file: string,
  lines: number,
) {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  const content = Array.from(
    { length: lines },
    (_, i) => `${file} ${daysAgo} ${i}`,
  );
  fs.writeFileSync(path.join(dir, file), `${content.join('\n')}\n`);
  const date = `@${NOW - daysAgo * DAY} +0000`;
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['commit', '-q', '-m', file], {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: email.split('@')[0],
      GIT_AUTHOR_EMAIL: email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: 'ci',
      GIT_COMMITTER_EMAIL: 'ci@example.com',
      GIT_COMMITTER_DATE: date,
    },
  });
}

function io(cwd: string): CliIo & { out: () => string } {
  let out = '';
  return {
    cwd,
    color: false,
    stdout: t => {
      out += t;
    },
    stderr: t => {
      out += t;
    },
    out: () => out,
  };
}

describe('conway ownership check --history', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-history-'));
    fs.writeFileSync(path.join(root, 'catalog-info.yaml'), CATALOG);
    const repo = path.join(root, 'ledger-core');
    fs.mkdirSync(repo);
    execFileSync('git', ['init', '-q'], { cwd: repo });
    commit(repo, 'ann@x.example', 20, 'src/fees.ts', 10);
    for (let i = 0; i < 4; i++) {
      commit(repo, 'bob@x.example', 10 - i, `src/book${i}.ts`, 20);
    }
    commit(repo, 'bob@home.example', 1, 'api/http.ts', 30);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints declared vs actual owner with a suggestion, and fails on request', async () => {
    const text = io(root);
    const code = await runOwnershipCheck(
      { paths: [], history: { now: NOW } },
      text,
    );
    expect(code).toBe(0);
    const out = text.out();
    expect(out).toContain('Ledger Core component:default/ledger-core');
    expect(out).toContain(
      'declared Payments 8 % · actual Ledger Crew · 6 commits in the window',
    );
    expect(out).toContain(
      'Declared owner Payments made 8 % of the changes to Ledger Core in 12 months; Ledger Crew made 92 %',
    );
    expect(out).toContain(
      '→ Transfer ownership of Ledger Core to Ledger Crew (spec.owner: group:default/team-b), or hand the work over to Payments.',
    );
    expect(out).toContain('truck factor 1 (largest: Bob 92 %)');

    const json = io(root);
    const failed = await runOwnershipCheck(
      {
        paths: [],
        format: 'json',
        failOn: ['actual-owner-mismatch'],
        history: { now: NOW, windowDays: 30 },
      },
      json,
    );
    expect(failed).toBe(1);
    const output = JSON.parse(json.out());
    expect(output.check.failingFindingIds).toEqual([
      'actual-owner-mismatch:component:default/ledger-core',
    ]);
    expect(output.history.options.windowDays).toBe(30);
    expect(output.history.components[0]).toMatchObject({
      entityRef: 'component:default/ledger-core',
      declaredOwnerRef: 'group:default/team-a',
      actualTeamRef: 'group:default/team-b',
      commits: 6,
      knowledge: { currentLines: 120, atRiskShare: 0, truckFactor: 1 },
    });
    expect(output.history.runs).toEqual([
      expect.objectContaining({
        repository: 'dir:./ledger-core',
        mode: 'full',
        commitsRead: 6,
      }),
    ]);
  });

  it('mines scripted example repositories for components without a source, naming people who left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-examples-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'catalog-info.yaml'),
        `${CATALOG}---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: invoices }
spec: { type: service, lifecycle: production, owner: team-b }
`,
      );
      fs.writeFileSync(
        path.join(dir, 'histories.yaml'),
        `people:
  ann: { name: Ann, email: ann@x.example }
  old: { name: Olaf Gone, email: olaf@x.example }
repositories:
  invoices:
    commits:
      - { author: old, daysAgo: 40, files: { src/a.ts: 90 } }
      - { author: ann, daysAgo: 5, files: { src/b.ts: 10 } }
`,
      );
      const temporaries = () =>
        fs
          .readdirSync(os.tmpdir())
          .filter(name => name.startsWith('conway-example-histories-'));
      const before = temporaries();
      const text = io(dir);
      const code = await runOwnershipCheck(
        {
          paths: [],
          history: { now: NOW, examples: 'histories.yaml' },
        },
        text,
      );
      expect(code).toBe(0);
      const out = text.out();
      // ledger-core keeps its own source (missing here: reported, not replaced); invoices gets the example.
      expect(out).toContain('2 repositories: 1 mined in full');
      expect(out).toMatch(
        /component:default\/invoices\n {6}declared Ledger Crew 0 % · actual Payments · 2 commits in the window/,
      );
      expect(out).toContain(
        'truck factor 1 (largest: Olaf Gone (not in the catalog) 90 %)',
      );
      // Made in a temporary directory, removed afterwards; nothing written beside the catalog.
      expect(temporaries()).toEqual(before);
      expect(fs.readdirSync(dir).sort()).toEqual([
        'catalog-info.yaml',
        'histories.yaml',
      ]);

      // With a cache, made there and kept for the next run.
      const cached = io(dir);
      await runOwnershipCheck(
        {
          paths: [],
          history: { now: NOW, examples: 'histories.yaml', cacheDir: 'cache' },
        },
        cached,
      );
      expect(cached.out()).toContain(
        'truck factor 1 (largest: Olaf Gone (not in the catalog) 90 %)',
      );
      expect(
        fs.existsSync(
          path.join(dir, 'cache/example-repositories/invoices/.git'),
        ),
      ).toBe(true);
      expect(temporaries()).toEqual(before);

      const missing = io(dir);
      expect(
        await runOwnershipCheck(
          { paths: [], history: { now: NOW, examples: 'nope.yaml' } },
          missing,
        ),
      ).toBe(2);
      expect(missing.out()).toMatch(
        /^error --history-examples: .*nope\.yaml does not exist\n$/,
      );

      fs.writeFileSync(
        path.join(dir, 'bad.yaml'),
        'people: {}\nrepositories:\n  invoices:\n    commits:\n      - { author: nobody, daysAgo: 1, files: { a: 1 } }\n',
      );
      const bad = io(dir);
      expect(
        await runOwnershipCheck(
          { paths: [], history: { now: NOW, examples: 'bad.yaml' } },
          bad,
        ),
      ).toBe(2);
      expect(bad.out()).toMatch(
        /^error --history-examples: Invalid example histories '.*bad\.yaml' at repositories\.invoices\.commits\[0\]/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes the history options from the configuration's ownership.history, as the portal does", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-config-'));
    try {
      const config = path.join(dir, 'app-config.yaml');
      // The portal's keys: the analysis options apply, the scheduling ones are the backend's.
      fs.writeFileSync(
        config,
        [
          'ownership:',
          '  history:',
          '    intervalMinutes: 5',
          '    windowDays: 14',
          '    halfLifeDays: 90',
          "    exclude: ['api/**']",
        ].join('\n'),
      );
      const text = io(root);
      expect(
        await runOwnershipCheck(
          { paths: [], config, history: { now: NOW } },
          text,
        ),
      ).toBe(0);
      // Ann's commit (20 days ago) is outside 14 days; Bob's api/ commit is excluded.
      expect(text.out()).toContain(
        'Actual ownership from git history (2 weeks, changes weighted by lines with a half-life of 90 days)',
      );
      expect(text.out()).toContain(
        'declared Payments 0 % · actual Ledger Crew · 4 commits in the window',
      );
      expect(text.out()).toContain('knowledge: 90 current lines');

      // --since overrides the configured window; the rest of the configuration stays.
      const json = io(root);
      await runOwnershipCheck(
        {
          paths: [],
          format: 'json',
          config,
          history: { now: NOW, windowDays: 45 },
        },
        json,
      );
      const { options } = JSON.parse(json.out()).history;
      expect(options).toMatchObject({
        windowDays: 45,
        halfLifeDays: 90,
        exclude: ['api/**'],
      });

      // A bad value is a usage error naming the file and the key, before anything is mined.
      fs.writeFileSync(
        config,
        'ownership:\n  history:\n    halfLifeDays: -3\n',
      );
      const bad = io(root);
      expect(
        await runOwnershipCheck(
          { paths: [], config, history: { now: NOW } },
          bad,
        ),
      ).toBe(2);
      expect(bad.out()).toContain(
        "app-config.yaml: ownership.history.halfLifeDays: History option 'halfLifeDays' must be a non-negative number, got -3",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says one commit and a window of days in the singular', async () => {
    const text = io(root);
    await runOwnershipCheck(
      { paths: [], history: { now: NOW, windowDays: 2 } },
      text,
    );
    expect(text.out()).toContain('Actual ownership from git history (2 days,');
    expect(text.out()).toContain(
      'declared Payments 0 % · actual Ledger Crew · 1 commit in the window',
    );
    expect(text.out()).toContain('fragmentation: 1 team, entropy 0.00 bits');
  });

  it('parses --since durations', () => {
    expect(parseSince('12m')).toBe(365);
    expect(parseSince('26w')).toBe(182);
    expect(parseSince('90d')).toBe(90);
    expect(parseSince('1y')).toBe(365);
    expect(() => parseSince('soon')).toThrow('Expected a duration like 12m');
  });
});
