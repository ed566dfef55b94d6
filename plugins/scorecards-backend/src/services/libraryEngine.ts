import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  catalogFactsOf,
  goldenPathFacts,
  RepositoryFacts,
  ScorecardDefinition,
  ScorecardRegistry,
  ServiceFacts as LibraryFacts,
  UnknownFact,
  evaluateScorecard,
  type ScorecardOutcome,
} from '@conway/plugin-scorecards-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ScorecardDefinitions, ScorecardEngine, ServiceFacts } from './engine';

/** Reads a service's repository into facts (the scorecards-node collector). */
export type RepositoryReader = (
  directory: string,
  serviceName: string,
) => Promise<RepositoryFacts | UnknownFact>;

/** Options of {@link createLibraryEngine}. */
export interface LibraryEngineOptions {
  /** Directory of the YAML definitions. */
  definitionsDir: string;
  /** Reads a local repository; without it repository checks are unknown. */
  readRepository?: RepositoryReader;
}

const DEFINITION_FILE = /\.ya?ml$/i;

async function readDefinitionFiles(dir: string) {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    throw new InputError(
      `conway.scorecards.definitions: cannot read the directory '${dir}': ${
        (error as Error).message
      }`,
    );
  }
  return Promise.all(
    names
      .filter(name => DEFINITION_FILE.test(name))
      .sort()
      .map(async name => ({
        file: path.join(dir, name),
        text: await fs.readFile(path.join(dir, name), 'utf8'),
      })),
  );
}

function toOutcome(
  definition: ScorecardDefinition,
  facts: LibraryFacts,
): ScorecardOutcome {
  const result = evaluateScorecard(definition, facts);
  const rules = new Map(definition.checks.map(c => [c.id, c.rule]));
  return {
    id: definition.id,
    title: definition.title,
    levels: definition.levels.map(l => ({ id: l.id, title: l.title })),
    level: result.level,
    checks: result.results.map(r => ({
      checkId: r.checkId,
      ...(rules.get(r.checkId) ? { rule: rules.get(r.checkId) } : {}),
      title: r.title,
      description: r.description,
      severity: r.severity,
      level: r.level,
      required: r.required,
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.howToFix ? { howToFix: r.howToFix } : {}),
    })),
  };
}

/**
 * The {@link ScorecardEngine} of `@conway/plugin-scorecards-common`: the
 * YAML files of `definitionsDir` through its registry (an invalid file keeps
 * its previous definition and is reported with file and line), and each
 * service's facts evaluated by its rules.
 */
export function createLibraryEngine(
  options: LibraryEngineOptions,
): ScorecardEngine {
  const registry = new ScorecardRegistry();
  let loaded: ScorecardDefinition[] = [];
  return {
    async load(): Promise<ScorecardDefinitions> {
      const files = await readDefinitionFiles(options.definitionsDir);
      const { scorecards, errors } = registry.update(files);
      if (scorecards.length === 0) {
        const why = errors.length
          ? errors.map(e => `${e.file}:${e.line}: ${e.message}`).join('; ')
          : 'no .yaml file';
        throw new InputError(
          `No valid scorecard definition in '${options.definitionsDir}': ${why}`,
        );
      }
      loaded = scorecards;
      return {
        hash: createHash('sha256')
          .update(JSON.stringify(scorecards.map(s => ({ ...s, source: undefined }))))
          .digest('hex'),
        scorecards: scorecards.map(s => ({ id: s.id, title: s.title })),
        errors,
      };
    },

    async evaluate(_definitions, facts): Promise<ScorecardOutcome[]> {
      const libraryFacts = await toLibraryFacts(facts, options.readRepository);
      return loaded.map(definition => toOutcome(definition, libraryFacts));
    },
  };
}

async function toLibraryFacts(
  facts: ServiceFacts,
  readRepository: RepositoryReader | undefined,
): Promise<LibraryFacts> {
  const { entity, owner, goldenPath, repository, findings } = facts;
  const catalog = catalogFactsOf(entity);
  let repositoryFacts: RepositoryFacts | UnknownFact;
  if ('unknown' in repository) {
    repositoryFacts = repository;
  } else if (!readRepository) {
    repositoryFacts = { unknown: 'this portal has no repository reader for scorecards' };
  } else {
    repositoryFacts = await readRepository(
      repository.directory,
      entity.metadata.name,
    ).catch(
      (error: Error) => ({
        unknown: `${repository.directory}: ${error.message}`,
      }),
    );
  }
  return {
    entityRef: stringifyEntityRef(entity),
    catalog,
    owner: owner
      ? {
          ref: owner.ref,
          ...(owner.title ? { title: owner.title } : {}),
          kind: owner.kind,
          ...(owner.type ? { type: owner.type } : {}),
          memberCount: owner.memberCount,
        }
      : {
          unknown: catalog.owner
            ? `owner '${catalog.owner}' is not in the catalog`
            : 'the service names no owner',
        },
    goldenPath:
      'unknown' in goldenPath
        ? goldenPath
        : goldenPathFacts(
            goldenPath.template,
            goldenPath.version,
            goldenPath.releasedVersions,
          ),
    repository: repositoryFacts,
    ownershipFindings: findings,
    cluster: facts.cluster ?? {
      unknown: 'Clusters are not compared with the catalog for scorecards in this portal',
    },
  };
}
