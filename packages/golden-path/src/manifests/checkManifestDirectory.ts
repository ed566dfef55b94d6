import fs from 'node:fs/promises';
import type { Entity } from '@backstage/catalog-model';
import { parseCatalogDocuments } from '../catalog/validateCatalogInfo';
import { KUBERNETES_ID, checkPolicies } from './policy';
import {
  KustomizeOptions,
  kustomizationResourceFiles,
  renderKustomize,
} from './kustomize';
import { findKustomizationFile, loadManifests } from './loadManifests';
import { validateManifestSchemas } from './schemas';
import type { ManifestObject, ManifestReport } from './types';

/** Options for {@link checkManifestDirectory}. @public */
export interface CheckManifestDirectoryOptions extends KustomizeOptions {
  /**
   * The component the manifests deploy, or the path of its catalog-info.yaml;
   * labels must then equal its `backstage.io/kubernetes-id` annotation.
   */
  catalogInfo?: string | Entity;
}

/** The entity the manifests deploy: the one with a kubernetes-id annotation, else the first Component. */
export function deployedComponent(catalogText: string): Entity | undefined {
  const entities = parseCatalogDocuments(catalogText).flatMap(
    d => d.entity ?? [],
  );
  return (
    entities.find(e => e.metadata?.annotations?.[KUBERNETES_ID]) ??
    entities.find(e => e.kind === 'Component')
  );
}

async function readComponent(file: string): Promise<Entity> {
  const entity = deployedComponent(await fs.readFile(file, 'utf8'));
  if (!entity) {
    throw new Error(`No Component entity found in '${file}'`);
  }
  return entity;
}

/**
 * Checks the manifests of one deployable unit: schemas and policies.
 *
 * @remarks
 * A kustomization directory (e.g. an overlay) is rendered with `kubectl kustomize`;
 * without kubectl its plain resources are checked instead, unpatched, and the
 * report says so in `skipped`. Any other directory is read as plain YAML.
 *
 * @public
 */
export async function checkManifestDirectory(
  dir: string,
  options: CheckManifestDirectoryOptions = {},
): Promise<ManifestReport> {
  const skipped: string[] = [];
  let objects: ManifestObject[];
  if (await findKustomizationFile(dir)) {
    const rendered = await renderKustomize(dir, options);
    if ('objects' in rendered) {
      objects = rendered.objects;
    } else {
      skipped.push(
        `${rendered.skipped}; checked its resources without patches instead`,
      );
      objects = await loadManifests(await kustomizationResourceFiles(dir));
    }
  } else {
    objects = await loadManifests(dir);
  }
  const catalogEntity =
    typeof options.catalogInfo === 'string'
      ? await readComponent(options.catalogInfo)
      : options.catalogInfo;
  const findings = [
    ...(await validateManifestSchemas(objects)),
    ...checkPolicies(objects, { catalogEntity }),
  ];
  return { objects, findings, skipped };
}
