import { csvRows } from './csv';
import { parseRef, refKey, stringifyRef } from './entityRef';
import { displayTitle, isRecord } from './model';
import { teamAncestors } from './reportHelpers';
import { OwnershipEntity, OwnershipReport, TeamReport } from './types';

/** One owned entity and who owns it, as people read it. @public */
export interface OwnershipRow {
  /** Display name: `metadata.title`, else the name. */
  entity: string;
  entityRef: string;
  /** The kind as the entity writes it (`Component`). */
  kind: string;
  /** The owner's display name (title or profile display name, else its name); empty without owner. */
  owner: string;
  /** `spec.owner` as a full ref; empty without owner. */
  ownerRef: string;
  /** Whether the owner exists in the catalog (a group or a user). */
  ownerExists: boolean;
  /** Display names from the root group down to the owning group: `Northwind Freight / Commerce / Checkout`. Empty when the owner is not a group. */
  teamPath: string;
  /** The system of a component, API or resource (display name); empty otherwise. */
  system: string;
  systemRef: string;
  /** The domain of a system, or of the system of a part (display name). */
  domain: string;
  domainRef: string;
  /** `spec.lifecycle` (components, APIs); empty when not set. */
  lifecycle: string;
}

const KIND_ORDER = ['domain', 'system', 'component', 'api', 'resource'];

interface Known {
  ref: string;
  title: string;
  spec: Record<string, unknown>;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Who owns what: every domain, system, component, API and resource with its
 * owner (display name and ref), the owner's team path, its system, domain
 * and lifecycle; sorted by team path, owner, kind and entity. Display names
 * are `metadata.title`, else `spec.profile.displayName`, else the name.
 * Entities the analysis would skip (no kind, invalid name) are left out; of
 * two entities with the same ref the first counts, as in the analysis.
 *
 * @public
 */
export function whoOwnsWhat(
  entities: readonly OwnershipEntity[],
  report: OwnershipReport,
): OwnershipRow[] {
  const known = new Map<string, Known>();
  const owned: Array<{ ref: string; kind: string }> = [];
  for (const entity of entities) {
    if (!isRecord(entity) || !isRecord(entity.metadata)) continue;
    const parsed = parseRef({
      kind: str(entity.kind),
      namespace: str(entity.metadata.namespace) || 'default',
      name: str(entity.metadata.name),
    });
    if (!parsed) continue;
    const key = refKey(parsed);
    if (known.has(key)) continue;
    const spec = isRecord(entity.spec) ? entity.spec : {};
    const ref = stringifyRef(parsed);
    known.set(key, {
      ref,
      title: displayTitle(entity.metadata.title, spec) ?? parsed.name,
      spec,
    });
    if (KIND_ORDER.includes(parsed.kind)) {
      owned.push({ ref, kind: str(entity.kind) });
    }
  }
  const teams = new Map<string, TeamReport>(
    report.teams.map(t => [t.ref.toLowerCase(), t]),
  );

  const lookup = (value: unknown, defaultKind: string, namespace: string) => {
    const parsed = parseRef(value, {
      defaultKind,
      defaultNamespace: namespace,
    });
    if (!parsed) return undefined;
    return (
      known.get(refKey(parsed)) ?? {
        ref: stringifyRef(parsed),
        title: parsed.name,
        spec: undefined,
      }
    );
  };

  const rows: OwnershipRow[] = owned.map(({ ref, kind }) => {
    const self = known.get(ref.toLowerCase())!;
    const { namespace } = parseRef(ref)!;
    const lowerKind = kind.toLowerCase();
    const owner = isRecord(self.spec)
      ? lookup(self.spec.owner, 'group', namespace)
      : undefined;
    const ownerExists =
      owner !== undefined &&
      known.has(owner.ref.toLowerCase()) &&
      /^(group|user):/i.test(owner.ref);
    const team = owner ? teams.get(owner.ref.toLowerCase()) : undefined;
    const teamPath = team
      ? [...teamAncestors(report, team.ref).reverse(), team]
          .map(t => t.title ?? t.name)
          .join(' / ')
      : '';
    let system;
    let domain;
    if (lowerKind === 'system') {
      domain = lookup(self.spec.domain, 'domain', namespace);
    } else if (lowerKind === 'domain') {
      domain = undefined;
    } else {
      system = lookup(self.spec.system, 'system', namespace);
      if (system?.spec) {
        const systemNs = parseRef(system.ref)!.namespace;
        domain = lookup(system.spec.domain, 'domain', systemNs);
      }
    }
    let ownerName = '';
    if (owner) ownerName = ownerExists ? owner.title : parseRef(owner.ref)!.name;
    return {
      entity: self.title,
      entityRef: ref,
      kind,
      owner: ownerName,
      ownerRef: owner?.ref ?? '',
      ownerExists,
      teamPath,
      system: system?.title ?? '',
      systemRef: system?.ref ?? '',
      domain: domain?.title ?? '',
      domainRef: domain?.ref ?? '',
      lifecycle: str(self.spec.lifecycle),
    };
  });
  const kindRank = (k: string) => KIND_ORDER.indexOf(k.toLowerCase());
  const cmp = (a: string, b: string) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  };
  const human = (a: string, b: string) =>
    a.localeCompare(b, 'en', { sensitivity: 'base' }) || cmp(a, b);
  return rows.sort(
    (a, b) =>
      human(a.teamPath, b.teamPath) ||
      cmp(a.ownerRef, b.ownerRef) ||
      kindRank(a.kind) - kindRank(b.kind) ||
      cmp(a.entityRef, b.entityRef),
  );
}

/** The columns of {@link whoOwnsWhatToCsv}, in order. @public */
export const WHO_OWNS_WHAT_COLUMNS = [
  'entity',
  'entityRef',
  'kind',
  'owner',
  'ownerRef',
  'teamPath',
  'system',
  'systemRef',
  'domain',
  'domainRef',
  'lifecycle',
] as const;

/**
 * {@link whoOwnsWhat} as CSV (RFC 4180, CRLF, one header row, formula-safe
 * like {@link reportToCsv}). An owner that is not in the catalog is written
 * as its name with `(not in the catalog)`.
 *
 * @public
 */
export function whoOwnsWhatToCsv(rows: readonly OwnershipRow[]): string {
  return csvRows([
    [...WHO_OWNS_WHAT_COLUMNS],
    ...rows.map(r =>
      WHO_OWNS_WHAT_COLUMNS.map(c =>
        c === 'owner' && r.ownerRef && !r.ownerExists
          ? `${r.owner} (not in the catalog)`
          : r[c],
      ),
    ),
  ]);
}
