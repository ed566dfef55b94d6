import { Entity } from '@backstage/catalog-model';
import {
  Finding,
  OwnershipReport,
  parseRef,
  refKey,
} from '@conway/plugin-ownership-common';
import {
  ANALYSED_KINDS,
  CatalogAnalysisService,
  CatalogAnalysisSnapshot,
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

/**
 * What the last analysis says about one entity.
 *
 * @public
 */
export interface EntityFindings {
  /** Findings whose subject or related entities include the entity. */
  findings: Finding[];
  /** `analysedContent()` of the entity as analysed; undefined when the catalog did not have it. */
  analysedContent: string | undefined;
}

/**
 * Where the processor looks findings up.
 *
 * @public
 */
export interface FindingsLookup {
  /** Undefined until the first analysis has completed. */
  lookup(key: string): EntityFindings | undefined;
}

/** The lookups of one report. */
interface Lookups {
  report: OwnershipReport;
  findings: Map<string, Finding[]>;
  content: Map<string, string>;
}

/**
 * Options for {@link OwnershipFindingsSource}.
 *
 * @public
 */
export interface OwnershipFindingsSourceOptions {
  /** The process's analysis of the catalog (`catalogAnalysisServiceRef`), shared with the ownership API. */
  analysis: CatalogAnalysisService;
}

/**
 * The findings per entity for the processor, which sees one entity at a
 * time, from the process's shared analysis of the whole catalog.
 * {@link OwnershipFindingsSource.refresh} runs on a schedule: the shared
 * analysis reads the uids and etags of the analysed kinds in pages and reads
 * and analyses the catalog again only when they changed. Whichever plugin
 * rebuilt it, the next lookup sees the new report.
 *
 * @public
 */
export class OwnershipFindingsSource implements FindingsLookup {
  readonly #analysis: CatalogAnalysisService;
  #lookups: Lookups | undefined;

  constructor(options: OwnershipFindingsSourceOptions) {
    this.#analysis = options.analysis;
  }

  lookup(key: string): EntityFindings | undefined {
    const snapshot = this.#analysis.latest();
    if (!snapshot) return undefined;
    const lookups = this.#lookupsOf(snapshot);
    return {
      findings: lookups.findings.get(key) ?? [],
      analysedContent: lookups.content.get(key),
    };
  }

  async refresh(): Promise<void> {
    await this.#analysis.refreshIfChanged();
  }

  /** Built once per report, at the first lookup after it changed. */
  #lookupsOf({ report, entities }: CatalogAnalysisSnapshot): Lookups {
    if (this.#lookups?.report === report) return this.#lookups;
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
    this.#lookups = { report, findings, content };
    return this.#lookups;
  }
}
