import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  evaluateScorecards,
  RepositoryFacts,
  ScorecardDefinition,
} from '@conway/plugin-scorecards-common';
import { collectServiceFacts, readCatalogInfo } from './collectServiceFacts';
import { collectRepositoryFacts } from './repository/collectRepositoryFacts';
import { loadScorecardDirectory } from './loadScorecards';
import { edit, renderService } from './bench/renderService';
import { createManifestCheckCache } from './repository/manifestCache';

// kubectl kustomize renders every overlay: seconds on a busy machine.
jest.setTimeout(60_000);

const SHIPPED_SCORECARDS_DIR = path.resolve(__dirname, '../../../scorecards');

describe('facts of a rendered golden-path service', () => {
  const manifestCache = createManifestCheckCache();
  let root: string;
  let service: string;
  let scorecards: ScorecardDefinition[];
  const copy = () => {
    const dir = fs.mkdtempSync(path.join(root, 'copy-'));
    fs.cpSync(service, dir, { recursive: true });
    return dir;
  };
  const statuses = async (dir: string) => {
    const facts = await collectServiceFacts({
      entity: await readCatalogInfo(dir),
      repositoryDir: dir,
      repositoryOptions: { manifestCache },
    });
    return Object.fromEntries(
      evaluateScorecards(scorecards, facts).flatMap(r =>
        r.results.map(c => [
          `${r.scorecardId}/${c.checkId}`,
          `${c.status}: ${c.reason}`,
        ]),
      ),
    );
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-scorecards-'));
    service = await renderService(path.join(root, 'orders-api'));
    const loaded = await loadScorecardDirectory(SHIPPED_SCORECARDS_DIR);
    if (loaded.errors.length > 0)
      throw new Error(JSON.stringify(loaded.errors));
    scorecards = loaded.scorecards;
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds what the template renders', async () => {
    const facts = (await collectRepositoryFacts(service, {
      manifestCache,
    })) as RepositoryFacts;
    expect(facts).toMatchObject({
      manifests: {
        files: [
          'k8s/overlays/dev',
          'k8s/overlays/prod',
          'k8s/overlays/staging',
        ],
        problems: [],
      },
      pipeline: { files: ['.github/workflows/ci.yaml'], problems: [] },
      lockfile: 'package-lock.json',
      dockerfile: { file: 'Dockerfile', user: '10001:10001' },
      alertFiles: ['observability/alerts.yaml', 'k8s/base/prometheusrule.yaml'],
      dashboardFiles: ['observability/dashboard.json'],
    });
    expect(facts.testFileCount).toBeGreaterThan(5);
  });

  it('passes every repository and catalog check it can know offline', async () => {
    const s = await statuses(service);
    for (const id of [
      'production-readiness/lifecycle-set',
      'production-readiness/system-set',
      'production-readiness/api-defined',
      'production-readiness/tests-present',
      'production-readiness/lockfile-present',
      'production-readiness/dockerfile-non-root',
      'production-readiness/slo-alerts-present',
      'production-readiness/slo-dashboard-present',
      'golden-path/golden-path-template',
      'golden-path/manifests-pass-policy',
      'golden-path/pipeline-valid',
    ]) {
      expect([id, s[id]]).toEqual([id, expect.stringMatching(/^pass: /)]);
    }
    expect(s['production-readiness/owner-is-team']).toMatch(/^unknown: /);
    expect(s['golden-path/golden-path-current']).toBe(
      "unknown: unknown: the released versions of 'typescript-service' are not known",
    );
  });

  it('fails exactly the checks a broken copy breaks', async () => {
    const dir = copy();
    edit(path.join(dir, 'Dockerfile'), /^USER .*$/m, 'USER root');
    fs.rmSync(path.join(dir, 'package-lock.json'));
    fs.rmSync(path.join(dir, 'observability/dashboard.json'));
    edit(
      path.join(dir, 'k8s/base/deployment.yaml'),
      /automountServiceAccountToken: false/,
      'automountServiceAccountToken: true',
    );
    const s = await statuses(dir);
    expect(s['production-readiness/dockerfile-non-root']).toBe(
      'fail: Dockerfile runs as USER root',
    );
    expect(s['production-readiness/lockfile-present']).toBe(
      'fail: no lockfile found',
    );
    expect(s['production-readiness/slo-dashboard-present']).toMatch(
      /^fail: no dashboard found/,
    );
    expect(s['golden-path/manifests-pass-policy']).toMatch(
      /^fail: k8s\/overlays\/dev: .*[Tt]oken/,
    );
    // npm ci in the pipeline needs the lockfile: the golden path's pipeline check says so.
    expect(s['golden-path/pipeline-valid']).toMatch(
      /package-lock\.json \(npm ci\)/,
    );
    expect(s['production-readiness/tests-present']).toMatch(/^pass: /);
  });

  it('says unknown, with the reason, for every repository check of an unreadable repository', async () => {
    const facts = await collectServiceFacts({
      entity: await readCatalogInfo(service),
      repositoryDir: path.join(root, 'gone'),
    });
    const results = evaluateScorecards(scorecards, facts).flatMap(
      r => r.results,
    );
    const dockerfile = results.find(r => r.checkId === 'dockerfile-non-root')!;
    expect(dockerfile.status).toBe('unknown');
    expect(dockerfile.reason).toMatch(
      /^unknown: repository could not be read: ENOENT: no such file or directory/,
    );
    expect(
      results.filter(r => r.status === 'pass').map(r => r.checkId),
    ).not.toContain('tests-present');
  });

  it('reads the generation record when the entity has no template annotations', async () => {
    const facts = await collectServiceFacts({
      entity: { kind: 'Component', metadata: { name: 'orders-api' }, spec: {} },
      repositoryDir: service,
      repository: { unknown: 'not needed' },
      releasedVersions: [
        '0.9.0',
        (
          JSON.parse(
            fs.readFileSync(
              path.join(service, '.conway/golden-path.json'),
              'utf8',
            ),
          ) as { version: string }
        ).version,
      ],
    });
    expect(facts.goldenPath).toMatchObject({
      template: 'typescript-service',
      versionsBehind: 0,
    });
  });

  it('names the file and line of an invalid catalog-info.yaml', async () => {
    const dir = copy();
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      'kind: Component\nmetadata: [\n',
    );
    await expect(readCatalogInfo(dir)).rejects.toThrow(
      /catalog-info\.yaml:\d+: invalid YAML: /,
    );
  });
});

describe('the manifest policy cache', () => {
  it('shares a result between services whose manifests differ only in their name (same length), with the right name in it', async () => {
    const root = fs.mkdtempSync(
      path.join(os.tmpdir(), 'conway-scorecards-cache-'),
    );
    try {
      const a = await renderService(path.join(root, 'a'), 'orders-api');
      const b = await renderService(path.join(root, 'b'), 'refund-api');
      for (const dir of [a, b]) {
        edit(
          path.join(dir, 'k8s/base/deployment.yaml'),
          /automountServiceAccountToken: false/,
          'automountServiceAccountToken: true',
        );
      }
      const cache = createManifestCheckCache();
      let sets = 0;
      const counting = {
        get: cache.get,
        set: (k: string, v: Parameters<typeof cache.set>[1]) => {
          sets += 1;
          cache.set(k, v);
        },
      };
      const first = (await collectRepositoryFacts(a, {
        manifestCache: counting,
        serviceName: 'orders-api',
        overlays: ['prod'],
      })) as RepositoryFacts;
      const second = (await collectRepositoryFacts(b, {
        manifestCache: counting,
        serviceName: 'refund-api',
        overlays: ['prod'],
      })) as RepositoryFacts;
      expect(sets).toBe(2); // manifests and pipeline of the first; none for the second
      const problems = (f: RepositoryFacts) =>
        (f.manifests as { problems: string[] }).problems;
      expect(problems(first)).toEqual([
        'k8s/overlays/prod: pod template mounts a service account token; set automountServiceAccountToken: false',
      ]);
      expect(problems(second)).toEqual(
        problems(first).map(p => p.split('orders-api').join('refund-api')),
      );
      // An edit beyond the name is a different key.
      edit(
        path.join(b, 'k8s/base/deployment.yaml'),
        /automountServiceAccountToken: true/,
        'automountServiceAccountToken: false',
      );
      const third = (await collectRepositoryFacts(b, {
        manifestCache: counting,
        serviceName: 'refund-api',
        overlays: ['prod'],
      })) as RepositoryFacts;
      expect(sets).toBe(3);
      expect(problems(third)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
