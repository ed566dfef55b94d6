import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadTemplate, renderToDirectory } from '@conway/golden-path';
import { main } from '../index';
import { CliIo } from '../lib/io';

jest.setTimeout(60_000);

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Conway Test',
      '-c',
      'user.email=test@conway.example',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  ).trimEnd();

function write(dir: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

const templateYaml = (
  version: string,
  tier: boolean,
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: mini
  annotations:
    conway.dev/template-version: ${version}
spec:
  parameters:
    - required: [name${tier ? ', tier' : ''}]
      properties:
        name:
          type: string
${
  tier
    ? `        tier:
          title: Service tier
          type: string
          enum: [gold, silver]
`
    : ''
}`;

const roots: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-upgrade-'));
  roots.push(dir);
  return dir;
};
afterAll(() =>
  roots.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
);

let templates: string;

beforeAll(() => {
  // --commit commits with git's configured identity; give it one.
  Object.assign(process.env, {
    GIT_AUTHOR_NAME: 'Conway Test',
    GIT_AUTHOR_EMAIL: 'test@conway.example',
    GIT_COMMITTER_NAME: 'Conway Test',
    GIT_COMMITTER_EMAIL: 'test@conway.example',
  });
  templates = tempDir();
  git(templates, 'init', '--quiet');
  write(templates, {
    'templates/mini/template.yaml': templateYaml('1.0.0', false),
    'templates/mini/CHANGELOG.md': '# Changelog\n\n## 1.0.0\n\nFirst.\n',
    'templates/mini/skeleton/app.txt.hbs': 'name={{values.name}}\nreplicas=2\n',
    'templates/mini/skeleton/old.txt': 'old\n',
  });
  git(templates, 'add', '--all');
  git(templates, 'commit', '--quiet', '-m', '1.0.0');
  fs.rmSync(path.join(templates, 'templates/mini/skeleton/old.txt'));
  write(templates, {
    'templates/mini/template.yaml': templateYaml('1.1.0', true),
    'templates/mini/CHANGELOG.md':
      '# Changelog\n\n## 1.1.0\n\nTiers.\n\n## 1.0.0\n\nFirst.\n',
    'templates/mini/skeleton/app.txt.hbs': 'name={{values.name}}\nreplicas=4\n',
    'templates/mini/skeleton/tier.txt.hbs': 'tier={{values.tier}}\n',
  });
  git(templates, 'add', '--all');
  git(templates, 'commit', '--quiet', '-m', '1.1.0');
});

/** A service generated at 1.0.0 whose team set replicas=3: upgrading conflicts on that line. */
async function service(): Promise<string> {
  const dir = path.join(tempDir(), 'svc');
  const checkout = tempDir();
  execFileSync('sh', [
    '-c',
    'git -C "$1" archive HEAD~1 templates/mini | tar -x -C "$2"',
    'sh',
    templates,
    checkout,
  ]);
  await renderToDirectory(
    await loadTemplate(path.join(checkout, 'templates/mini')),
    { name: 'svc' },
    dir,
  );
  git(dir, 'init', '--quiet');
  write(dir, { 'app.txt': 'name=svc\nreplicas=3\n' });
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'Scaffold and edit');
  return dir;
}

async function run(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    color: false,
    stdout: t => {
      stdout += t;
    },
    stderr: t => {
      stderr += t;
    },
  };
  const code = await main(['node', 'conway', 'upgrade', ...args], io);
  return { code, stdout, stderr };
}

describe('conway upgrade', () => {
  it('shows the plan with --dry-run and writes nothing', async () => {
    const dir = await service();
    fs.writeFileSync(path.join(dir, '..', 'answers.yaml'), 'tier: gold\n');
    const result = await run(
      dir,
      '--templates',
      templates,
      '--answers',
      '../answers.yaml',
      '--dry-run',
    );
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Golden-path upgrade: mini 1.0.0 → 1.1.0 in . (dry run: nothing written)',
        '',
        '  updated   .conway/golden-path.json',
        '  conflict  app.txt (content)',
        '  deleted   old.txt',
        '  added     tier.txt',
        '',
        'New parameters: tier',
        '',
        '1 conflict to resolve:',
        '  app.txt (content): the template and the service changed the same lines: resolve the conflict markers',
        '',
        'Changelog:',
        '  ## 1.1.0',
        '',
        '  Tiers.',
        '',
        'ℹ 4 files would change; run without --dry-run to upgrade',
        '',
      ].join('\n'),
    });
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('upgrades the working copy, leaving conflicts with markers; --fail-on-conflict exits 1', async () => {
    const dir = await service();
    const answers = path.join(dir, '..', 'answers.json');
    fs.writeFileSync(answers, JSON.stringify({ tier: 'silver' }));
    const result = await run(
      path.dirname(dir),
      'svc',
      '--templates',
      templates,
      '--answers',
      answers,
      '--format',
      'json',
      '--fail-on-conflict',
    );
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({
      dryRun: false,
      serviceDir: dir,
      template: 'mini',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: [{ path: 'app.txt', kind: 'content' }],
    });
    expect(output).not.toHaveProperty('operations');
    expect(fs.readFileSync(path.join(dir, 'app.txt'), 'utf8')).toBe(
      'name=svc\n<<<<<<< ours\nreplicas=3\n=======\nreplicas=4\n>>>>>>> theirs\n',
    );
    expect(git(dir, 'status', '--porcelain').split('\n').sort()).toEqual([
      ' D old.txt',
      ' M .conway/golden-path.json',
      ' M app.txt',
      '?? tier.txt',
    ]);
  });

  it('commits on a new branch with --commit', async () => {
    const dir = await service();
    fs.writeFileSync(path.join(dir, '..', 'a.json'), '{"tier":"gold"}');
    const result = await run(
      dir,
      '--templates',
      templates,
      '--answers',
      '../a.json',
      '--commit',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /✔ Committed on branch golden-path\/upgrade-mini-1\.1\.0 \([0-9a-f]{12}\); the working copy is on that branch: resolve the conflicts there\n$/,
    );
    expect(git(dir, 'log', '-1', '--format=%s')).toBe(
      'Upgrade mini from 1.0.0 to 1.1.0',
    );
  });

  it('refuses bad input with exit 2 and a clear message, changing nothing', async () => {
    const dir = await service();
    const head = git(dir, 'rev-parse', 'HEAD');
    const cases: [string[], RegExp][] = [
      [[], /needs answers for: tier \(Service tier\)/],
      [
        ['--to', '3.0.0'],
        /Unknown version 3\.0\.0 .*known versions: 1\.0\.0, 1\.1\.0/,
      ],
      [
        ['--answers', 'missing.json'],
        /Cannot read answers file 'missing\.json'/,
      ],
      [['--dry-run', '--commit'], /--dry-run and --commit exclude each other/],
    ];
    for (const [args, message] of cases) {
      const result = await run(dir, '--templates', templates, ...args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({
        args,
        code: 2,
        stdout: '',
      });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/Nothing was changed\.\n$/);
    }
    fs.writeFileSync(path.join(dir, '..', 'x.json'), '{"tier":"gold"}');
    fs.writeFileSync(path.join(dir, 'wip.txt'), 'wip\n');
    const dirty = await run(
      dir,
      '--templates',
      templates,
      '--answers',
      '../x.json',
    );
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toMatch(
      /has uncommitted changes; commit or stash them first:\n {2}\?\? wip\.txt/,
    );
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('?? wip.txt');

    const plain = tempDir();
    const notScaffolded = await run(
      plain,
      '--templates',
      templates,
      '--format',
      'json',
    );
    expect(notScaffolded.code).toBe(2);
    expect(JSON.parse(notScaffolded.stdout)).toEqual({
      error: {
        code: 'not-scaffolded',
        message: `'${
          fs.realpathSync(plain) === plain ? plain : plain
        }' was not scaffolded by a Conway golden path: no .conway/golden-path.json`,
        fields: [],
      },
    });
  });
});
