import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadTemplate, renderToDirectory } from '@conway/golden-path';
import { main } from '../index';
import { CliIo } from '../lib/io';

// Renders the golden path once and each kustomize overlay with kubectl.
jest.setTimeout(120_000);

/** The real golden path, not a copy: this test breaks when it does. */
const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../templates/typescript-service',
);

function captureIo(
  cwd: string,
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    color: false,
    stdout: t => {
      out += t;
    },
    stderr: t => {
      err += t;
    },
    out: () => out,
    err: () => err,
  };
}

async function conway(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await main(['node', 'conway', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('conway manifests check', () => {
  let root: string;
  let service: string;
  /** A fresh copy of the generated service, for a test to break. */
  const copyOfService = () => {
    const dir = fs.mkdtempSync(path.join(root, 'copy-'));
    fs.cpSync(service, dir, { recursive: true });
    return dir;
  };
  const edit = (file: string, from: string | RegExp, to: string) => {
    const before = fs.readFileSync(file, 'utf8');
    const after = before.replace(from, to);
    expect(after).not.toBe(before);
    fs.writeFileSync(file, after);
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-manifests-'));
    service = path.join(root, 'orders-api');
    const template = await loadTemplate(TEMPLATE_DIR);
    await renderToDirectory(
      template,
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

  it("passes a generated service's k8s folder: every overlay rendered and checked against its catalog-info.yaml", async () => {
    const { code, out, err } = await conway(
      service,
      'manifests',
      'check',
      'k8s',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(
      'Conway manifests check: k8s (labels checked against catalog-info.yaml)',
    );
    for (const overlay of ['dev', 'staging', 'prod']) {
      expect(out).toContain(
        `k8s/overlays/${overlay} (kustomization, rendered)\n9 object(s) checked: 0 error(s), 0 warning(s)`,
      );
    }
    // The base is checked through the overlays that include it, not on its own.
    expect(out).not.toContain('k8s/base (');
    expect(out).toMatch(
      /✔ Passed: 27 object\(s\) in 3 unit\(s\), 0 warning\(s\)\n$/,
    );
  });

  it('fails a deliberately broken manifest with the right check ids, in text and JSON', async () => {
    const dir = copyOfService();
    const deployment = path.join(dir, 'k8s/base/deployment.yaml');
    edit(deployment, /runAsNonRoot: true/g, 'runAsNonRoot: false');
    edit(
      deployment,
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
    );
    edit(
      deployment,
      'image: ghcr.io/northwind/orders-api:0.1.0',
      'image: ghcr.io/northwind/orders-api:latest',
    );
    fs.rmSync(path.join(dir, 'k8s/base/pdb.yaml'));
    edit(
      path.join(dir, 'k8s/base/kustomization.yaml'),
      /^\s*- pdb\.yaml\n/m,
      '\n',
    );

    const text = await conway(dir, 'manifests', 'check', 'k8s/overlays/prod');
    expect(text.code).toBe(1);
    expect(text.out).toMatch(
      /^ERROR \[run-as-non-root\] Deployment\/orders-api \(k8s\/overlays\/prod \(kustomize\), document \d+\): /m,
    );
    expect(text.out).toMatch(
      /^ERROR \[read-only-root-filesystem\] Deployment\/orders-api /m,
    );
    expect(text.out).toMatch(
      /^ERROR \[pod-disruption-budget\] Deployment\/orders-api /m,
    );
    expect(text.out).toMatch(/✖ Failed: \d+ error\(s\)/);

    const json = await conway(
      dir,
      'manifests',
      'check',
      'k8s/overlays/prod',
      '--json',
    );
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report.passed).toBe(false);
    const errorIds = new Set(
      report.units
        .flatMap((u: any) => u.findings)
        .filter((f: any) => f.severity === 'error')
        .map((f: any) => f.id),
    );
    // kustomize's `images` overrides the tag, so the `latest` in the base never reaches a cluster.
    expect([...errorIds].sort()).toEqual([
      'pod-disruption-budget',
      'read-only-root-filesystem',
      'run-as-non-root',
    ]);
    expect(report.summary).toMatchObject({ units: 1, objects: 8 });
  });

  it("compares labels with the service's catalog-info.yaml unless told not to", async () => {
    const dir = copyOfService();
    edit(
      path.join(dir, 'catalog-info.yaml'),
      'backstage.io/kubernetes-id: "orders-api"',
      'backstage.io/kubernetes-id: "orders"',
    );
    const checked = await conway(
      dir,
      'manifests',
      'check',
      'k8s/overlays/dev',
      '--format',
      'json',
    );
    expect(checked.code).toBe(1);
    expect(
      JSON.parse(checked.out).units[0].findings.map((f: any) => f.id),
    ).toContain('kubernetes-id-label');

    const unchecked = await conway(
      dir,
      'manifests',
      'check',
      'k8s/overlays/dev',
      '--no-catalog-info',
    );
    expect(unchecked.code).toBe(0);
  });

  it('checks a folder of plain YAML files', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'plain-'));
    fs.writeFileSync(
      path.join(dir, 'job.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: one-off\nspec:\n  hostNetwork: true\n  containers:\n    - name: main\n      image: busybox:1.37\n',
    );
    const { code, out } = await conway(dir, 'manifests', 'check', '.');
    expect(code).toBe(1);
    expect(out).toContain('. (plain YAML)');
    expect(out).toMatch(
      /^ERROR \[no-host-namespaces\] Pod\/one-off \(job\.yaml, document 0\)/m,
    );
  });

  it('names the file and the reason for broken YAML, and checks nothing', async () => {
    const dir = copyOfService();
    fs.appendFileSync(
      path.join(dir, 'k8s/base/service.yaml'),
      '---\nkind: [Service\n',
    );
    const text = await conway(dir, 'manifests', 'check', 'k8s');
    expect(text.code).toBe(1);
    expect(text.err).toMatch(
      /^error Invalid YAML in '.*\/k8s\/base\/service\.yaml' \(document 1\): /,
    );
    expect(text.out).toBe('');

    const json = await conway(dir, 'manifests', 'check', 'k8s', '--json');
    expect(json.code).toBe(1);
    expect(json.err).toBe(text.err);
    expect(JSON.parse(json.out)).toEqual({
      passed: false,
      error: {
        message: expect.stringMatching(/^Invalid YAML in '.*service\.yaml'/),
      },
    });
  });

  it('says what it did not check: stray files beside kustomizations, overlays it could not render', async () => {
    const dir = copyOfService();
    fs.writeFileSync(
      path.join(dir, 'k8s/debug-pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n',
    );
    const stray = await conway(dir, 'manifests', 'check', 'k8s');
    expect(stray.code).toBe(0);
    expect(stray.out).toContain(
      'SKIPPED 1 YAML file(s) outside every kustomization (debug-pod.yaml); check their folder on its own',
    );

    const noKubectl = await conway(
      dir,
      'manifests',
      'check',
      'k8s/overlays/dev',
      '--kubectl',
      'kubectl-not-installed',
      '--json',
    );
    const report = JSON.parse(noKubectl.out);
    expect(report.units[0].skipped).toEqual([
      expect.stringMatching(
        /^kubectl not found \('kubectl-not-installed'\), so the kustomization '.*k8s\/overlays\/dev' was not rendered; checked its resources without patches instead$/,
      ),
    ]);
    // The base alone is still checked.
    expect(report.summary.objects).toBeGreaterThan(0);
  });

  it('exits 2 with a clear message for a missing directory or catalog file', async () => {
    const missing = await conway(root, 'manifests', 'check', 'no-such-dir');
    expect(missing).toEqual({
      code: 2,
      out: '',
      err: "error No such directory 'no-such-dir'\n",
    });
    const file = await conway(service, 'manifests', 'check', 'package.json');
    expect(file.code).toBe(2);
    expect(file.err).toContain("'package.json' is not a directory");
    const catalog = await conway(
      service,
      'manifests',
      'check',
      'k8s',
      '--catalog-info',
      'nope.yaml',
    );
    expect(catalog.code).toBe(2);
    expect(catalog.err).toContain(
      "No such catalog file 'nope.yaml' (--catalog-info)",
    );
  });

  it('is listed in conway --help', async () => {
    const help = await conway(root, '--help');
    expect(help.out).toMatch(
      /manifests\s+Kubernetes manifests: schema and policy checks/,
    );
    const sub = await conway(root, 'manifests', 'check', '--help');
    expect(sub.code).toBe(0);
    expect(sub.out).toContain('Usage: conway manifests check [options] <dir>');
    expect(sub.out).toContain('--json');
  });
});
