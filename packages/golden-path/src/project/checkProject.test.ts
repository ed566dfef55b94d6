import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWithKubectl } from '../__fixtures__/kubectl';
import { renderToDirectory } from '../render/renderToDirectory';
import { loadTemplate } from '../template/loadTemplate';
import { checkProject, ProjectFileError } from './checkProject';

const TEMPLATE_DIR = path.resolve(
  // eslint-disable-next-line no-restricted-syntax -- the test reads the repository's template from source
  __dirname,
  '../../../../templates/typescript-service',
);

describeWithKubectl('checkProject (the real golden path, rendered)', () => {
  let root: string;
  let service: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-check-project-'));
    service = path.join(root, 'orders-api');
    await renderToDirectory(
      await loadTemplate(TEMPLATE_DIR),
      { name: 'orders-api', owner: 'group:default/team-checkout' },
      service,
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const copy = () => {
    const dir = fs.mkdtempSync(path.join(root, 'copy-'));
    fs.cpSync(service, dir, { recursive: true });
    return dir;
  };

  it('passes a freshly rendered service, checking every overlay', async () => {
    const report = await checkProject(service);
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.units.map(u => path.relative(service, u))).toEqual([
      'k8s/overlays/dev',
      'k8s/overlays/prod',
      'k8s/overlays/staging',
    ]);
    expect(report.objects.length).toBeGreaterThan(20);
  });

  it('reports an unreadable catalog file and still checks the manifests, without the label comparison', async () => {
    const dir = copy();
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      'kind: Component\nmetadata: [unclosed\n',
    );
    const report = await checkProject(dir);
    expect(report.findings).toEqual([
      expect.objectContaining({
        id: 'catalog-entity-valid',
        source: 'catalog-info.yaml',
        message: expect.stringMatching(/^document invalid YAML/),
      }),
    ]);
    expect(report.skipped).toEqual([
      'labels not compared with catalog-info.yaml: it has no readable Component entity',
    ]);
    expect(report.objects.length).toBeGreaterThan(20);
  });

  it('names an overlay kubectl cannot render, and skips it when asked', async () => {
    const checked = await checkProject(service, {
      kubectl: 'kubectl-not-installed',
    });
    expect(checked.skipped).toHaveLength(3);
    expect(checked.objects.length).toBeGreaterThan(0);

    const skipped = await checkProject(service, {
      kubectl: 'kubectl-not-installed',
      unrenderedOverlays: 'skip',
    });
    expect(skipped.findings).toEqual([]);
    expect(skipped.objects).toEqual([]);
    expect(skipped.skipped).toEqual(
      ['dev', 'prod', 'staging'].map(overlay =>
        expect.stringMatching(
          new RegExp(
            `^k8s/overlays/${overlay}: not checked: kubectl not found \\('kubectl-not-installed'\\)`,
          ),
        ),
      ),
    );
  });

  it('refuses a missing catalog file or manifests directory, and paths outside the project', async () => {
    await expect(
      checkProject(service, { catalogInfoPath: 'nope.yaml' }),
    ).rejects.toThrow(
      new ProjectFileError('No nope.yaml in the project to validate'),
    );
    await expect(
      checkProject(service, { manifestsPath: 'deploy' }),
    ).rejects.toThrow("No manifests directory 'deploy' in the project");
    await expect(
      checkProject(service, { manifestsPath: '../other' }),
    ).rejects.toThrow("manifestsPath '../other' must stay inside the project");
  });
});
