import fs from 'node:fs/promises';
import path from 'node:path';
import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkManifestDirectory, formatReport } from '@conway/golden-path';
import {
  KubeObject,
  KubernetesClusterClient,
  KubernetesClusterConfig,
  readKubernetesClusters,
} from '@conway/kubernetes-clusters';
import {
  AppliedObject,
  applyPlanned,
  planApply,
  predicted,
} from '../services/applyManifests';
import { examples } from './apply.examples';

/** Options for {@link createKubernetesApplyAction}. @public */
export interface KubernetesApplyActionOptions {
  /** Root config: the clusters are read from `kubernetes.clusterLocatorMethods` on every run. */
  config: Config;
  /** Backend logger, for an audit line per apply. */
  logger: LoggerService;
  /** kubectl executable for rendering kustomizations; default `kubectl` on PATH. */
  kubectl?: string;
  /** Time limit of each request to the cluster. Default 30 s. */
  requestTimeoutMs?: number;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function chooseCluster(
  clusters: KubernetesClusterConfig[],
  name: string | undefined,
): KubernetesClusterConfig | undefined {
  const names = clusters.map(c => `'${c.name}'`).join(', ') || 'none';
  if (name !== undefined) {
    const cluster = clusters.find(c => c.name === name);
    if (!cluster) {
      throw new InputError(
        `No Kubernetes cluster named '${name}' in kubernetes.clusterLocatorMethods (configured: ${names})`,
      );
    }
    return cluster;
  }
  if (clusters.length > 1) {
    throw new InputError(
      `Several Kubernetes clusters are configured (${names}): name one in the 'cluster' input`,
    );
  }
  return clusters[0];
}

/**
 * Creates `kubernetes:apply`: checks rendered manifests against Conway's
 * policies, then applies them to a cluster of app-config with server-side
 * apply through `@kubernetes/client-node`, logging each object. Every object
 * is first checked with a server-side dry run, so a rejection fails the task
 * before anything is written; a failure during the apply itself fails the task
 * with what was and was not applied. Without a configured cluster it applies
 * nothing and says so.
 *
 * @public
 */
export function createKubernetesApplyAction(
  options: KubernetesApplyActionOptions,
) {
  const { config, logger } = options;
  return createTemplateAction({
    id: 'kubernetes:apply',
    description:
      "Checks rendered Kubernetes manifests against Conway's policies, then applies them to a cluster from app-config with server-side apply (a dry run first, so a rejected object fails the task before anything is written). Does nothing when no cluster is configured.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .min(1)
            .describe(
              "Directory in the workspace with the manifests: a kustomization (rendered with 'kubectl kustomize', e.g. 'k8s/overlays/dev') or plain YAML files.",
            ),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              "Name of the cluster in app-config (kubernetes.clusterLocatorMethods, type config: clusters[].name; 'local' for a localKubectlProxy locator). Default: the only configured cluster; with none configured the step applies nothing.",
            ),
        namespace: z =>
          z
            .string()
            .regex(DNS1123_LABEL, 'must be a DNS-1123 label, e.g. orders-dev')
            .max(63)
            .optional()
            .describe(
              "Namespace set on every namespaced object, replacing the manifests' own. Default: each object's namespace, else 'default'. The namespace must exist.",
            ),
        dryRun: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Server-side dry run only (dryRun=All): the cluster validates and admits every object but stores nothing. Default false; always true in a template dry run.',
            ),
        fieldManager: z =>
          z
            .string()
            .min(1)
            .max(128)
            .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
            .optional()
            .describe(
              "Field manager of the server-side apply: the owner of the fields it sets, so later applies by other tools conflict instead of silently overwriting. Default 'conway'.",
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              "Catalog file in the workspace whose backstage.io/kubernetes-id the manifests' labels must match. Default: 'catalog-info.yaml' when the workspace has one.",
            ),
      },
      output: {
        cluster: z =>
          z
            .string()
            .optional()
            .describe('The cluster applied to; absent when none is configured'),
        skipped: z =>
          z
            .boolean()
            .describe(
              'True when no cluster is configured and nothing was applied',
            ),
        dryRun: z =>
          z.boolean().describe('Whether this was a server-side dry run'),
        objects: z =>
          z
            .array(
              z.object({
                apiVersion: z.string(),
                kind: z.string(),
                name: z.string(),
                namespace: z.string().optional(),
                result: z.enum(['created', 'configured', 'unchanged']),
              }),
            )
            .describe(
              'Each object in apply order and what happened to it (in a dry run: what would)',
            ),
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
      const manifestsDir = inWorkspace(ctx.input.path, 'path');
      const stat = await fs.stat(manifestsDir).catch(() => undefined);
      if (!stat?.isDirectory()) {
        throw new InputError(
          `No manifests directory '${ctx.input.path}' in the workspace`,
        );
      }
      let catalogInfo: string | undefined;
      if (ctx.input.catalogInfoPath !== undefined) {
        catalogInfo = inWorkspace(ctx.input.catalogInfoPath, 'catalogInfoPath');
        if (!(await fs.stat(catalogInfo).catch(() => undefined))) {
          throw new InputError(
            `No catalog file '${ctx.input.catalogInfoPath}' in the workspace`,
          );
        }
      } else {
        const fallback = path.join(ctx.workspacePath, 'catalog-info.yaml');
        catalogInfo = (await fs.stat(fallback).catch(() => undefined))
          ? fallback
          : undefined;
      }
      const fieldManager = ctx.input.fieldManager ?? 'conway';
      const dryRun = Boolean(ctx.input.dryRun || ctx.isDryRun);

      // 1. Policy: nothing reaches a cluster that the golden path would refuse.
      const report = await checkManifestDirectory(manifestsDir, {
        ...(catalogInfo ? { catalogInfo } : {}),
        ...(options.kubectl ? { kubectl: options.kubectl } : {}),
      });
      const text = formatReport(report, { relativeTo: ctx.workspacePath });
      if (report.skipped.length) {
        throw new InputError(
          `Refusing to apply '${
            ctx.input.path
          }': it could not be rendered as the cluster would receive it (${report.skipped.join(
            '; ',
          )})`,
        );
      }
      const errors = report.findings.filter(f => f.severity === 'error').length;
      if (errors > 0) {
        throw new InputError(
          `Refusing to apply '${ctx.input.path}': the policy check found ${errors} error(s):\n${text}`,
        );
      }
      ctx.logger.info(`Policy check of ${ctx.input.path}:\n${text}`);

      // 2. Cluster
      const cluster = chooseCluster(
        readKubernetesClusters(config),
        ctx.input.cluster,
      );
      if (!cluster) {
        ctx.logger.warn(
          'No Kubernetes cluster is configured (kubernetes.clusterLocatorMethods in app-config), so nothing was applied. See the README, "Kubernetes", to add one.',
        );
        ctx.output('skipped', true);
        ctx.output('dryRun', dryRun);
        ctx.output('objects', []);
        return;
      }
      const client = await KubernetesClusterClient.create(cluster, {
        requestTimeoutMs: options.requestTimeoutMs,
      });
      const objects = report.objects.map(
        o => o.object as unknown as KubeObject,
      );
      ctx.logger.info(
        `${dryRun ? 'Dry run: checking' : 'Applying'} ${
          objects.length
        } object(s) on cluster '${cluster.name}' (${cluster.url})${
          ctx.input.namespace ? ` in namespace '${ctx.input.namespace}'` : ''
        } with server-side apply, field manager '${fieldManager}'. Every object is first checked with a server-side dry run.`,
      );

      // 3. Plan: discovery and a dry run of everything before any write.
      let planned;
      try {
        planned = await planApply({
          client,
          objects,
          namespace: ctx.input.namespace,
          fieldManager,
        });
      } catch (error) {
        throw new Error(`Nothing was applied: ${(error as Error).message}`, {
          cause: error,
        });
      }

      if (dryRun) {
        for (const p of planned) {
          ctx.logger.info(`  would be ${p.predicted.padEnd(10)} ${p.label}`);
        }
        const result = predicted(planned);
        ctx.logger.info(
          `Dry run on cluster '${cluster.name}': the cluster accepted all ${
            planned.length
          } object(s); nothing was stored. ${counts(result)}`,
        );
        ctx.output('cluster', cluster.name);
        ctx.output('skipped', false);
        ctx.output('dryRun', true);
        ctx.output('objects', result);
        return;
      }

      // 4. Apply, object by object.
      const applied = await applyPlanned({
        client,
        planned,
        fieldManager,
        signal: ctx.signal,
        checkpoint: (key, fn) =>
          ctx.checkpoint<AppliedObject>({ key: `kubernetes-apply/${key}`, fn }),
        onApplied: (plan, result) =>
          ctx.logger.info(`  ${result.result.padEnd(10)} ${plan.label}`),
      }).catch(error => {
        ctx.logger.error(error.message);
        throw error;
      });
      ctx.logger.info(
        `Applied ${applied.length} object(s) to cluster '${
          cluster.name
        }': ${counts(applied)}`,
      );
      logger.info(
        `kubernetes:apply task ${ctx.task.id} applied ${
          applied.length
        } object(s) of ${ctx.input.path} to cluster '${
          cluster.name
        }' as '${fieldManager}' (${counts(applied)})`,
      );
      ctx.output('cluster', cluster.name);
      ctx.output('skipped', false);
      ctx.output('dryRun', false);
      ctx.output('objects', applied);
    },
  });
}

function counts(objects: AppliedObject[]): string {
  const n = (r: string) => objects.filter(o => o.result === r).length;
  return `${n('created')} created, ${n('configured')} configured, ${n(
    'unchanged',
  )} unchanged.`;
}
