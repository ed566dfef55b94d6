import { loadTemplate } from '../template/loadTemplate';
import type { GoldenPathTemplate } from '../template/types';
import { UpgradeError } from './UpgradeError';

/**
 * Where the released versions of golden-path templates come from.
 *
 * @remarks
 * See UPGRADES.md: {@link GitTemplateVersionSource} reads them from the git
 * history of the templates, {@link DirectoryTemplateVersionSource} from
 * packaged copies.
 *
 * @public
 */
export interface TemplateVersionSource {
  /** The versions of a template, oldest first; empty when the template is unknown. */
  listVersions(templateName: string): Promise<string[]>;
  /**
   * A directory holding the template (`template.yaml`, `skeleton/`) exactly as
   * it was released at that version. The directory belongs to the source:
   * callers must not change it.
   */
  checkout(templateName: string, version: string): Promise<string>;
  /** Says where the versions come from, for messages. */
  describe(): string;
  /** Removes temporary files the source created. */
  dispose?(): Promise<void>;
}

/** Template names become path segments: keep them to what a Backstage entity name allows. */
export function checkTemplateName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name)) {
    throw new UpgradeError(
      'unknown-template',
      `Invalid template name '${name}': expected a Backstage entity name`,
    );
  }
}

const loaded = new WeakMap<
  TemplateVersionSource,
  Map<string, Promise<GoldenPathTemplate>>
>();

/**
 * Loads one version of a template from a source, once per source: upgrading
 * a fleet renders the same few versions many times.
 *
 * @throws UpgradeError `unknown-version` (listing the known versions) when the
 *   source does not have it, or when the checked-out template carries another version
 * @public
 */
export async function loadTemplateVersion(
  source: TemplateVersionSource,
  templateName: string,
  version: string,
): Promise<GoldenPathTemplate> {
  let cache = loaded.get(source);
  if (!cache) {
    cache = new Map();
    loaded.set(source, cache);
  }
  const key = `${templateName}@${version}`;
  let promise = cache.get(key);
  if (!promise) {
    promise = (async () => {
      const versions = await source.listVersions(templateName);
      if (!versions.includes(version)) {
        throw unknownVersion(source, templateName, version, versions);
      }
      const template = await loadTemplate(
        await source.checkout(templateName, version),
      );
      if (template.name !== templateName || template.version !== version) {
        throw new UpgradeError(
          'unknown-version',
          `${source.describe()} gave template '${template.name}' version ${
            template.version
          } for '${templateName}' version ${version}`,
        );
      }
      return template;
    })();
    cache.set(key, promise);
    promise.catch(() => cache!.delete(key));
  }
  return promise;
}

/** The error for a version the source does not have; names the versions it has. */
export function unknownVersion(
  source: TemplateVersionSource,
  templateName: string,
  version: string,
  known: string[],
): UpgradeError {
  if (known.length === 0) {
    return new UpgradeError(
      'unknown-template',
      `No versions of template '${templateName}' in ${source.describe()}`,
    );
  }
  return new UpgradeError(
    'unknown-version',
    `Unknown version ${version} of template '${templateName}' in ${source.describe()}; known versions: ${known.join(
      ', ',
    )}`,
  );
}
