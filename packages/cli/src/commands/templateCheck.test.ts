import fs from 'fs';
import os from 'os';
import path from 'path';
import { runConway } from '../__testUtils__/runConway';

// Renders the real golden path once per fixture and each overlay with kubectl.
jest.setTimeout(120_000);

/** The real golden path and its fixtures, not a copy: this test breaks when they do. */
const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../templates/typescript-service',
);
const FIXTURES = fs
  .readdirSync(path.join(TEMPLATE_DIR, 'fixtures'))
  .filter(f => f.endsWith('.yaml'))
  .sort();

const conway = runConway;

describe('conway template check', () => {
  let root: string;
  /** A copy of the real template for a test to break. */
  const copyOfTemplate = () => {
    const dir = fs.mkdtempSync(path.join(root, 'template-'));
    fs.cpSync(TEMPLATE_DIR, dir, { recursive: true });
    return dir;
  };

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-template-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('passes the golden path with every one of its fixtures', async () => {
    const { code, out, err } = await conway(
      path.dirname(path.dirname(TEMPLATE_DIR)),
      'template',
      'check',
      'templates/typescript-service',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(FIXTURES.length).toBeGreaterThanOrEqual(3);
    for (const fixture of FIXTURES) {
      expect(out).toMatch(
        new RegExp(
          `✔ templates/typescript-service/fixtures/${fixture.replace(
            '.',
            '\\.',
          )}: \\d+ files rendered, every check passed`,
        ),
      );
    }
    expect(out).toContain(`✔ Passed: ${FIXTURES.length} answer set(s)`);
  });

  it('fails a template whose pipeline reads a file the skeleton never writes, naming job and file', async () => {
    const dir = copyOfTemplate();
    // The defect that broke every new service's first push.
    fs.rmSync(path.join(dir, 'skeleton', '.nvmrc'));
    const { code, out } = await conway(
      dir,
      'template',
      'check',
      '--answers',
      path.join(TEMPLATE_DIR, 'fixtures', 'minimal.yaml'),
      path.join(TEMPLATE_DIR, 'fixtures', 'postgres-gitlab.yaml'),
    );
    expect(code).toBe(1);
    expect(out).toMatch(
      /✖ .*minimal\.yaml: \d+ files rendered, \d+ error\(s\)[^]*pipeline-reference \.github\/workflows\/ci\.yaml job 'verify' refers to \.nvmrc/,
    );
    // GitLab CI reads no .nvmrc: that answer set still passes.
    expect(out).toMatch(
      /✔ .*postgres-gitlab\.yaml: \d+ files rendered, every check passed/,
    );
    expect(out).toContain('✖ Failed: 1 of 2 answer set(s)');
  });

  it('fails an answer set whose rendered manifests break a policy, naming object and overlay', async () => {
    const dir = copyOfTemplate();
    const deployment = path.join(dir, 'skeleton/k8s/base/deployment.yaml.hbs');
    const text = fs.readFileSync(deployment, 'utf8');
    expect(text).toContain('readOnlyRootFilesystem: true');
    fs.writeFileSync(
      deployment,
      text.replace(
        'readOnlyRootFilesystem: true',
        'readOnlyRootFilesystem: false',
      ),
    );
    const { code, out } = await conway(
      dir,
      'template',
      'check',
      '--json',
      '--answers',
      path.join(TEMPLATE_DIR, 'fixtures', 'minimal.yaml'),
    );
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report).toMatchObject({
      passed: false,
      template: { name: 'typescript-service' },
    });
    const findings = report.results[0].findings;
    expect(findings.map((f: { source: string }) => f.source)).toEqual([
      'k8s/overlays/dev (kustomize)',
      'k8s/overlays/prod (kustomize)',
      'k8s/overlays/staging (kustomize)',
    ]);
    for (const finding of findings) {
      expect(finding).toMatchObject({
        id: 'read-only-root-filesystem',
        object: 'Deployment/orders-api',
      });
    }
  });

  it('says which overlays it could not render without kubectl, instead of judging them unpatched', async () => {
    const { code, out } = await conway(
      TEMPLATE_DIR,
      'template',
      'check',
      '--answers',
      'fixtures/minimal.yaml',
      '--kubectl',
      'kubectl-not-installed',
    );
    expect(code).toBe(0);
    expect(out).toMatch(
      /✔ fixtures\/minimal\.yaml: \d+ files rendered, passed what was checked \(see the notes\)/,
    );
    for (const overlay of ['dev', 'prod', 'staging']) {
      expect(out).toContain(
        `note    k8s/overlays/${overlay}: not checked: kubectl not found ('kubectl-not-installed'), so the kustomization 'k8s/overlays/${overlay}' was not rendered\n`,
      );
    }
    expect(out).not.toContain('conway-template-check-');
  });

  it('reports an answers file that is not YAML, or refused, and checks the others', async () => {
    const broken = path.join(root, 'broken.yaml');
    fs.writeFileSync(broken, 'name: [unclosed\n');
    const refused = path.join(root, 'refused.yaml');
    fs.writeFileSync(
      refused,
      'name: Orders_API\nowner: group:default/team-checkout\n',
    );
    const { code, out } = await conway(
      root,
      'template',
      'check',
      TEMPLATE_DIR,
      '--answers',
      'broken.yaml',
      'refused.yaml',
      path.join(TEMPLATE_DIR, 'fixtures', 'minimal.yaml'),
    );
    expect(code).toBe(1);
    expect(out).toMatch(
      /✖ broken\.yaml: not rendered, 1 error\(s\).*\n.*template-answers broken\.yaml is not valid YAML \(line \d\)/,
    );
    expect(out).toMatch(
      /✖ refused\.yaml: not rendered, 1 error\(s\).*\n.*template-answers refused\.yaml: Invalid answers.*\n\s+name: must match pattern/,
    );
    expect(out).toMatch(
      /✔ .*minimal\.yaml: \d+ files rendered, every check passed/,
    );
  });

  it('is a usage error without a template.yaml, without fixtures, or with a missing answers file', async () => {
    const notATemplate = await conway(root, 'template', 'check');
    expect(notATemplate.code).toBe(2);
    expect(notATemplate.err).toMatch(
      /No template\.yaml in \.: name a golden-path directory/,
    );

    const dir = copyOfTemplate();
    fs.rmSync(path.join(dir, 'fixtures'), { recursive: true });
    const noFixtures = await conway(dir, 'template', 'check');
    expect(noFixtures.code).toBe(2);
    expect(noFixtures.err).toMatch(
      /No answer fixtures in .*fixtures: add one YAML file of answers/,
    );

    const missing = await conway(
      dir,
      'template',
      'check',
      '--answers',
      'nope.yaml',
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      "No such answers file 'nope.yaml' (--answers)",
    );
  });

  it('fails on a template it cannot load, before looking for fixtures', async () => {
    // The Create page's upgrade template drives actions; it renders no skeleton.
    const { code, out, err } = await runConway(
      path.dirname(TEMPLATE_DIR),
      'template',
      'check',
      'upgrade-service',
      '--json',
    );
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      passed: false,
      error: {
        message: expect.stringContaining('upgrade-service/template.yaml'),
      },
    });
    expect(err).toMatch(
      /Invalid template '.*upgrade-service\/template\.yaml': metadata\.annotations\['conway\.dev\/template-version'\]/,
    );
  });
});
