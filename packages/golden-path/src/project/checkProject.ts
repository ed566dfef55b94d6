import fs from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../findings';
import { validateCatalogInfo } from '../catalog/validateCatalogInfo';
import {
  checkManifestDirectory,
  deployedComponent,
} from '../manifests/checkManifestDirectory';
import type { ManifestObject } from '../manifests/types';
import { checkPipelineReferences } from '../pipelines/checkPipelineReferences';

/** Where a project keeps what {@link checkProject} reads, and how to treat overlays. @public */
export interface CheckProjectOptions {
  /**
   * Manifests directory relative to the project; each subdirectory of its
   * `overlays/` is one unit. Default `k8s`; `false` for a project that
   * deploys nothing to Kubernetes.
   */
  manifestsPath?: string | false;
  /** Catalog file relative to the project. Default `catalog-info.yaml`. */
  catalogInfoPath?: string;
  /** kubectl for rendering kustomize overlays; default `kubectl` on PATH. */
  kubectl?: string;
  /**
   * An overlay kubectl cannot render (no kubectl): `check-resources` (default)
   * checks its resources without the overlay's patches; `skip` checks nothing
   * there, since unpatched resources lack what kustomize adds (labels,
   * namespace). Either way `skipped` says so.
   */
  unrenderedOverlays?: 'check-resources' | 'skip';
}

/** What {@link checkProject} found. @public */
export interface ProjectReport {
  /** Every problem found: catalog, pipelines, manifests. Errors fail a check run. */
  findings: Finding[];
  /** Kubernetes objects checked, over all units. */
  objects: ManifestObject[];
  /** What was not checked, or checked in a reduced form, and why. */
  skipped: string[];
  /** The manifest units checked (each overlay, or the manifests directory), absolute. */
  units: string[];
}

/** A file or directory {@link checkProject} needs is missing. @public */
export class ProjectFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

const isDirectory = (p: string) =>
  fs.stat(p).then(
    s => s.isDirectory(),
    () => false,
  );

/** The directories to check: each kustomize overlay, or the manifests directory itself. */
async function manifestUnits(manifestsDir: string): Promise<string[]> {
  const overlays = path.join(manifestsDir, 'overlays');
  if (await isDirectory(overlays)) {
    const entries = await fs.readdir(overlays, { withFileTypes: true });
    const dirs = entries
      .filter(e => e.isDirectory())
      .map(e => path.join(overlays, e.name))
      .sort();
    if (dirs.length > 0) return dirs;
  }
  return [manifestsDir];
}

function inside(dir: string, relative: string, option: string): string {
  const resolved = path.resolve(dir, relative);
  const rel = path.relative(dir, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ProjectFileError(
      `${option} '${relative}' must stay inside the project`,
    );
  }
  return resolved;
}

/**
 * Checks a rendered project the way its first push and deploy would find it:
 * its catalog file the way the catalog would, everything its pipelines refer
 * to (see checkPipelineReferences), and its Kubernetes manifests (every
 * kustomize overlay rendered) against the schemas and policies, labels
 * compared with the catalog's Component. One implementation for the
 * scaffolder's `golden-path:validate` and `conway template check`.
 *
 * @throws ProjectFileError when the catalog file or the manifests directory is missing
 * @throws PipelineFileError when a pipeline file cannot be read
 * @public
 */
export async function checkProject(
  dir: string,
  options: CheckProjectOptions = {},
): Promise<ProjectReport> {
  const catalogRel = options.catalogInfoPath ?? 'catalog-info.yaml';
  const manifestsRel = options.manifestsPath ?? 'k8s';
  const catalogFile = inside(dir, catalogRel, 'catalogInfoPath');
  const manifestsDir =
    manifestsRel === false
      ? undefined
      : inside(dir, manifestsRel, 'manifestsPath');
  const catalogText = await fs.readFile(catalogFile, 'utf8').catch(() => {
    throw new ProjectFileError(`No ${catalogRel} in the project to validate`);
  });
  if (manifestsDir && !(await isDirectory(manifestsDir))) {
    throw new ProjectFileError(
      `No manifests directory '${manifestsRel}' in the project to validate`,
    );
  }

  const findings = await validateCatalogInfo(catalogText, catalogRel);
  findings.push(...checkPipelineReferences(dir));
  const skipped: string[] = [];
  const objects: ManifestObject[] = [];
  // Parsed once; without a readable Component the labels cannot be compared
  // (the catalog findings above say why), but the rest is still checked.
  const component = deployedComponent(catalogText);
  if (!manifestsDir) return { findings, objects, skipped, units: [] };
  if (!component) {
    skipped.push(
      `labels not compared with ${catalogRel}: it has no readable Component entity`,
    );
  }
  const units = await manifestUnits(manifestsDir);
  for (const unit of units) {
    const report = await checkManifestDirectory(unit, {
      ...(component ? { catalogInfo: component } : {}),
      ...(options.kubectl ? { kubectl: options.kubectl } : {}),
    });
    if (report.skipped.length > 0 && options.unrenderedOverlays === 'skip') {
      skipped.push(
        `${path.relative(dir, unit)}: not checked: ${report.skipped[0].replace(
          /;.*$/,
          '',
        )}`,
      );
      continue;
    }
    objects.push(...report.objects);
    findings.push(...report.findings);
    skipped.push(...report.skipped);
  }
  return { findings, objects, skipped, units };
}
