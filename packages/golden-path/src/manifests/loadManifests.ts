import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isJsonObject } from '../types';
import type { ManifestObject } from './types';

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** The kustomization file of a directory, if it is a kustomization root. */
export async function findKustomizationFile(
  dir: string,
): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const file = path.join(dir, name);
    if (await fs.stat(file).catch(() => undefined)) {
      return file;
    }
  }
  return undefined;
}

/** Parses multi-document YAML into objects; empty documents are skipped but still counted. */
export function parseManifests(text: string, source: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      throw new Error(
        `Invalid YAML in '${source}' (document ${index}): ${doc.errors[0].message}`,
      );
    }
    const object = doc.toJS();
    if (object === null || object === undefined) {
      return;
    }
    if (!isJsonObject(object)) {
      throw new Error(
        `Document ${index} of '${source}' is not a YAML mapping, so not a Kubernetes object`,
      );
    }
    objects.push({ object, source, index });
  });
  return objects;
}

async function yamlFilesIn(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await yamlFilesIn(full)));
    } else if (
      /\.ya?ml$/.test(entry.name) &&
      !KUSTOMIZATION_FILES.includes(entry.name)
    ) {
      files.push(full);
    }
  }
  return files;
}

/**
 * Reads Kubernetes objects from YAML files.
 *
 * @param dirOrFiles - a file, a directory (all `*.yaml`/`*.yml` below it except
 *   kustomization files), or a list of either
 * @throws Error naming the file and document on invalid YAML
 * @public
 */
export async function loadManifests(
  dirOrFiles: string | string[],
): Promise<ManifestObject[]> {
  const objects: ManifestObject[] = [];
  for (const entry of [dirOrFiles].flat()) {
    const stat = await fs.stat(entry);
    const files = stat.isDirectory() ? await yamlFilesIn(entry) : [entry];
    for (const file of files) {
      objects.push(...parseManifests(await fs.readFile(file, 'utf8'), file));
    }
  }
  return objects;
}
