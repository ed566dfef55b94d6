import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import {
  gitText,
  identityArgs,
  runGit,
  type GitIdentity,
} from '@conway/golden-path';

/** Options for {@link LocalRepositories.create}. @public */
export interface CreateRepositoryOptions {
  /** Repository name; also its directory name. */
  name: string;
  /** Directory whose content becomes the initial commit. */
  sourceDir: string;
  message: string;
  author: GitIdentity;
  committer?: GitIdentity;
  defaultBranch?: string;
}

/** A repository created by {@link LocalRepositories.create}. @public */
export interface LocalRepository {
  name: string;
  /** Absolute path of the working tree (the `.git` directory is inside). */
  path: string;
  /** Id of the initial commit. */
  commit: string;
}

// A single path segment that git hosts would also accept as a repository name.
const REPOSITORY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The git repositories golden paths publish on this machine when no Git host
 * is configured, under `conway.localRepositories.directory`.
 *
 * @remarks
 * Each repository has a working tree, so its catalog-info.yaml can be
 * registered as a `file` location, and accepts pushes to its checked-out
 * branch (`receive.denyCurrentBranch=updateInstead`).
 *
 * @public
 */
export class LocalRepositories {
  static fromConfig(config: Config): LocalRepositories {
    const dir = config.getOptionalString('conway.localRepositories.directory');
    // Relative to the backend's working directory, like the other paths in app-config.yaml.
    return new LocalRepositories(dir ? path.resolve(dir) : undefined);
  }

  constructor(private readonly root: string | undefined) {}

  /** The directory holding the repositories. */
  get directory(): string {
    if (!this.root) {
      throw new InputError(
        'No directory for local repositories: set conway.localRepositories.directory in app-config.yaml',
      );
    }
    return this.root;
  }

  /** Where the repository with this name lives (whether or not it exists). */
  pathOf(name: string): string {
    if (!REPOSITORY_NAME.test(name) || name.startsWith('.')) {
      throw new InputError(
        `Invalid repository name '${name}': use letters, digits, '.', '_' and '-', starting with a letter or digit`,
      );
    }
    return path.join(this.directory, name);
  }

  /** The repository a file belongs to; refuses files outside the directory. */
  repositoryOf(file: string): { name: string; path: string } {
    const resolved = path.resolve(file);
    const relative = path.relative(this.directory, resolved);
    const [name] = relative.split(path.sep);
    if (!isChildPath(this.directory, resolved) || !relative || !name) {
      throw new InputError(
        `'${file}' is not inside a local repository under '${this.directory}'`,
      );
    }
    return { name, path: this.pathOf(name) };
  }

  async exists(name: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(name));
  }

  fileUrl(file: string): string {
    return pathToFileURL(file).href;
  }

  /**
   * Creates a repository whose single commit holds the content of `sourceDir`.
   *
   * @remarks
   * It is built in a temporary directory next to its final place and renamed
   * into place only once the commit exists, so a failure leaves nothing behind.
   *
   * @throws ConflictError when a repository with that name exists
   */
  async create(options: CreateRepositoryOptions): Promise<LocalRepository> {
    const { name, sourceDir, message, author } = options;
    const target = this.pathOf(name);
    const conflict = () =>
      new ConflictError(`Repository '${name}' already exists at ${target}`);
    if (fs.existsSync(target)) {
      throw conflict();
    }
    await fsp.mkdir(this.directory, { recursive: true });
    const temp = path.join(
      this.directory,
      `.tmp-${name}-${randomBytes(6).toString('hex')}`,
    );
    try {
      await fsp.cp(sourceDir, temp, {
        recursive: true,
        verbatimSymlinks: true,
        filter: src => path.relative(sourceDir, src) !== '.git',
      });
      const defaultBranch = options.defaultBranch ?? 'main';
      await runGit(['init', '--quiet', `--initial-branch=${defaultBranch}`], {
        cwd: temp,
      });
      await runGit(['config', 'receive.denyCurrentBranch', 'updateInstead'], {
        cwd: temp,
      });
      await runGit(['add', '--all', '--', '.'], { cwd: temp });
      // The platform's commit: no hooks or signing from the machine's git configuration.
      await runGit(
        [
          ...identityArgs(options.committer ?? author),
          '-c',
          'commit.gpgsign=false',
          'commit',
          '--quiet',
          '--no-verify',
          '--allow-empty',
          '--cleanup=verbatim',
          '--file=-',
        ],
        {
          cwd: temp,
          input: message,
          env: { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email },
        },
      );
      const commit = await gitText(['rev-parse', 'HEAD'], temp);
      // rename() would replace an empty directory, so check again right before it.
      if (fs.existsSync(target)) {
        throw conflict();
      }
      await fsp.rename(temp, target).catch(error => {
        throw ['ENOTEMPTY', 'EEXIST'].includes(error.code) ? conflict() : error;
      });
      return { name, path: target, commit };
    } finally {
      await fsp.rm(temp, { recursive: true, force: true });
    }
  }

  /** Deletes a repository and everything in it. */
  async remove(name: string): Promise<void> {
    await fsp.rm(this.pathOf(name), { recursive: true, force: true });
  }
}
