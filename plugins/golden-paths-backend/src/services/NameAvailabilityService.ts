import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AnswerPropertySchema,
  AnswerValidationError,
  buildAnswerSchema,
  TemplateParameters,
  validateAnswers,
} from '@conway/golden-path';
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import { explainPatternProblem } from './explainPattern';

/** Whether a name can be used for a new service, and if not, why. */
export interface NameAvailability {
  available: boolean;
  /** A sentence for the form, present when not available. */
  reason?: string;
}

/** Options of {@link NameAvailabilityService.create}. */
export interface NameAvailabilityServiceOptions {
  catalog: CatalogService;
  repositories: LocalRepositories;
}

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
];

const derive = (field: string, format: string, value: string) =>
  format.split(`<${field}>`).join(value);

/**
 * Answers whether the name typed into a golden path's form would be accepted
 * when the task runs: the template's own rules for the parameter (pattern,
 * length, the names the skeleton derives from it, as `@conway/golden-path`
 * checks them), then whether the catalog or the local repositories already
 * have it.
 */
export class NameAvailabilityService {
  static create(options: NameAvailabilityServiceOptions) {
    return new NameAvailabilityService(options);
  }

  private constructor(
    private readonly options: NameAvailabilityServiceOptions,
  ) {}

  /**
   * @throws NotFoundError when the template does not exist, InputError when it
   * has no such parameter
   */
  async check(
    request: { template: string; field: string; value: string },
    credentials: BackstageCredentials,
  ): Promise<NameAvailability> {
    const { template, field, value } = request;
    const property = await this.parameterOf(template, field, credentials);
    const problem =
      this.ruleProblem(template, field, value, property) ??
      (await this.catalogProblem(field, value, property, credentials)) ??
      (await this.repositoryProblem(value));
    return problem
      ? { available: false, reason: problem }
      : { available: true };
  }

  private async parameterOf(
    template: string,
    field: string,
    credentials: BackstageCredentials,
  ): Promise<AnswerPropertySchema> {
    const templateRef = `template:default/${template}`;
    const entity = await this.options.catalog.getEntityByRef(templateRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No template found with name '${template}'`);
    }
    const schema = buildAnswerSchema(
      entity.spec?.parameters as TemplateParameters | undefined,
    );
    if (!Object.hasOwn(schema.properties, field)) {
      throw new InputError(
        `Template '${template}' has no parameter '${field}'`,
      );
    }
    return schema.properties[field];
  }

  /** The template's rules, in words; the pattern explained rather than quoted. */
  private ruleProblem(
    template: string,
    field: string,
    value: string,
    property: AnswerPropertySchema,
  ): string | undefined {
    if (value.trim() === '') {
      return `Enter a ${(property.title ?? field).toLocaleLowerCase('en-US')}`;
    }
    if (property.pattern) {
      const problem = explainPatternProblem(value, property.pattern);
      if (problem) return problem;
    }
    // The library's length and derived-name checks, without the pattern
    // (explained above) and without title and help (the form shows those).
    const { pattern, title, description, 'x-help': help, ...rules } = property;
    try {
      validateAnswers(
        {
          name: template,
          answerSchema: {
            type: 'object',
            properties: { [field]: rules },
            required: [field],
            additionalProperties: false,
          },
        },
        { [field]: value },
      );
      return undefined;
    } catch (error) {
      if (error instanceof AnswerValidationError) {
        const message = error.errors.map(e => e.message).join('; ');
        return message.startsWith("'") ? message : `'${value}' ${message}`;
      }
      throw error;
    }
  }

  /** An entity already named like the service or an entity it would add. */
  private async catalogProblem(
    field: string,
    value: string,
    property: AnswerPropertySchema,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const names = new Set([value]);
    for (const derived of property['x-derived-names'] ?? []) {
      if (/entity/i.test(derived.title)) {
        names.add(derive(field, derived.format, value));
      }
    }
    const { items } = await this.options.catalog.getEntities(
      { filter: { 'metadata.name': [...names] }, fields: ENTITY_FIELDS },
      { credentials },
    );
    const taken = items.find(e => e.metadata.name === value) ?? items[0];
    if (!taken) {
      return undefined;
    }
    const described = describe(taken);
    return taken.metadata.name.toLocaleLowerCase('en-US') ===
      value.toLocaleLowerCase('en-US')
      ? `'${value}' is taken: the catalog already has ${described}`
      : `'${value}' would add '${taken.metadata.name}', which the catalog already has: ${described}`;
  }

  private async repositoryProblem(value: string): Promise<string | undefined> {
    const { repositories } = this.options;
    try {
      if (await repositories.exists(value)) {
        return `'${value}' is taken: a repository with that name already exists at ${repositories.pathOf(
          value,
        )}`;
      }
    } catch (error) {
      // No directory configured: services are published to a Git host.
      if (!(error instanceof InputError)) throw error;
    }
    return undefined;
  }
}

function describe(entity: Entity): string {
  const ref = stringifyEntityRef(entity);
  return entity.metadata.title ? `${entity.metadata.title} (${ref})` : ref;
}
