import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  Finding,
  FindingSeverity,
  FindingType,
  refKey,
} from '@conway/plugin-ownership-common';
import {
  AnnotatedFinding,
  ANNOTATION_OWNERSHIP_FINDINGS,
  ANNOTATION_OWNERSHIP_SEVERITY,
  MAX_ANNOTATED_FINDINGS,
} from './annotations';
import {
  analysedContent,
  entityKey,
  FindingsLookup,
  isAnalysedKind,
} from './OwnershipFindingsSource';

/**
 * Finding types that are about the entity's own definition (its owner, its
 * references), so the entity's owners can fix them in its file. Only these
 * can be configured to fail processing; the others need the whole
 * organisation and are only annotated.
 *
 * @public
 */
export const LOCAL_FINDING_TYPES: readonly FindingType[] = [
  'no-owner',
  'unknown-owner',
  'user-owner',
  'empty-team-owner',
  'invalid-reference',
  'dangling-reference',
];

/** @public */
export const DEFAULT_ERROR_FINDING_TYPES: readonly FindingType[] = [
  'unknown-owner',
  'no-owner',
];

const SEVERITY_RANK: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/** What the processor attached last time, reused until the first analysis after a restart. */
interface Attached {
  severity: FindingSeverity | null;
  findings: AnnotatedFinding[];
}

const CACHE_KEY = 'attached';

function attach(findings: Finding[], key: string): Attached {
  let severity: FindingSeverity | null = null;
  for (const f of findings) {
    if (
      refKey(f.entityRef) === key &&
      (severity === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[severity])
    ) {
      severity = f.severity;
    }
  }
  return {
    severity,
    findings: [...findings]
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
      .slice(0, MAX_ANNOTATED_FINDINGS)
      .map(f => ({
        id: f.id,
        type: f.type,
        severity: f.severity,
        entityRef: f.entityRef,
        message: f.message,
        suggestion: f.suggestion,
      })),
  };
}

function withAnnotations(
  entity: Entity,
  attached: Attached | undefined,
): Entity {
  const {
    [ANNOTATION_OWNERSHIP_FINDINGS]: _findings,
    [ANNOTATION_OWNERSHIP_SEVERITY]: _severity,
    ...annotations
  } = entity.metadata.annotations ?? {};
  if (attached && attached.findings.length > 0) {
    annotations[ANNOTATION_OWNERSHIP_FINDINGS] = JSON.stringify(
      attached.findings,
    );
  }
  if (attached?.severity) {
    annotations[ANNOTATION_OWNERSHIP_SEVERITY] = attached.severity;
  }
  return { ...entity, metadata: { ...entity.metadata, annotations } };
}

/** @public */
export interface OwnershipFindingsProcessorOptions {
  findings: FindingsLookup;
  /** Finding types that fail processing of the entity they are about; a subset of {@link LOCAL_FINDING_TYPES}. */
  errorTypes?: readonly FindingType[];
}

/**
 * Attaches the ownership findings about an entity to it as annotations, and
 * reports configured local findings (unknown owner, ...) as processing
 * errors. Findings come from a periodically refreshed analysis of the whole
 * catalog; see the package README for why.
 *
 * @public
 */
export class OwnershipFindingsProcessor implements CatalogProcessor {
  readonly #findings: FindingsLookup;
  readonly #errorTypes: ReadonlySet<FindingType>;

  constructor(options: OwnershipFindingsProcessorOptions) {
    const errorTypes = options.errorTypes ?? DEFAULT_ERROR_FINDING_TYPES;
    const notLocal = errorTypes.filter(t => !LOCAL_FINDING_TYPES.includes(t));
    if (notLocal.length > 0) {
      throw new Error(
        `Invalid config 'ownership.check.errors': ${notLocal
          .map(t => `'${t}'`)
          .join(', ')} cannot fail processing, only ${LOCAL_FINDING_TYPES.join(
          ', ',
        )} can`,
      );
    }
    this.#findings = options.findings;
    this.#errorTypes = new Set(errorTypes);
  }

  getProcessorName(): string {
    return 'OwnershipFindingsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const key = entityKey(entity);
    if (!key || !isAnalysedKind(entity.kind)) return entity;

    const known = this.#findings.lookup(key);
    if (!known) {
      // No analysis yet (the backend just started): keep what was attached last time.
      const previous = await cache.get<string>(CACHE_KEY);
      return previous
        ? withAnnotations(entity, JSON.parse(previous) as Attached)
        : entity;
    }

    // Findings about this entity's own definition are stale when that
    // definition changed since the analysis: the change may be the fix.
    const changed =
      known.analysedContent !== undefined &&
      known.analysedContent !== analysedContent(entity);
    const findings = known.findings.filter(
      f =>
        !(
          changed &&
          refKey(f.entityRef) === key &&
          LOCAL_FINDING_TYPES.includes(f.type)
        ),
    );

    for (const f of findings) {
      if (refKey(f.entityRef) === key && this.#errorTypes.has(f.type)) {
        emit(
          processingResult.inputError(
            location,
            `Ownership: ${f.message}. ${f.suggestion}`,
          ),
        );
      }
    }

    const attached = attach(findings, key);
    await cache.set(CACHE_KEY, JSON.stringify(attached));
    return withAnnotations(entity, attached);
  }
}
