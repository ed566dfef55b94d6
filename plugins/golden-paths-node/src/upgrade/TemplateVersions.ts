import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  GitTemplateVersionSource,
  gitText,
  type TemplateVersionSource,
} from '@conway/golden-path';
import { readGoldenPathDirectories } from '../templateDirectory';

async function gitTopLevel(dir: string): Promise<string> {
  return gitText(['rev-parse', '--show-toplevel'], dir).catch(() => {
    throw new InputError(
      `conway.goldenPaths.directories: '${dir}' is not inside a git repository, so template versions cannot be read from its history; set conway.goldenPaths.versions.repository`,
    );
  });
}

const realpath = (p: string) => fs.realpath(p).catch(() => p);

/** Options of {@link TemplateVersions}. @public */
export interface TemplateVersionsOptions {
  /** Git repository whose history holds the templates; by default the one holding `templatesDir`. */
  repoDir?: string;
  /** The templates' directory on disk, used to find the repository and `templatesPath`. */
  templatesDir?: string;
  /** Directory of the templates inside the repository; `templates` by default. */
  templatesPath?: string;
  /** History searched (`HEAD`, `origin/main`); `HEAD` by default. */
  ref?: string;
}

/**
 * The released versions of the golden paths, from the git history of the
 * repository holding them (the same {@link @conway/golden-path#GitTemplateVersionSource}
 * the CLI uses), renewed when a commit changes the templates, so a template
 * bump shows without a restart.
 *
 * @public
 */
export class TemplateVersions {
  private current?: { tree: string; source: GitTemplateVersionSource };
  private location?: Promise<{ repoDir: string; templatesPath: string }>;

  /**
   * Reads `conway.goldenPaths.versions`; by default the git repository holding
   * the first of `conway.goldenPaths.directories`.
   */
  static fromConfig(config: Config): TemplateVersions {
    const versions = config.getOptionalConfig('conway.goldenPaths.versions');
    const repository = versions?.getOptionalString('repository');
    return new TemplateVersions({
      repoDir: repository ? path.resolve(repository) : undefined,
      templatesDir: readGoldenPathDirectories(config)[0],
      templatesPath: versions?.getOptionalString('templatesPath'),
      ref: versions?.getOptionalString('ref'),
    });
  }

  constructor(private readonly options: TemplateVersionsOptions) {}

  private resolveLocation(): Promise<{
    repoDir: string;
    templatesPath: string;
  }> {
    this.location ??= (async () => {
      const { templatesDir } = this.options;
      if (!this.options.repoDir && !templatesDir) {
        throw new InputError(
          'No template history: set conway.goldenPaths.versions.repository or conway.goldenPaths.directories in app-config.yaml',
        );
      }
      const repoDir =
        this.options.repoDir ?? (await gitTopLevel(templatesDir!));
      const templatesPath =
        this.options.templatesPath ??
        (templatesDir
          ? path.relative(await realpath(repoDir), await realpath(templatesDir))
          : 'templates');
      return {
        repoDir,
        templatesPath: templatesPath.split(path.sep).join('/'),
      };
    })();
    this.location.catch(() => {
      this.location = undefined;
    });
    return this.location;
  }

  /**
   * A source over the history as it is now. The same object (with its
   * checked-out versions) while the templates' directory is unchanged, so
   * commits elsewhere in the repository cost nothing.
   */
  async source(): Promise<TemplateVersionSource> {
    const { repoDir, templatesPath } = await this.resolveLocation();
    const ref = this.options.ref ?? 'HEAD';
    if (ref.startsWith('-')) {
      throw new InputError(
        `conway.goldenPaths.versions.ref: invalid ref '${ref}'`,
      );
    }
    const [head, tree] =
      // Without --verify, rev-parse takes both names in one call (and would echo --end-of-options).
      (
        await gitText(
          [
            'rev-parse',
            `${ref}^{commit}`,
            templatesPath ? `${ref}:${templatesPath}` : `${ref}^{tree}`,
          ],
          repoDir,
        ).catch(error => {
          throw new InputError(
            `conway.goldenPaths.versions: cannot read '${templatesPath}' at '${ref}' in ${repoDir}: ${error.message}`,
          );
        })
      ).split('\n');
    if (this.current?.tree !== tree) {
      const previous = this.current?.source;
      this.current = {
        tree,
        source: new GitTemplateVersionSource({
          repoDir,
          templatesPath,
          ref: head,
        }),
      };
      // Upgrades in flight may still read the old checkouts: remove them later.
      if (previous) {
        setTimeout(() => previous.dispose(), 10 * 60_000).unref();
      }
    }
    return this.current.source;
  }

  /** Removes the checked-out versions. */
  async dispose(): Promise<void> {
    await this.current?.source.dispose();
    this.current = undefined;
  }
}
