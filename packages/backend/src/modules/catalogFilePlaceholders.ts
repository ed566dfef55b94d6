import fs from 'node:fs/promises';
import path from 'node:path';
import {
  createBackendModule,
  isChildPath,
} from '@backstage/backend-plugin-api';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import { parseAllDocuments } from 'yaml';

type Entity = Parameters<NonNullable<CatalogProcessor['preProcessEntity']>>[0];

const RESOLVERS: Record<string, (content: string, file: string) => unknown> = {
  text: content => content,
  json: content => JSON.parse(content),
  yaml: (content, file) => {
    const docs = parseAllDocuments(content);
    if (docs.length !== 1 || docs[0].errors.length > 0) {
      throw new Error(`expected exactly one valid YAML document in '${file}'`);
    }
    return docs[0].toJS();
  },
};

/**
 * Resolves relative `$text`, `$json` and `$yaml` placeholders in entities read
 * from `file` locations, such as `definition: { $text: ./openapi.yaml }`.
 *
 * @remarks
 * Backstage's PlaceholderProcessor resolves placeholders through the SCM
 * integrations, which need a URL base, so a file location fails with "could
 * not form a URL". Golden paths publish into local repositories registered as
 * `file` locations in the embedded default. Only files inside the directory of
 * the catalog file are read (as PlaceholderProcessor keeps to the same
 * repository); URLs are left to PlaceholderProcessor.
 */
export class FileLocationPlaceholderProcessor implements CatalogProcessor {
  getProcessorName() {
    return 'FileLocationPlaceholderProcessor';
  }

  // Before PlaceholderProcessor (default priority 20), which would fail first.
  getPriority() {
    return 10;
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
  ): Promise<Entity> {
    if (location.type !== 'file') {
      return entity;
    }
    const baseDir = path.dirname(path.resolve(location.target));

    const resolve = async (data: unknown): Promise<unknown> => {
      if (Array.isArray(data)) {
        return Promise.all(data.map(resolve));
      }
      if (typeof data !== 'object' || data === null) {
        return data;
      }
      const entries = Object.entries(data);
      const [key, value] = entries[0] ?? [];
      const resolver = key?.startsWith('$') && RESOLVERS[key.slice(1)];
      if (entries.length === 1 && resolver && typeof value === 'string') {
        if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
          return data;
        }
        const file = path.resolve(baseDir, value);
        if (!isChildPath(baseDir, file)) {
          throw new Error(
            `Placeholder ${key} may only read files inside '${baseDir}', not '${value}'`,
          );
        }
        const content = await fs.readFile(file, 'utf8').catch(error => {
          throw new Error(
            `Placeholder ${key} could not read '${value}' relative to '${location.target}': ${error.message}`,
          );
        });
        return resolver(content, file);
      }
      return Object.fromEntries(
        await Promise.all(
          entries.map(async ([k, v]) => [k, await resolve(v)] as const),
        ),
      );
    };
    return (await resolve(entity)) as Entity;
  }
}

/**
 * Catalog module adding {@link FileLocationPlaceholderProcessor}.
 */
export const catalogModuleFilePlaceholders = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'conway-file-placeholders',
  register(reg) {
    reg.registerInit({
      deps: { processing: catalogProcessingExtensionPoint },
      async init({ processing }) {
        processing.addProcessor(new FileLocationPlaceholderProcessor());
      },
    });
  },
});
