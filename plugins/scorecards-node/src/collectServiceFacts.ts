import fs from 'node:fs/promises';
import path from 'node:path';
import { readGenerationRecord } from '@conway/golden-path';
import {
  catalogFactsOf,
  ClusterFacts,
  EntityLike,
  entityRefOf,
  goldenPathFacts,
  GoldenPathFacts,
  isUnknown,
  OwnerFacts,
  OwnershipFindingFact,
  RepositoryFacts,
  ServiceFacts,
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  UnknownFact,
} from '@conway/plugin-scorecards-common';
import { LineCounter, parseAllDocuments } from 'yaml';
import {
  collectRepositoryFacts,
  CollectRepositoryFactsOptions,
} from './repository/collectRepositoryFacts';

/** What is known about a service beyond its entity; what is left out becomes unknown. @public */
export interface ServiceFactsInput {
  entity: EntityLike;
  /** The service's checkout; its facts are collected unless `repository` is given. */
  repositoryDir?: string;
  /** Repository facts collected earlier (or why there are none). */
  repository?: RepositoryFacts | UnknownFact;
  owner?: OwnerFacts | UnknownFact;
  /** Released versions of the service's template, oldest first. */
  releasedVersions?: readonly string[];
  ownershipFindings?: OwnershipFindingFact[] | UnknownFact;
  cluster?: ClusterFacts | UnknownFact;
  repositoryOptions?: CollectRepositoryFactsOptions;
}

async function goldenPathOf(
  input: ServiceFactsInput,
): Promise<GoldenPathFacts | UnknownFact> {
  const annotations = input.entity.metadata.annotations ?? {};
  let template = Object.hasOwn(annotations, TEMPLATE_ANNOTATION)
    ? annotations[TEMPLATE_ANNOTATION]
    : undefined;
  let version = Object.hasOwn(annotations, TEMPLATE_VERSION_ANNOTATION)
    ? annotations[TEMPLATE_VERSION_ANNOTATION]
    : undefined;
  if ((!template || !version) && input.repositoryDir) {
    // The generation record is what `conway upgrade` trusts; use it when the entity says nothing.
    try {
      const record = await readGenerationRecord(input.repositoryDir);
      template ??= record?.template;
      version ??= record?.version;
    } catch (error) {
      return {
        unknown: `generation record could not be read: ${
          (error as Error).message
        }`,
      };
    }
  }
  return goldenPathFacts(template, version, input.releasedVersions);
}

/**
 * Gathers every fact of one service: catalog facts from its entity, golden-path
 * facts from its annotations (or generation record), repository facts from its
 * checkout, and what the caller knows of its owner, ownership findings and clusters.
 *
 * @public
 */
export async function collectServiceFacts(
  input: ServiceFactsInput,
): Promise<ServiceFacts> {
  const catalog = catalogFactsOf(input.entity);
  let repository = input.repository;
  if (!repository) {
    repository = input.repositoryDir
      ? await collectRepositoryFacts(input.repositoryDir, {
          serviceName: input.entity.metadata.name,
          ...input.repositoryOptions,
        })
      : { unknown: 'no repository checkout is known for this service' };
  }
  return {
    entityRef: entityRefOf(input.entity),
    catalog,
    owner: input.owner ?? {
      unknown: `owner '${
        catalog.owner ?? ''
      }' was not looked up in the catalog`,
    },
    goldenPath: await goldenPathOf(input),
    repository,
    ownershipFindings: input.ownershipFindings ?? {
      unknown: 'no ownership report',
    },
    cluster: input.cluster ?? { unknown: 'no cluster data' },
  };
}

/**
 * Reads the Component entity of a service's `catalog-info.yaml`.
 *
 * @throws an error naming the file (and line) when it is missing, invalid or has no Component
 * @public
 */
export async function readCatalogInfo(serviceDir: string): Promise<EntityLike> {
  const file = path.join(serviceDir, 'catalog-info.yaml');
  const text = await fs.readFile(file, 'utf8').catch(error => {
    throw new Error(`Cannot read '${file}': ${error.message}`);
  });
  const lines = new LineCounter();
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    if (doc.errors.length > 0) {
      const line = lines.linePos(doc.errors[0].pos[0]).line;
      throw new Error(
        `${file}:${line}: invalid YAML: ${
          doc.errors[0].message.split('\n')[0]
        }`,
      );
    }
    const entity = doc.toJS() as EntityLike | null;
    if (entity && typeof entity === 'object' && entity.kind === 'Component') {
      if (typeof entity.metadata?.name !== 'string') {
        const line = lines.linePos(doc.contents?.range?.[0] ?? 0).line;
        throw new Error(`${file}:${line}: the Component has no metadata.name`);
      }
      return entity;
    }
  }
  throw new Error(`${file}: no Component entity found`);
}

/** True when the facts say the repository could not be read. @public */
export function repositoryUnreadable(facts: ServiceFacts): boolean {
  return isUnknown(facts.repository);
}
