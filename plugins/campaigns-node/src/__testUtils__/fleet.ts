/*
 * A fleet of real local git repositories for campaign tests and the
 * benchmark: services generated from the repository's templates/typescript-service
 * (the current release, X), and a templates repository holding X and a
 * synthetic next release (X+1: a longer ReplicaSet history and a changelog
 * entry), so a campaign "typescript-service >= X+1" affects all of them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GitTemplateVersionSource,
  loadTemplate,
  renderToDirectory,
} from '@conway/golden-path';

export const TEMPLATE = 'typescript-service';
export const IDENTITY = { name: 'Conway Test', email: 'test@conway.example' };
export const TEMPLATE_DIR = path.resolve(
  // eslint-disable-next-line no-restricted-syntax -- the fleet is generated from the repository's own template
  __dirname,
  '../../../../templates/typescript-service',
);

/** git with a fixed identity and none of the machine's configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      `user.name=${IDENTITY.name}`,
      '-c',
      `user.email=${IDENTITY.email}`,
      '-c',
      'init.defaultBranch=main',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trimEnd();
}

function copyTemplate(from: string, to: string) {
  fs.cpSync(from, to, { recursive: true });
}

function replaceOnce(file: string, from: string, to: string) {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) {
    throw new Error(`The template changed: '${from}' is gone from ${file}`);
  }
  fs.writeFileSync(file, text.replace(from, to));
}

const bumpMinor = (version: string) => {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
};

/** The templates repository (X, then X+1) and its version source. */
export interface TemplateHistory {
  repoDir: string;
  source: GitTemplateVersionSource;
  current: string;
  next: string;
  /** The current release, loaded once for every service generated from it. */
  template?: Awaited<ReturnType<typeof loadTemplate>>;
}

export async function createTemplateHistory(
  root: string,
): Promise<TemplateHistory> {
  const repoDir = path.join(root, 'templates-repo');
  const templateDir = path.join(repoDir, 'templates', TEMPLATE);
  fs.mkdirSync(path.dirname(templateDir), { recursive: true });
  git(root, 'init', '--quiet', repoDir);
  copyTemplate(TEMPLATE_DIR, templateDir);
  const current = (await loadTemplate(templateDir)).version;
  const next = bumpMinor(current);
  git(repoDir, 'add', '--all');
  git(repoDir, 'commit', '--quiet', '-m', `${TEMPLATE} ${current}`);
  replaceOnce(
    path.join(templateDir, 'template.yaml'),
    `conway.dev/template-version: ${current}`,
    `conway.dev/template-version: ${next}`,
  );
  replaceOnce(
    path.join(templateDir, 'CHANGELOG.md'),
    `## ${current}`,
    `## ${next}\n\n- Keep 10 old ReplicaSets for rollbacks.\n\n## ${current}`,
  );
  replaceOnce(
    path.join(templateDir, 'skeleton/k8s/base/deployment.yaml.hbs'),
    'revisionHistoryLimit: 5',
    'revisionHistoryLimit: 10',
  );
  git(repoDir, 'add', '--all');
  git(repoDir, 'commit', '--quiet', '-m', `${TEMPLATE} ${next}`);
  return {
    repoDir,
    source: new GitTemplateVersionSource({ repoDir }),
    current,
    next,
  };
}

export const answersFor = (name: string, owner: string) => ({
  name,
  description: `The ${name} service`,
  owner: `group:default/${owner}`,
  system: 'system:default/checkout',
  lifecycle: 'production',
  port: 8080,
  database: 'none',
  ciProvider: 'github-actions',
});

/** Renders the current release once; each service is then a copy with its own answers. */
export async function generateService(
  history: TemplateHistory,
  dir: string,
  name: string,
  owner: string,
): Promise<string> {
  history.template ??= await loadTemplate(
    await history.source.checkout(TEMPLATE, history.current),
  );
  const template = history.template;
  await renderToDirectory(template, answersFor(name, owner), dir);
  git(path.dirname(dir), 'init', '--quiet', dir);
  git(dir, 'config', 'receive.denyCurrentBranch', 'updateInstead');
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'Initial commit from the golden path');
  return dir;
}

/** Commits a team's edit of one file. */
export function teamEdit(
  dir: string,
  file: string,
  edit: (text: string) => string,
  message: string,
) {
  const target = path.join(dir, file);
  fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', message);
}

/** Branches, HEAD and status: what must not change when a service fails. */
export function repositorySnapshot(dir: string) {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branch: git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'),
    branches: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
    worktrees: git(dir, 'worktree', 'list', '--porcelain'),
  };
}

export function tempRoot(prefix = 'conway-campaigns-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
