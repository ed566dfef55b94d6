import fs from 'node:fs/promises';
import path from 'node:path';
import { isSemver, sortVersions } from './semver';
import {
  checkTemplateName,
  TemplateVersionSource,
  unknownVersion,
} from './TemplateVersionSource';

/** Options of {@link DirectoryTemplateVersionSource}. @public */
export interface DirectoryTemplateVersionSourceOptions {
  /** Holds `<name>/<version>/template.yaml` and `<name>/<version>/skeleton/`. */
  root: string;
}

/**
 * Packaged template versions: one directory per released version,
 * `<root>/<name>/<version>/`, as {@link exportTemplateVersions} writes them.
 *
 * @remarks
 * For deployments without the templates' git history, such as a portal image
 * built from a source archive.
 *
 * @public
 */
export class DirectoryTemplateVersionSource implements TemplateVersionSource {
  private readonly root: string;

  constructor(options: DirectoryTemplateVersionSourceOptions) {
    this.root = path.resolve(options.root);
  }

  describe(): string {
    return `the packaged template versions in ${this.root}`;
  }

  async listVersions(templateName: string): Promise<string[]> {
    checkTemplateName(templateName);
    const entries = await fs
      .readdir(path.join(this.root, templateName), { withFileTypes: true })
      .catch(error => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
          return [];
        }
        throw error;
      });
    const versions: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && isSemver(entry.name)) {
        const yaml = path.join(
          this.root,
          templateName,
          entry.name,
          'template.yaml',
        );
        if (
          await fs.stat(yaml).then(
            s => s.isFile(),
            () => false,
          )
        ) {
          versions.push(entry.name);
        }
      }
    }
    return sortVersions(versions);
  }

  async checkout(templateName: string, version: string): Promise<string> {
    const versions = await this.listVersions(templateName);
    if (!versions.includes(version)) {
      throw unknownVersion(this, templateName, version, versions);
    }
    return path.join(this.root, templateName, version);
  }
}

/** Options of {@link exportTemplateVersions}. @public */
export interface ExportTemplateVersionsOptions {
  /** Where the versions are read, usually a {@link GitTemplateVersionSource}. */
  from: TemplateVersionSource;
  /** The templates to export. */
  templates: string[];
  /** Root of the packaged versions, as {@link DirectoryTemplateVersionSource} reads it. */
  to: string;
}

/**
 * Writes every version of the given templates as `<to>/<name>/<version>/`,
 * for example into a portal image at build time.
 *
 * @returns the versions exported per template
 * @public
 */
export async function exportTemplateVersions(
  options: ExportTemplateVersionsOptions,
): Promise<Record<string, string[]>> {
  const exported: Record<string, string[]> = {};
  for (const name of options.templates) {
    checkTemplateName(name);
    exported[name] = await options.from.listVersions(name);
    for (const version of exported[name]) {
      const target = path.join(options.to, name, version);
      await fs.rm(target, { recursive: true, force: true });
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.cp(await options.from.checkout(name, version), target, {
        recursive: true,
      });
    }
  }
  return exported;
}
