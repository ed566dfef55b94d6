import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { TEMPLATE_VERSION_ANNOTATION } from '../template/loadTemplate';
import { isJsonObject } from '../types';
import { gitText, readObjects, runGit } from './git';
import { isSemver, sortVersions } from './semver';
import {
  checkTemplateName,
  TemplateVersionSource,
  unknownVersion,
} from './TemplateVersionSource';
import { UpgradeError } from './UpgradeError';

/** Options of {@link GitTemplateVersionSource}. @public */
export interface GitTemplateVersionSourceOptions {
  /** A git working tree or bare repository that holds the templates. */
  repoDir: string;
  /** Directory of the templates inside the repository, `templates` by default: `<templatesPath>/<name>/template.yaml`. */
  templatesPath?: string;
  /** The history searched, `HEAD` by default (any commit-ish: `main`, `origin/main`). */
  ref?: string;
  /** Where checked-out versions are written; a new directory under the OS temp directory by default. */
  tempDir?: string;
}

/** Reads `conway.dev/template-version` from a template.yaml; undefined when absent or invalid. */
function versionOf(templateYaml: Buffer | undefined): string | undefined {
  if (!templateYaml) {
    return undefined;
  }
  try {
    const entity = parse(templateYaml.toString('utf8'));
    const annotations =
      isJsonObject(entity) && isJsonObject(entity.metadata)
        ? entity.metadata.annotations
        : undefined;
    const version = isJsonObject(annotations)
      ? annotations[TEMPLATE_VERSION_ANNOTATION]
      : undefined;
    return typeof version === 'string' && isSemver(version)
      ? version
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Template versions from the git history of the repository the templates live in.
 *
 * @remarks
 * A version is the newest commit (in `git log` order from `ref`) that touches
 * `<templatesPath>/<name>/` and whose template.yaml carries that version in
 * `conway.dev/template-version`. Releasing a version is therefore committing
 * it; every released version stays reproducible as long as the history is
 * kept. Uncommitted changes are never seen. A version is extracted with
 * `git ls-tree` and `git cat-file`, without touching the repository's index
 * or working tree.
 *
 * @public
 */
export class GitTemplateVersionSource implements TemplateVersionSource {
  private readonly repoDir: string;
  private readonly templatesPath: string;
  private readonly ref: string;
  private readonly tempDirOption?: string;
  private tempDir?: Promise<string>;
  private readonly commits = new Map<string, Promise<Map<string, string>>>();
  private readonly checkouts = new Map<string, Promise<string>>();

  constructor(options: GitTemplateVersionSourceOptions) {
    this.repoDir = path.resolve(options.repoDir);
    this.templatesPath = (options.templatesPath ?? 'templates')
      .split(/[\\/]/)
      .filter(s => s && s !== '.')
      .join('/');
    if (this.templatesPath.split('/').includes('..')) {
      throw new Error(
        `templatesPath must stay inside the repository, got '${options.templatesPath}'`,
      );
    }
    this.ref = options.ref ?? 'HEAD';
    if (this.ref.startsWith('-')) {
      throw new Error(`Invalid ref '${this.ref}'`);
    }
    this.tempDirOption = options.tempDir;
  }

  describe(): string {
    return `the git history of '${this.templatesPath || '.'}/' in ${
      this.repoDir
    } at ${this.ref}`;
  }

  private templatePath(name: string): string {
    return this.templatesPath ? `${this.templatesPath}/${name}` : name;
  }

  /** Version → newest commit that carries it, for one template. */
  private versionCommits(name: string): Promise<Map<string, string>> {
    checkTemplateName(name);
    let promise = this.commits.get(name);
    if (!promise) {
      promise = this.scan(name);
      this.commits.set(name, promise);
      promise.catch(() => this.commits.delete(name));
    }
    return promise;
  }

  private async scan(name: string): Promise<Map<string, string>> {
    const dir = this.templatePath(name);
    let log: string;
    try {
      // `--` and `:(top,literal)` keep the ref and the path from being read as options or globs.
      log = await gitText(
        ['log', '--format=%H', this.ref, '--', `:(top,literal)${dir}`],
        this.repoDir,
      );
    } catch (error) {
      throw new UpgradeError(
        'unknown-template',
        `Cannot read the history of '${dir}' in ${this.repoDir}: ${
          (error as Error).message
        }`,
        { cause: error },
      );
    }
    const shas = log.split('\n').filter(Boolean);
    const yamls = await readObjects(
      this.repoDir,
      shas.map(sha => `${sha}:${dir}/template.yaml`),
    );
    const commits = new Map<string, string>();
    shas.forEach((sha, i) => {
      const version = versionOf(yamls[i]);
      // Newest first: the first commit seen for a version is its newest.
      if (version && !commits.has(version)) {
        commits.set(version, sha);
      }
    });
    return commits;
  }

  async listVersions(templateName: string): Promise<string[]> {
    return sortVersions((await this.versionCommits(templateName)).keys());
  }

  /** The commit a version was read from. */
  async commitOf(
    templateName: string,
    version: string,
  ): Promise<string | undefined> {
    return (await this.versionCommits(templateName)).get(version);
  }

  checkout(templateName: string, version: string): Promise<string> {
    const key = `${templateName}@${version}`;
    let promise = this.checkouts.get(key);
    if (!promise) {
      promise = this.extract(templateName, version);
      this.checkouts.set(key, promise);
      promise.catch(() => this.checkouts.delete(key));
    }
    return promise;
  }

  private async extract(name: string, version: string): Promise<string> {
    const commits = await this.versionCommits(name);
    const sha = commits.get(version);
    if (!sha) {
      throw unknownVersion(this, name, version, sortVersions(commits.keys()));
    }
    const dir = this.templatePath(name);
    const listing = await runGit(
      ['ls-tree', '-r', '-z', '--full-tree', sha, '--', `:(top,literal)${dir}`],
      { cwd: this.repoDir },
    );
    const entries = listing.stdout
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const tab = line.indexOf('\t');
        const [mode, type, oid] = line.slice(0, tab).split(' ');
        return { mode, type, oid, file: line.slice(tab + 1) };
      });
    for (const entry of entries) {
      if (entry.type !== 'blob' || entry.mode === '120000') {
        throw new UpgradeError(
          'unknown-version',
          `'${entry.file}' at commit ${sha} is ${
            entry.mode === '120000' ? 'a symlink' : `a ${entry.type}`
          }; templates may only hold regular files`,
        );
      }
    }
    const contents = await readObjects(
      this.repoDir,
      entries.map(e => e.oid),
    );
    const target = path.join(await this.root(), name, version);
    await fs.rm(target, { recursive: true, force: true });
    for (const [i, entry] of entries.entries()) {
      const relative = entry.file.slice(dir.length + 1);
      const file = path.join(target, ...relative.split('/'));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, contents[i]!, {
        mode: entry.mode === '100755' ? 0o755 : 0o644,
      });
    }
    return target;
  }

  private root(): Promise<string> {
    this.tempDir ??= this.tempDirOption
      ? fs
          .mkdir(this.tempDirOption, { recursive: true })
          .then(() => this.tempDirOption!)
      : fs.mkdtemp(path.join(os.tmpdir(), 'conway-template-versions-'));
    return this.tempDir;
  }

  async dispose(): Promise<void> {
    if (this.tempDir && !this.tempDirOption) {
      await fs.rm(await this.tempDir, { recursive: true, force: true });
    }
    this.tempDir = undefined;
    this.checkouts.clear();
  }
}
