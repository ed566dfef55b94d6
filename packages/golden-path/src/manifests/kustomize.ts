import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { isJsonObject } from '../types';
import { findKustomizationFile, parseManifests } from './loadManifests';
import type { ManifestObject } from './types';

/** Options for {@link renderKustomize}. @public */
export interface KustomizeOptions {
  /** kubectl executable; defaults to `kubectl` on PATH. */
  kubectl?: string;
}

/**
 * Renders a kustomization with `kubectl kustomize`, offline.
 *
 * @returns the rendered objects, or `skipped` with the reason when kubectl is not installed
 * @throws Error with kubectl's message when the kustomization is invalid
 * @public
 */
export async function renderKustomize(
  dir: string,
  options: KustomizeOptions = {},
): Promise<{ objects: ManifestObject[] } | { skipped: string }> {
  const kubectl = options.kubectl ?? 'kubectl';
  // Absolute, so a directory name can never be read as a kubectl flag.
  const target = path.resolve(dir);
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(kubectl, ['kustomize', target], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    }));
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    if (code === 'ENOENT') {
      return {
        skipped: `kubectl not found ('${kubectl}'), so the kustomization '${target}' was not rendered`,
      };
    }
    throw new Error(
      `kubectl kustomize '${target}' failed: ${(
        stderr || String(error)
      ).trim()}`,
    );
  }
  return { objects: parseManifests(stdout, `${target} (kustomize)`) };
}

/**
 * The local resource files a kustomization pulls in, following nested
 * kustomizations; used when kubectl is missing, so patches are not applied.
 */
export async function kustomizationResourceFiles(
  dir: string,
): Promise<string[]> {
  const file = await findKustomizationFile(dir);
  if (!file) {
    return [];
  }
  const kustomization = parse(await fs.readFile(file, 'utf8'));
  const entries = isJsonObject(kustomization)
    ? [kustomization.resources, kustomization.bases].flatMap(v =>
        Array.isArray(v) ? v : [],
      )
    : [];
  const files: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string' || /^[a-z]+:\/\//i.test(entry)) {
      continue;
    }
    const resolved = path.resolve(dir, entry);
    const stat = await fs.stat(resolved).catch(() => undefined);
    if (stat?.isDirectory()) {
      files.push(...(await kustomizationResourceFiles(resolved)));
    } else if (stat?.isFile()) {
      files.push(resolved);
    }
  }
  return files;
}
