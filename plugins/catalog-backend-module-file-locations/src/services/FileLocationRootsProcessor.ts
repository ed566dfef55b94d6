import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import { FileLocationGuard } from './FileLocationGuard';

/**
 * Refuses Location entities that would make the catalog read a file outside
 * the guard's roots, unless they come from `catalog.locations` in the app
 * config: a file registered through the API cannot point a nested Location
 * at `/etc/passwd` either. The refused Location fails processing with the
 * reason, so nothing it targets is read.
 */
export class FileLocationRootsProcessor implements CatalogProcessor {
  readonly #guard: FileLocationGuard;
  readonly #configLocations: Set<string>;

  constructor(options: {
    guard: FileLocationGuard;
    /** `catalog.locations` of the app config, `file` targets resolved. */
    configLocations: LocationSpec[];
  }) {
    this.#guard = options.guard;
    this.#configLocations = new Set(
      options.configLocations.map(l => `${l.type}:${l.target}`),
    );
  }

  getProcessorName() {
    return 'FileLocationRootsProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    _emit: unknown,
    originLocation: LocationSpec,
  ): Promise<Entity> {
    const origin = `${originLocation.type}:${
      originLocation.type === 'file'
        ? path.resolve(originLocation.target)
        : originLocation.target
    }`;
    if (entity.kind !== 'Location' || this.#configLocations.has(origin)) {
      return entity;
    }
    const spec = (entity.spec ?? {}) as {
      type?: string;
      target?: string;
      targets?: string[];
    };
    if ((spec.type ?? location.type) !== 'file') {
      return entity;
    }
    const base =
      location.type === 'file' ? path.dirname(location.target) : undefined;
    for (const target of [
      ...(spec.target ? [spec.target] : []),
      ...(spec.targets ?? []),
    ]) {
      await this.#guard.check(base ? path.resolve(base, target) : target);
    }
    return entity;
  }
}
