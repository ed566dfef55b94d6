import { Entity } from '@backstage/catalog-model';
import { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import { compareVersions, isNewer } from './versions';

/** The golden path a service was made from (written by the golden path into catalog-info.yaml). */
export const TEMPLATE_ANNOTATION = 'conway.dev/template';
/** The golden-path version the service is on. */
export const TEMPLATE_VERSION_ANNOTATION = 'conway.dev/template-version';

/** Where a service stands against the golden path it was made from. */
export type GoldenPathStatus =
  /** Not made from a golden path. */
  | { kind: 'none' }
  /** Names a golden path the portal does not (or no longer) offer. */
  | { kind: 'unknown-path'; template: string }
  /** Made from a golden path, but records no version. */
  | { kind: 'unknown-version'; goldenPath: GoldenPathSummary }
  | { kind: 'up-to-date'; goldenPath: GoldenPathSummary; version: string }
  /** On a version newer than the one the portal scaffolds now (e.g. an unreleased branch). */
  | { kind: 'ahead'; goldenPath: GoldenPathSummary; version: string }
  | {
      kind: 'behind';
      goldenPath: GoldenPathSummary;
      version: string;
      /** Released versions newer than `version`, oldest first. */
      newer: string[];
    };

/**
 * A service's golden-path status from its catalog annotations and the golden
 * paths the backend serves, computed the way the backend counts services behind.
 */
export function goldenPathStatus(
  service: Entity,
  goldenPaths: GoldenPathSummary[],
): GoldenPathStatus {
  const annotations = service.metadata.annotations ?? {};
  const template = annotations[TEMPLATE_ANNOTATION];
  if (!template) return { kind: 'none' };
  const goldenPath = goldenPaths.find(g => g.name === template);
  if (!goldenPath) return { kind: 'unknown-path', template };
  const version = annotations[TEMPLATE_VERSION_ANNOTATION]?.trim();
  if (!version) return { kind: 'unknown-version', goldenPath };
  if (isNewer(goldenPath.currentVersion, version)) {
    const released = new Set([
      ...goldenPath.versions.map(v => v.version),
      goldenPath.currentVersion,
    ]);
    const newer = [...released]
      .filter(v => isNewer(v, version))
      .sort(compareVersions);
    return { kind: 'behind', goldenPath, version, newer };
  }
  if (isNewer(version, goldenPath.currentVersion)) {
    return { kind: 'ahead', goldenPath, version };
  }
  return { kind: 'up-to-date', goldenPath, version };
}

/** One golden path's services, and those behind its current version. */
export interface FleetDrift {
  goldenPath: GoldenPathSummary;
  /** Services made from it, as the catalog lists them. */
  services: Entity[];
  behind: Array<{ service: Entity; version: string; newer: string[] }>;
  /** Services that record no version, so whether they are behind is unknown. */
  unknownVersion: Entity[];
}

/** Drift of every golden path over the whole fleet, the golden paths' own order. */
export function fleetDrift(
  services: Entity[],
  goldenPaths: GoldenPathSummary[],
): FleetDrift[] {
  return goldenPaths.map(goldenPath => {
    const drift: FleetDrift = {
      goldenPath,
      services: [],
      behind: [],
      unknownVersion: [],
    };
    for (const service of services) {
      const status = goldenPathStatus(service, [goldenPath]);
      if (status.kind === 'none' || status.kind === 'unknown-path') continue;
      drift.services.push(service);
      if (status.kind === 'behind') {
        drift.behind.push({
          service,
          version: status.version,
          newer: status.newer,
        });
      } else if (status.kind === 'unknown-version') {
        drift.unknownVersion.push(service);
      }
    }
    // The furthest behind first: they have the most to catch up on.
    drift.behind.sort(
      (a, b) =>
        compareVersions(a.version, b.version) ||
        a.service.metadata.name.localeCompare(b.service.metadata.name),
    );
    return drift;
  });
}
