import fs from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { buildAnswerSchema, TemplateParameters } from '../answers/answerSchema';
import { compileAnswerSchema } from '../answers/validateAnswers';
import { TemplateLoadError } from '../errors';
import { isJsonObject, JsonObject } from '../types';
import { listSkeletonFiles } from './listSkeletonFiles';
import type { GoldenPathTemplate } from './types';

/** Annotation on the Template entity that holds the template's semver version. @public */
export const TEMPLATE_VERSION_ANNOTATION = 'conway.dev/template-version';

// semver.org's recommended pattern.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

async function readEntity(file: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new TemplateLoadError(
      `Cannot read template file '${file}': ${error}`,
    );
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new TemplateLoadError(
      `Invalid YAML in '${file}': ${doc.errors[0].message}`,
    );
  }
  const entity = doc.toJS();
  if (!isJsonObject(entity)) {
    throw new TemplateLoadError(`'${file}' must contain a YAML mapping`);
  }
  return entity;
}

function requireThat(condition: boolean, file: string, problem: string) {
  if (!condition) {
    throw new TemplateLoadError(`Invalid template '${file}': ${problem}`);
  }
}

/**
 * Loads and validates a golden-path template directory.
 *
 * @param dir - a directory holding `template.yaml` (a `scaffolder.backstage.io/v1beta3`
 *   Template whose `conway.dev/template-version` annotation is a semver version) and `skeleton/`
 * @throws TemplateLoadError naming the offending file
 * @public
 */
export async function loadTemplate(dir: string): Promise<GoldenPathTemplate> {
  const templateDir = path.resolve(dir);
  const file = path.join(templateDir, 'template.yaml');
  const entity = await readEntity(file);

  requireThat(
    entity.apiVersion === 'scaffolder.backstage.io/v1beta3' &&
      entity.kind === 'Template',
    file,
    'expected apiVersion scaffolder.backstage.io/v1beta3 and kind Template',
  );
  try {
    await entityPolicy.enforce(entity as unknown as Entity);
  } catch (error) {
    throw new TemplateLoadError(
      `Invalid template '${file}': ${(error as Error).message}`,
    );
  }
  const metadata = entity.metadata as JsonObject;
  const annotations = isJsonObject(metadata.annotations)
    ? metadata.annotations
    : {};
  const version = annotations[TEMPLATE_VERSION_ANNOTATION];
  requireThat(
    typeof version === 'string' && SEMVER.test(version),
    file,
    `metadata.annotations['${TEMPLATE_VERSION_ANNOTATION}'] must be a semver version such as 1.0.0, got ${JSON.stringify(
      version ?? null,
    )}`,
  );
  const spec = isJsonObject(entity.spec) ? entity.spec : {};
  const parameters = (spec.parameters ?? []) as TemplateParameters;
  let answerSchema;
  try {
    answerSchema = buildAnswerSchema(parameters);
    compileAnswerSchema(answerSchema);
  } catch (error) {
    throw new TemplateLoadError(
      `Invalid spec.parameters in '${file}': ${(error as Error).message}`,
    );
  }

  const skeletonDir = path.join(templateDir, 'skeleton');
  const stat = await fs.stat(skeletonDir).catch(() => undefined);
  requireThat(
    stat?.isDirectory() === true,
    file,
    `the template has no skeleton directory '${skeletonDir}'`,
  );

  const name = metadata.name as string;
  return {
    dir: templateDir,
    name,
    title: typeof metadata.title === 'string' ? metadata.title : name,
    version: version as string,
    entity,
    answerSchema,
    parameters,
    skeletonDir,
    skeletonFiles: await listSkeletonFiles(skeletonDir),
  };
}
