import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  isChildPath,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CatalogProcessor,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import type { LocationSpec } from '@backstage/plugin-catalog-common';

type Entity = Parameters<NonNullable<CatalogProcessor['preProcessEntity']>>[0];

/** Where Template entities may come from. */
export interface TrustedTemplateSources {
  /** `catalog.locations` of the app config (file targets resolved): what the platform team deploys. */
  configLocations: LocationSpec[];
  /** Directories (absolute) whose files may define templates. */
  directories: string[];
  /** URL prefixes whose files may define templates, e.g. a golden-paths repository. */
  urlPrefixes: string[];
}

const isUrl = (target: string) => /^https?:\/\//i.test(target);

/**
 * Reads the trusted sources: the static `catalog.locations`,
 * `conway.goldenPaths.directories` and `conway.goldenPaths.templateLocations`
 * (URL prefixes, or directories resolved from the working directory).
 */
export function readTrustedTemplateSources(
  config: Config,
): TrustedTemplateSources {
  const configLocations = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  ).map(location => {
    const type = location.getString('type');
    const target = location.getString('target');
    return { type, target: type === 'file' ? path.resolve(target) : target };
  });
  const extra =
    config.getOptionalStringArray('conway.goldenPaths.templateLocations') ?? [];
  return {
    configLocations,
    directories: [
      ...(config.getOptionalStringArray('conway.goldenPaths.directories') ??
        []),
      ...extra.filter(t => !isUrl(t)),
    ].map(dir => path.resolve(dir)),
    urlPrefixes: extra.filter(isUrl),
  };
}

/**
 * True when a Template read from `location`, registered through
 * `originLocation`, comes from a source the platform team controls.
 */
export function isTrustedTemplateLocation(
  sources: TrustedTemplateSources,
  location: LocationSpec,
  originLocation: LocationSpec,
): boolean {
  const fromConfig = sources.configLocations.some(
    l => l.type === originLocation.type && l.target === originLocation.target,
  );
  if (fromConfig) {
    return true;
  }
  if (location.type === 'file') {
    const file = path.resolve(location.target);
    return sources.directories.some(dir => isChildPath(dir, file));
  }
  if (location.type === 'url') {
    return sources.urlPrefixes.some(prefix =>
      location.target.startsWith(prefix),
    );
  }
  return false;
}

/**
 * Refuses Template entities from locations the platform team does not
 * control, so registering a location through the catalog API (which any
 * signed-in user may do) cannot add or replace a golden path.
 *
 * @remarks
 * The refused entity fails processing with the reason; it is listed by the
 * unprocessed-entities API and never becomes a template.
 */
export class TrustedTemplateLocationProcessor implements CatalogProcessor {
  constructor(private readonly sources: TrustedTemplateSources) {}

  getProcessorName() {
    return 'TrustedTemplateLocationProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    _emit: unknown,
    originLocation: LocationSpec,
  ): Promise<Entity> {
    if (
      entity.kind.toLocaleLowerCase('en-US') !== 'template' ||
      isTrustedTemplateLocation(this.sources, location, originLocation)
    ) {
      return entity;
    }
    throw new InputError(
      `Template '${stringifyEntityRef(entity)}' from ${location.type}:${
        location.target
      } is refused: templates come only from catalog.locations in the app config, conway.goldenPaths.directories or conway.goldenPaths.templateLocations (ask the platform team to add it)`,
    );
  }
}

/** Catalog module adding {@link TrustedTemplateLocationProcessor}. */
export const catalogModuleTrustedTemplateLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'conway-trusted-template-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ processing, config }) {
        processing.addProcessor(
          new TrustedTemplateLocationProcessor(
            readTrustedTemplateSources(config),
          ),
        );
      },
    });
  },
});
