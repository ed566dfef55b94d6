import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  KindValidator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import type { Finding } from '../findings';
import { isJsonObject } from '../types';

// The same envelope rules the catalog applies when it ingests a file.
const envelopePolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators: KindValidator[] = [
  componentEntityV1alpha1Validator,
  apiEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
];

// The catalog replaces `{ $text: ./openapi.yaml }` and its kin with the file's
// content before validating, so they stand for a value here.
const PLACEHOLDERS = ['$text', '$json', '$yaml', '$openapi', '$asyncapi'];

function withPlaceholdersResolved(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withPlaceholdersResolved);
  }
  if (!isJsonObject(value)) {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && PLACEHOLDERS.includes(keys[0])) {
    return `(${keys[0]} ${JSON.stringify(value[keys[0]])})`;
  }
  return Object.fromEntries(
    keys.map(key => [key, withPlaceholdersResolved(value[key])]),
  );
}

/** A parsed catalog document, or why it could not be parsed. */
export interface CatalogDocument {
  index: number;
  entity?: Entity;
  problem?: string;
}

/** Parses the documents of a catalog-info file without validating them. */
export function parseCatalogDocuments(yamlText: string): CatalogDocument[] {
  return parseAllDocuments(yamlText).flatMap(
    (doc, index): CatalogDocument[] => {
      if (doc.errors.length > 0) {
        return [{ index, problem: `invalid YAML: ${doc.errors[0].message}` }];
      }
      const value = doc.toJS();
      if (value === null || value === undefined) {
        return [];
      }
      return isJsonObject(value)
        ? [{ index, entity: value as unknown as Entity }]
        : [{ index, problem: 'is not a YAML mapping' }];
    },
  );
}

const refOf = (entity: Entity) =>
  `${String(entity.kind).toLocaleLowerCase('en-US')}:${
    entity.metadata?.namespace ?? 'default'
  }/${entity.metadata?.name}`;

/**
 * Validates the entities of a catalog-info file the way the catalog would.
 *
 * @param yamlText - the file's content (one or more YAML documents)
 * @param fileName - named in the findings
 * @returns `catalog-entity-valid` findings naming the file and document index; empty when valid
 * @public
 */
export async function validateCatalogInfo(
  yamlText: string,
  fileName: string,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { index, entity, problem } of parseCatalogDocuments(yamlText)) {
    const report = (message: string) =>
      findings.push({
        id: 'catalog-entity-valid',
        severity: 'error',
        message,
        object: entity ? refOf(entity) : undefined,
        source: fileName,
        index,
      });
    if (!entity) {
      report(`document ${problem}`);
      continue;
    }
    try {
      const resolved = withPlaceholdersResolved(entity) as Entity;
      const normalized = (await envelopePolicy.enforce(resolved)) ?? resolved;
      let recognised = false;
      for (const validator of kindValidators) {
        recognised = (await validator.check(normalized)) || recognised;
      }
      if (!recognised) {
        report(
          `unknown kind ${JSON.stringify(
            entity.kind,
          )} for apiVersion ${JSON.stringify(entity.apiVersion)}`,
        );
      }
    } catch (error) {
      report((error as Error).message);
    }
  }
  return findings;
}
