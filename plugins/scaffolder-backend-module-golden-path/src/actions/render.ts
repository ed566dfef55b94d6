import {
  AuthService,
  PermissionsService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AnswerValidationError,
  Answers,
  GoldenPathTemplate,
  loadTemplate,
  renderToDirectory,
  TemplateLoadError,
  validateAnswers,
  WriteError,
} from '@conway/golden-path';
import { resolveTemplateDirectory } from '@conway/plugin-golden-paths-node';
import { OwnerMembershipService } from '../services/OwnerMembershipService';
import { examples } from './render.examples';

/**
 * Options for {@link createRenderGoldenPathAction}.
 *
 * @public
 */
export interface RenderGoldenPathActionOptions {
  catalog: CatalogService;
  auth: AuthService;
  /** Decides `golden-path.scaffold.any-owner` for users who pick a team they are not in. */
  permissions: PermissionsService;
  /** Absolute directories an explicit `templateDir` input may point into. */
  goldenPathDirectories: string[];
}

/** Answers that must name an existing catalog entity of one kind. */
const CATALOG_REFS = [
  { field: 'owner', kind: 'Group' },
  { field: 'system', kind: 'System' },
] as const;

function toInputError(template: GoldenPathTemplate, error: unknown): never {
  if (error instanceof AnswerValidationError) {
    throw new InputError(
      `Invalid values for template '${template.name}':\n${error.errors
        .map(e => `  - ${e.field}: ${e.message}`)
        .join('\n')}`,
    );
  }
  throw error;
}

/**
 * Creates `golden-path:render`: validates the answers of a golden-path
 * template with `@conway/golden-path`, checks that the owner and system exist
 * in the catalog, and renders the template's skeleton into the workspace.
 *
 * @public
 */
export function createRenderGoldenPathAction(
  options: RenderGoldenPathActionOptions,
) {
  const { catalog, auth, permissions, goldenPathDirectories } = options;
  const ownerMembership = OwnerMembershipService.create({
    catalog,
    auth,
    permissions,
  });

  async function checkCatalogRefs(answers: Answers) {
    const credentials = await auth.getOwnServiceCredentials();
    const problems: string[] = [];
    for (const { field, kind } of CATALOG_REFS) {
      const value = answers[field];
      if (typeof value !== 'string') {
        continue;
      }
      const ref = parseEntityRef(value);
      if (
        ref.kind.toLocaleLowerCase('en-US') !== kind.toLocaleLowerCase('en-US')
      ) {
        problems.push(`${field}: '${value}' is not a ${kind}`);
        continue;
      }
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) {
        problems.push(
          `${field}: ${kind} '${stringifyEntityRef(
            ref,
          )}' was not found in the catalog`,
        );
      }
    }
    const componentRef = `component:default/${answers.name}`;
    if (await catalog.getEntityByRef(componentRef, { credentials })) {
      problems.push(
        `name: '${componentRef}' already exists in the catalog; choose another name`,
      );
    }
    return { componentRef, problems };
  }

  return createTemplateAction({
    id: 'golden-path:render',
    description:
      "Validates the answers of a Conway golden-path template and renders its skeleton into the workspace with @conway/golden-path, the same renderer as 'yo conway'.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        values: z =>
          z
            .record(z.any())
            .describe(
              "The template's parameters, usually ${{ parameters }}. Validated against the template's parameter schema; owner and system must exist in the catalog, and the owner must be a team the user belongs to (or a group above it) unless they hold golden-path.scaffold.any-owner.",
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace to render into; must be empty. Default: the workspace itself.',
            ),
        templateDir: z =>
          z
            .string()
            .optional()
            .describe(
              "Template directory (holding template.yaml and skeleton/) inside one of conway.goldenPaths.directories. Default: the directory of the running template's file location.",
            ),
      },
      output: {
        files: z => z.number().describe('Number of files written'),
        templateVersion: z =>
          z
            .string()
            .describe('Semver version of the template that was rendered'),
        entityRef: z =>
          z
            .string()
            .describe(
              'Ref of the component the rendered catalog-info.yaml declares',
            ),
      },
    },
    async handler(ctx) {
      const templateDir = await resolveTemplateDirectory({
        baseUrl: ctx.templateInfo?.baseUrl,
        templateRef: ctx.templateInfo?.entityRef,
        templateDir: ctx.input.templateDir,
        allowedDirectories: goldenPathDirectories,
      });
      let template: GoldenPathTemplate;
      try {
        template = await loadTemplate(templateDir);
      } catch (error) {
        if (error instanceof TemplateLoadError) {
          throw new InputError(error.message);
        }
        throw error;
      }

      let answers: Answers;
      try {
        answers = validateAnswers(template, ctx.input.values);
      } catch (error) {
        toInputError(template, error);
      }
      const { componentRef: entityRef, problems } = await checkCatalogRefs(
        answers,
      );
      const ownerFound =
        typeof answers.owner === 'string' &&
        !problems.some(p => p.startsWith('owner:'));
      if (ownerFound && ctx.isDryRun) {
        // A dry run publishes and registers nothing; the template editor uses it.
        ctx.logger.info(
          'Dry run: owner membership is checked when the task runs for real',
        );
      } else if (ownerFound) {
        const ownerRef = stringifyEntityRef(
          parseEntityRef(answers.owner as string),
        );
        const problem = await ownerMembership.checkOwner(
          ownerRef,
          await ctx.getInitiatorCredentials(),
          ctx.logger,
        );
        if (problem) problems.push(problem);
      }
      if (problems.length > 0) {
        throw new InputError(
          `Invalid values:\n${problems.map(p => `  - ${p}`).join('\n')}`,
        );
      }

      let target: string;
      try {
        target = resolveSafeChildPath(
          ctx.workspacePath,
          ctx.input.targetPath ?? '.',
        );
      } catch {
        throw new InputError(
          `targetPath '${ctx.input.targetPath}' must stay inside the workspace`,
        );
      }

      let files: string[];
      try {
        ({ files } = await renderToDirectory(template, answers, target));
      } catch (error) {
        if (error instanceof WriteError) {
          throw new InputError(error.message);
        }
        toInputError(template, error);
      }

      ctx.logger.info(
        `Rendered ${template.name}@${
          template.version
        } for ${entityRef} (owner ${answers.owner}${
          answers.system ? `, system ${answers.system}` : ''
        }): ${files.length} files into ${
          ctx.input.targetPath ?? 'the workspace'
        }`,
      );
      ctx.output('files', files.length);
      ctx.output('templateVersion', template.version);
      ctx.output('entityRef', entityRef);
    },
  });
}
