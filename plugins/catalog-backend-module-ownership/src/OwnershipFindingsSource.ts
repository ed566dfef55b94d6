import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  analyzeOwnership,
  Finding,
  OwnershipAnalysisOptions,
  parseRef,
  refKey,
} from '@conway/plugin-ownership-common';
import {
  ANALYSED_KINDS,
  catalogFingerprint,
  loadEntities,
  SPEC_FIELDS,
} from '@conway/plugin-ownership-node';

/** Whether the analysis reads entities of this kind. */
export function isAnalysedKind(kind: string): boolean {
  return ANALYSED_KINDS.some(k => k.toLowerCase() === kind.toLowerCase());
}

/** The comparison key of an entity's ref, or undefined for an unnamed entity. */
export function entityKey(entity: Entity): string | undefined {
  const ref = parseRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace,
    name: entity.metadata.name,
  });
  return ref && refKey(ref);
}

/**
 * What the analysis reads of an entity, canonically serialised: equal for the
 * entity being processed and its copy in the catalog unless an analysed
 * field changed.
 */
export function analysedContent(entity: Entity): string {
  const spec: Record<string, unknown> = {};
  for (const field of SPEC_FIELDS) {
    if (entity.spec?.[field] !== undefined) spec[field] = entity.spec[field];
  }
  return JSON.stringify([
    entity.kind.toLowerCase(),
    entity.metadata.namespace ?? 'default',
    entity.metadata.name,
    entity.metadata.title ?? null,
    spec,
  ]);
}

/** What the last analysis says about one entity. */
export interface EntityFindings {
  /** Findings whose subject or related entities include the entity. */
  findings: Finding[];
  /** {@link analysedContent} of the entity as analysed; undefined when the catalog did not have it. */
  analysedContent: string | undefined;
}

/** Where the processor looks findings up. */
export interface FindingsLookup {
  /** Undefined until the first analysis has completed. */
  lookup(key: string): EntityFindings | undefined;
}

interface Analysis {
  fingerprint: string;
  findings: Map<string, Finding[]>;
  content: Map<string, string>;
}

export interface OwnershipFindingsSourceOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  pageSize: number;
  analysis: OwnershipAnalysisOptions;
}

/**
 * Holds an analysis of the whole catalog for the processor, which sees one
 * entity at a time. {@link OwnershipFindingsSource.refresh} runs on a
 * schedule: it reads the uids and etags of the analysed kinds in pages and
 * reads and analyses the catalog again only when they changed.
 */
export class OwnershipFindingsSource implements FindingsLookup {
  readonly #options: OwnershipFindingsSourceOptions;
  #analysis: Analysis | undefined;

  constructor(options: OwnershipFindingsSourceOptions) {
    this.#options = options;
  }

  lookup(key: string): EntityFindings | undefined {
    const analysis = this.#analysis;
    if (!analysis) return undefined;
    return {
      findings: analysis.findings.get(key) ?? [],
      analysedContent: analysis.content.get(key),
    };
  }

  async refresh(): Promise<void> {
    const { catalog, pageSize } = this.#options;
    const credentials = await this.#options.auth.getOwnServiceCredentials();
    const paging = { catalog, credentials, pageSize };
    if (
      this.#analysis &&
      (await catalogFingerprint(paging)) === this.#analysis.fingerprint
    ) {
      return;
    }
    const { entities, fingerprint } = await loadEntities(paging);
    const first = this.#analysis === undefined;
    const report = analyzeOwnership(entities, this.#options.analysis);
    const findings = new Map<string, Finding[]>();
    for (const f of report.findings) {
      for (const key of new Set(
        [f.entityRef, ...(f.relatedRefs ?? [])].map(refKey),
      )) {
        const list = findings.get(key);
        if (list) list.push(f);
        else findings.set(key, [f]);
      }
    }
    const content = new Map<string, string>();
    for (const e of entities) {
      const key = entityKey(e);
      if (key && !content.has(key)) content.set(key, analysedContent(e));
    }
    this.#analysis = {
      fingerprint,
      findings,
      content,
    };
    // Entities change as the processor annotates them; only the first analysis is news.
    this.#options.logger[first ? 'info' : 'debug'](
      `Ownership analysis for the catalog processor: ${report.summary.entityCount} entities, ${report.findings.length} findings`,
    );
  }
}
