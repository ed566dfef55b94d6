import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadTemplate, renderToDirectory } from '@conway/golden-path';
import { runConway } from '../__testUtils__/runConway';

// Renders the golden path once and each kustomize overlay with kubectl.
jest.setTimeout(120_000);

/** The real golden path and the shipped scorecards: this test breaks when they do. */
const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../templates/typescript-service',
);

const ORG_DIR = path.resolve(__dirname, '../../../../org');

const conway = runConway;

function edit(file: string, from: string | RegExp, to: string) {
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  fs.writeFileSync(file, after);
}

describe('conway scorecard check', () => {
  let root: string;
  let service: string;
  const copyOfService = () => {
    const dir = fs.mkdtempSync(path.join(root, 'copy-'));
    fs.cpSync(service, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-scorecard-'));
    service = path.join(root, 'orders-api');
    await renderToDirectory(
      await loadTemplate(TEMPLATE_DIR),
      {
        name: 'orders-api',
        description: 'Takes and tracks orders.',
        owner: 'group:default/team-checkout',
        system: 'system:default/checkout',
        port: 8080,
        database: 'postgres',
        ciProvider: 'github-actions',
      },
      service,
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('passes a service rendered from the golden path', async () => {
    const { code, out, err } = await conway(
      root,
      'scorecard',
      'check',
      'orders-api',
    );
    expect(err).toBe('');
    expect(out).toContain(
      'Conway scorecard check: orders-api (component:default/orders-api)',
    );
    expect(out).toMatch(
      /^golden-path: level (silver|gold) \(levels bronze < silver < gold\)$/m,
    );
    expect(out).toMatch(
      /✔ pass {4}dockerfile-non-root \[bronze, critical required\] Dockerfile runs as USER 10001:10001/,
    );
    expect(out).toMatch(
      /✔ pass {4}manifests-pass-policy \[bronze, critical required\] manifests pass: k8s\/overlays\/dev, k8s\/overlays\/prod, k8s\/overlays\/staging/,
    );
    // The owner's members are in the portal's catalog, not in the checkout: unknown, with how to fix.
    expect(out).toMatch(
      /\? unknown owner-is-team .* unknown: owner 'group:default\/team-checkout': the owner is not looked up offline \(pass --catalog\)\n {6}how to fix: docs\/scorecards.md#owner-is-team/,
    );
    // What keeps it from its first level, before the list of checks.
    expect(out).toContain(
      'production-readiness: level none (levels bronze < silver < gold)\n  next: bronze needs owner-is-team (unknown)\n',
    );
    expect(out).toMatch(/✔ No required check failed\n$/);
    expect(code).toBe(0);
  });

  it('fails a broken copy with exactly the failing required checks, and says how to fix them', async () => {
    const dir = copyOfService();
    edit(path.join(dir, 'Dockerfile'), /^USER .*$/m, 'USER root');
    fs.rmSync(path.join(dir, 'test'), { recursive: true });
    fs.rmSync(path.join(dir, 'observability/dashboard.json'));
    const { code, out } = await conway(
      root,
      'scorecard',
      'check',
      dir,
      '--scorecard',
      'production-readiness',
    );
    expect(out).toMatch(
      /✘ fail {4}dockerfile-non-root \[bronze, critical required\] Dockerfile runs as USER root\n {6}how to fix: docs\/scorecards.md#dockerfile-non-root/,
    );
    expect(out).toMatch(
      /✘ fail {4}slo-dashboard-present \[gold, medium\] no dashboard found/,
    );
    expect(out).toContain('production-readiness: level none');
    expect(out).not.toContain('golden-path:');
    expect(out).toMatch(
      /✘ Failed required checks: production-readiness\/tests-present, production-readiness\/dockerfile-non-root\n$/,
    );
    expect(code).toBe(1);
  });

  it("checks the owner and the ownership findings on the organisation's catalog files (--catalog), as the portal does", async () => {
    const dir = copyOfService();
    // A dependency on a component that does not exist: an error the ownership analysis reports
    // (the shipped scorecard counts error-level findings only).
    edit(
      path.join(dir, 'catalog-info.yaml'),
      '  dependsOn:\n',
      '  dependsOn:\n    - "component:default/stock-service"\n',
    );
    const { code, out, err } = await conway(
      root,
      'scorecard',
      'check',
      path.basename(dir),
      '--catalog',
      path.join(ORG_DIR, '*.yaml'),
    );
    expect(err).toBe('');
    expect(out).toMatch(
      /✔ pass {4}owner-is-team \[bronze, critical required\] owned by the team Checkout \(5 members\)/,
    );
    expect(out).toMatch(
      /✘ fail {4}no-ownership-findings \[gold, medium\] 1 ownership finding of severity error: spec\.dependsOn of component:default\/orders-api refers to component:default\/stock-service, which does not exist\n/,
    );
    expect(out).toContain(
      'production-readiness: level bronze (levels bronze < silver < gold)\n  next: silver needs on-call (fail)\n',
    );
    expect(code).toBe(0);

    // A catalog file that cannot be read or parsed: named, exit 2, nothing evaluated.
    fs.writeFileSync(
      path.join(root, 'broken.yaml'),
      'kind: Group\nmetadata: {name: x\n',
    );
    const broken = await conway(
      root,
      'scorecard',
      'check',
      path.basename(dir),
      '--catalog',
      'broken.yaml',
    );
    expect(broken.code).toBe(2);
    expect(broken.out).toBe('');
    expect(broken.err).toMatch(
      /^error --catalog: broken\.yaml:3: YAML error at line 3/,
    );
  });

  it('prints JSON with every check', async () => {
    const { code, out } = await conway(
      root,
      'scorecard',
      'check',
      'orders-api',
      '--scorecard',
      'golden-path',
      '--format',
      'json',
    );
    const report = JSON.parse(out);
    expect(code).toBe(0);
    expect(report.passed).toBe(true);
    expect(
      report.results[0].results.map((r: { checkId: string }) => r.checkId),
    ).toEqual([
      'golden-path-template',
      'manifests-pass-policy',
      'pipeline-valid',
      'golden-path-recent',
      'golden-path-current',
    ]);
  });

  it('refuses an invalid scorecard with file and line (exit 2), and a missing directory', async () => {
    const file = path.join(root, 'bad.yaml');
    fs.writeFileSync(
      file,
      'id: bad\ntitle: Bad\nchecks:\n  - id: tests-present\n    title: T\n    description: d\n    severity: high\n    howToFix: x\nlevels:\n  - id: bronze\n    title: B\n    checks: [tests-present, nope]\n',
    );
    const bad = await conway(
      root,
      'scorecard',
      'check',
      'orders-api',
      '--scorecard',
      file,
    );
    expect(bad.err).toBe(
      `error Invalid scorecard ${file}:12: level 'bronze': unknown check 'nope' (define it under 'checks')\n`,
    );
    expect(bad.code).toBe(2);
    const missing = await conway(root, 'scorecard', 'check', 'nowhere');
    expect(missing).toMatchObject({
      code: 2,
      err: "error No such directory 'nowhere'\n",
    });
    const unknownId = await conway(
      root,
      'scorecard',
      'check',
      'orders-api',
      '--scorecard',
      'platinum',
    );
    expect(unknownId.err).toMatch(
      /^error No scorecard file or id 'platinum' \(ids in .*: golden-path, production-readiness\)\n$/,
    );
  });
});
