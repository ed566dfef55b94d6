import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadTemplate } from '../template/loadTemplate';
import { renderToDirectory } from '../render/renderToDirectory';
import { checkPipelineReferences, PIPELINE_CHECKS } from './checkPipelineReferences';
import { parsePipelines } from './parsePipelines';

const TEMPLATE_DIR = path.resolve(__dirname, '../../../../templates/typescript-service');
const SHA = '08c6903cd8c0fde910a37f88322edcfb5dd907a8';

const roots: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-refs-'));
  roots.push(dir);
  return dir;
}
afterAll(() => roots.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

function write(dir: string, files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

async function rendered(ciProvider: string, database: string): Promise<string> {
  const dir = tempDir();
  await renderToDirectory(
    await loadTemplate(TEMPLATE_DIR),
    { name: 'orders', owner: 'group:default/team-sre', ciProvider, database },
    dir,
  );
  return dir;
}

describe('checkPipelineReferences on the typescript-service golden path', () => {
  it.each([
    ['github-actions', 'postgres'],
    ['github-actions', 'none'],
    ['gitlab-ci', 'postgres'],
    ['gitlab-ci', 'none'],
  ])('finds nothing missing in a %s / %s service', async (ciProvider, database) => {
    const dir = await rendered(ciProvider, database);
    expect(parsePipelines(dir).length).toBeGreaterThan(3);
    expect(checkPipelineReferences(dir)).toEqual([]);
  });

  it('reports the node-version-file a GitHub workflow reads when it is missing', async () => {
    const dir = await rendered('github-actions', 'none');
    fs.rmSync(path.join(dir, '.nvmrc'));
    const findings = checkPipelineReferences(dir);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every(f => f.id === PIPELINE_CHECKS.missingReference)).toBe(true);
    expect(findings[0].message).toMatch(/job 'verify' refers to \.nvmrc \(node-version-file/);
  });

  it('reports an npm script a GitLab job runs that package.json lacks, and the file a script runs', async () => {
    const dir = await rendered('gitlab-ci', 'none');
    const pkgFile = path.join(dir, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    delete pkg.scripts.typecheck;
    fs.writeFileSync(pkgFile, JSON.stringify(pkg));
    fs.rmSync(path.join(dir, 'scripts/check-manifests.mjs'));
    const messages = checkPipelineReferences(dir).map(f => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/job 'verify' refers to the npm script 'typecheck'/),
        expect.stringMatching(/job 'manifests' refers to scripts\/check-manifests\.mjs \(run by npm script 'check:manifests'\)/),
      ]),
    );
  });

  it('reports a deploy overlay that does not exist, through the local action and GitLab variables', async () => {
    const github = await rendered('github-actions', 'none');
    fs.rmSync(path.join(github, 'k8s/overlays/staging'), { recursive: true });
    expect(checkPipelineReferences(github).map(f => f.message)).toContainEqual(
      expect.stringMatching(/job 'deploy-staging' refers to the kustomize overlay k8s\/overlays\/staging/),
    );
    const gitlab = await rendered('gitlab-ci', 'none');
    fs.rmSync(path.join(gitlab, 'k8s/overlays/prod'), { recursive: true });
    expect(checkPipelineReferences(gitlab).map(f => f.message)).toContainEqual(
      expect.stringMatching(/job 'deploy-production' refers to the kustomize overlay k8s\/overlays\/prod/),
    );
  });

  it('reports what the Dockerfile copies when it is missing', async () => {
    const dir = await rendered('github-actions', 'postgres');
    fs.rmSync(path.join(dir, 'migrations'), { recursive: true });
    expect(checkPipelineReferences(dir).map(f => f.message)).toContainEqual(
      expect.stringMatching(/job 'image' refers to migrations \(copied by the Dockerfile\)/),
    );
  });
});

describe('checkPipelineReferences on hand-written pipelines', () => {
  it('reports unpinned actions, a missing local action and an unknown need', () => {
    const dir = tempDir();
    write(dir, {
      'package.json': JSON.stringify({ scripts: { test: 'jest' } }),
      '.github/workflows/ci.yml': [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/checkout@v4',
        `      - uses: actions/setup-node@${SHA}`,
        '      - uses: ./.github/actions/missing',
        '      - run: npm test',
        '  b:',
        '    needs: [a, c]',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - run: npm run nope',
      ].join('\n'),
    });
    const findings = checkPipelineReferences(dir);
    expect(findings.map(f => [f.id, f.message])).toEqual([
      [PIPELINE_CHECKS.unpinnedAction, expect.stringMatching(/uses actions\/checkout@v4: pin/)],
      [PIPELINE_CHECKS.missingReference, expect.stringMatching(/the local action \.\/\.github\/actions\/missing/)],
      [PIPELINE_CHECKS.unknownNeed, expect.stringMatching(/job 'b' needs 'c'/)],
      [PIPELINE_CHECKS.missingReference, expect.stringMatching(/job 'b' refers to the npm script 'nope'/)],
    ]);
  });

  it('does not read a script named like an Object.prototype property', () => {
    const dir = tempDir();
    write(dir, {
      'package.json': JSON.stringify({ scripts: {} }),
      '.gitlab-ci.yml': 'x:\n  script:\n    - npm run constructor\n    - npm run toString\n',
    });
    expect(checkPipelineReferences(dir).map(f => f.message)).toEqual([
      expect.stringMatching(/npm script 'constructor'/),
      expect.stringMatching(/npm script 'toString'/),
    ]);
  });

  it('names the file when a pipeline is not valid YAML', () => {
    const dir = tempDir();
    write(dir, { '.gitlab-ci.yml': 'a: [unclosed\n' });
    expect(() => checkPipelineReferences(dir)).toThrow(/^\.gitlab-ci\.yml: not valid YAML/);
  });
});
