import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkProject,
  formatReport,
  PipelineFileError,
  ProjectFileError,
  type ProjectReport,
} from '@conway/golden-path';
import { examples } from './validate.examples';

/**
 * Options for {@link createValidateGoldenPathAction}.
 *
 * @public
 */
export interface ValidateGoldenPathActionOptions {
  /** kubectl executable for rendering kustomize overlays; default `kubectl` on PATH. */
  kubectl?: string;
}

/**
 * Creates `golden-path:validate`: checks the Kubernetes manifests (every
 * kustomize overlay, rendered) against their schemas and Conway's policies, and
 * the catalog-info.yaml the way the catalog would, and fails the task with a
 * report when any check finds an error.
 *
 * @public
 */
export function createValidateGoldenPathAction(
  options: ValidateGoldenPathActionOptions = {},
) {
  return createTemplateAction({
    id: 'golden-path:validate',
    description:
      "Checks a rendered project's Kubernetes manifests (schemas and policies, kustomize overlays rendered), its catalog-info.yaml and that its pipelines refer only to what it has; fails on any error finding.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Project directory inside the workspace. Default: the workspace itself.',
            ),
        manifestsPath: z =>
          z
            .string()
            .optional()
            .describe(
              "Manifests directory relative to the project; each subdirectory of its overlays/ is rendered with kustomize and checked. Default: 'k8s'.",
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              "Catalog file relative to the project. Default: 'catalog-info.yaml'.",
            ),
      },
      output: {
        errors: z =>
          z.number().describe('Error findings (0, or the task fails)'),
        warnings: z => z.number().describe('Warning findings'),
        objects: z =>
          z.number().describe('Kubernetes objects checked over all overlays'),
      },
    },
    async handler(ctx) {
      const inWorkspace = (rel: string, label: string) => {
        try {
          return resolveSafeChildPath(ctx.workspacePath, rel);
        } catch {
          throw new InputError(
            `${label} '${rel}' must stay inside the workspace`,
          );
        }
      };
      const project = inWorkspace(ctx.input.path ?? '.', 'path');
      const manifestsRel = ctx.input.manifestsPath ?? 'k8s';
      const catalogRel = ctx.input.catalogInfoPath ?? 'catalog-info.yaml';
      // Also checked here against the workspace, so the message names the input.
      inWorkspace(
        path.join(ctx.input.path ?? '.', manifestsRel),
        'manifestsPath',
      );
      inWorkspace(
        path.join(ctx.input.path ?? '.', catalogRel),
        'catalogInfoPath',
      );

      let report: ProjectReport;
      try {
        report = await checkProject(project, {
          manifestsPath: manifestsRel,
          catalogInfoPath: catalogRel,
          kubectl: options.kubectl,
        });
      } catch (error) {
        // A missing file, or a pipeline file that cannot be read: the project is not valid.
        if (
          error instanceof ProjectFileError ||
          error instanceof PipelineFileError
        ) {
          throw new InputError(error.message);
        }
        throw error;
      }
      const { findings, objects, skipped, units } = report;

      const text = formatReport(
        { findings, objects, skipped },
        { relativeTo: project },
      );
      const errors = findings.filter(f => f.severity === 'error').length;
      const warnings = findings.length - errors;
      const checked = `${catalogRel}, the pipelines and ${units
        .map(u => path.relative(project, u))
        .join(', ')}`;
      if (errors > 0) {
        throw new InputError(
          `golden-path:validate found ${errors} error(s) in ${checked}:\n${text}`,
        );
      }
      ctx.logger.info(`Checked ${checked}:\n${text}`);
      for (const reason of skipped) {
        ctx.logger.warn(`Skipped: ${reason}`);
      }
      ctx.output('errors', errors);
      ctx.output('warnings', warnings);
      ctx.output('objects', objects.length);
    },
  });
}
