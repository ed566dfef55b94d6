import fs from 'node:fs';
import path from 'node:path';
import { renderToDirectory } from '../render/renderToDirectory';
import { loadTemplate } from '../template/loadTemplate';
import { GitTemplateVersionSource } from './GitTemplateVersionSource';
import { inspectService } from './inspectService';
import { upgradeFleet } from './upgradeFleet';
import {
  commitTemplate,
  git,
  IDENTITY,
  initRepo,
  removeTempDirs,
  tempDir,
  writeTree,
} from './__testUtils__/gitRepos';
import {
  ANSWERS,
  TEAM_EDITS,
  TEMPLATE,
  V1,
  V2,
} from './__testUtils__/tinyTemplate';

jest.setTimeout(60_000);

let source: GitTemplateVersionSource;

beforeAll(() => {
  const templatesRepo = initRepo(tempDir(), { 'README.md': '# Templates\n' });
  commitTemplate(templatesRepo, TEMPLATE, V1, 'tiny-service 1.0.0');
  commitTemplate(templatesRepo, TEMPLATE, V2, 'tiny-service 2.0.0');
  source = new GitTemplateVersionSource({ repoDir: templatesRepo });
});

afterAll(async () => {
  await source.dispose();
  removeTempDirs();
});

async function scaffold(name: string, edits = {}): Promise<string> {
  const dir = path.join(tempDir(), name);
  const template = await loadTemplate(await source.checkout(TEMPLATE, '1.0.0'));
  await renderToDirectory(template, { ...ANSWERS, name }, dir);
  initRepo(dir, {}, 'Scaffold');
  if (Object.keys(edits).length > 0) {
    writeTree(dir, edits);
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '-m', 'Team changes');
  }
  return dir;
}

it('upgrades each service of a fleet on its own, reporting every outcome in order', async () => {
  const clean = await scaffold('clean');
  const edited = await scaffold('edited', TEAM_EDITS);
  const dirty = await scaffold('dirty');
  fs.writeFileSync(path.join(dirty, 'notes.txt'), 'todo\n');
  const plain = initRepo(path.join(tempDir(), 'plain'), { 'a.txt': 'a\n' });
  const upToDate = await scaffold('up-to-date');
  await upgradeFleet([upToDate], {
    source,
    newAnswers: { tier: 'silver' },
    author: IDENTITY,
  });

  const seen: string[] = [];
  const outcomes = await upgradeFleet([clean, edited, dirty, plain, upToDate], {
    source,
    newAnswers: { tier: 'silver' },
    targetVersion: '2.0.0',
    author: IDENTITY,
    concurrency: 2,
    onOutcome: o => seen.push(o.repoDir),
  });

  expect(
    outcomes.map(o => ({
      repo: path.basename(o.repoDir),
      status: o.status,
      code: o.error?.code,
      conflicts: o.result?.conflicts.length,
    })),
  ).toEqual([
    { repo: 'clean', status: 'upgraded', conflicts: 0 },
    { repo: 'edited', status: 'conflicts', conflicts: 4 },
    { repo: 'dirty', status: 'failed', code: 'dirty-working-copy' },
    { repo: 'plain', status: 'failed', code: 'not-scaffolded' },
    { repo: 'up-to-date', status: 'up-to-date', conflicts: 0 },
  ]);
  expect(seen.sort()).toEqual(outcomes.map(o => o.repoDir).sort());
  expect(fs.readFileSync(path.join(clean, 'src/health.ts'), 'utf8')).toBe(
    "export const tier = 'silver';\n",
  );
});

it('inspects a service: its version, the newer ones, drift and the last change of its record', async () => {
  const edited = await scaffold('edited', TEAM_EDITS);
  fs.rmSync(path.join(edited, 'src/legacy.ts'));
  git(edited, 'commit', '--quiet', '-am', 'Drop legacy');

  const status = await inspectService({ serviceDir: edited, source });
  expect(status).toEqual({
    serviceDir: edited,
    template: TEMPLATE,
    version: '1.0.0',
    latestVersion: '2.0.0',
    newerVersions: ['2.0.0'],
    drift: {
      modified: [
        'assets/logo.bin',
        'docs/setup.md',
        'scripts/build.sh',
        'settings.yaml',
        'src/config.ts',
      ],
      deleted: ['src/legacy.ts'],
    },
    lastRecordChange: {
      commit: git(edited, 'rev-list', '--max-parents=0', 'HEAD'),
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      subject: 'Scaffold',
    },
  });
});
