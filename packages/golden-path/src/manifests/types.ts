import type { Finding } from '../findings';
import type { JsonObject } from '../types';

/** A Kubernetes object with where it was read from. @public */
export interface ManifestObject {
  object: JsonObject;
  /** File path, or `<dir> (kustomize)` for rendered overlays. */
  source: string;
  /** Index of the YAML document within the source. */
  index: number;
}

/** Result of {@link checkManifestDirectory}. @public */
export interface ManifestReport {
  objects: ManifestObject[];
  findings: Finding[];
  /** What could not be checked, and why (e.g. kubectl missing). */
  skipped: string[];
}
