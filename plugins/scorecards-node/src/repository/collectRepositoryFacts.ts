import fs from 'node:fs/promises';
import path from 'node:path';
import {
  checkManifestDirectory,
  checkPipelineReferences,
  parsePipelines,
} from '@conway/golden-path';
import type {
  ProblemsFact,
  RepositoryFacts,
  UnknownFact,
} from '@conway/plugin-scorecards-common';
import { dockerfileUser } from './dockerfileUser';
import {
  contentKey,
  ManifestCheckCache,
  withName,
  withoutName,
} from './manifestCache';
import { listFiles } from './listFiles';

/** Options of {@link collectRepositoryFacts}. @public */
export interface CollectRepositoryFactsOptions {
  /** kubectl for `kubectl kustomize`; `kubectl` on PATH by default. */
  kubectl?: string;
  /** Overlays checked (names under k8s/overlays); all of them by default. */
  overlays?: string[];
  /**
   * Policy results by content hash of the manifests: rendering with kubectl is
   * what a fleet run spends its time on, and manifests rarely change.
   */
  manifestCache?: ManifestCheckCache;
  /**
   * The service's name (its Component's `metadata.name`): cached policy results
   * are shared between services whose manifests differ only in it.
   */
  serviceName?: string;
}

const LOCKFILES = [
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'npm-shrinkwrap.json',
  'bun.lockb',
  'go.sum',
  'Cargo.lock',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'Gemfile.lock',
  'composer.lock',
];
const TEST_FILE = /(^|\/)(test|tests|__tests__)\/.+\.\w+$|\.(test|spec)\.\w+$/;
const ALERT_FILE = /^(observability|monitoring|alerts)\/.*alert[^/]*\.ya?ml$/;
const DASHBOARD_FILE = /^(observability|monitoring|dashboards)\/.*\.json$/;
const PIPELINE_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$|^\.gitlab-ci\.yml$/;
const KUSTOMIZATION =
  /^k8s\/overlays\/([^/]+)\/(kustomization\.ya?ml|Kustomization)$/;

const message = (error: unknown) =>
  (error as Error)?.message?.split('\n')[0] ?? String(error);

async function manifestFacts(
  dir: string,
  files: string[],
  options: CollectRepositoryFactsOptions,
): Promise<ProblemsFact | UnknownFact | undefined> {
  const manifestFiles = files.filter(
    f => f.startsWith('k8s/') && /\.ya?ml$|Kustomization$/.test(f),
  );
  if (manifestFiles.length === 0) return undefined;
  let units = files
    .flatMap(f => KUSTOMIZATION.exec(f)?.[1] ?? [])
    .map(o => `k8s/overlays/${o}`);
  if (options.overlays) {
    units = units.filter(u =>
      options.overlays!.includes(path.posix.basename(u)),
    );
  }
  if (units.length === 0) units = ['k8s'];
  const catalogInfo = files.includes('catalog-info.yaml')
    ? path.join(dir, 'catalog-info.yaml')
    : undefined;
  const cache = options.manifestCache;
  const key = cache
    ? await contentKey(
        dir,
        [...manifestFiles, ...(catalogInfo ? ['catalog-info.yaml'] : [])],
        [...units, options.kubectl ?? 'kubectl'],
        options.serviceName,
      )
    : undefined;
  const cached = key ? cache!.get(key) : undefined;
  if (cached) return withName(cached, options.serviceName);
  const problems: string[] = [];
  const skipped = new Set<string>();
  try {
    for (const unit of units) {
      const report = await checkManifestDirectory(path.join(dir, unit), {
        catalogInfo,
        kubectl: options.kubectl,
      });
      for (const finding of report.findings) {
        if (finding.severity === 'error')
          problems.push(`${unit}: ${finding.message}`);
      }
      report.skipped.forEach(s => skipped.add(s));
    }
  } catch (error) {
    // Not cached: a failure to run the checker (kubectl crashed, a file vanished) may not repeat.
    return { unknown: `policy check failed: ${message(error)}` };
  }
  const fact = { files: units, problems, skipped: [...skipped] };
  if (key) {
    cache!.set(key, {
      files: fact.files,
      problems: fact.problems.map(p => withoutName(p, options.serviceName)),
      skipped: fact.skipped.map(p => withoutName(p, options.serviceName)),
    });
  }
  return fact;
}

function pipelineFacts(dir: string, files: string[]): ProblemsFact | undefined {
  const pipelineFiles = files.filter(f => PIPELINE_FILE.test(f));
  if (pipelineFiles.length === 0) return undefined;
  try {
    if (parsePipelines(dir).length === 0) {
      return {
        files: pipelineFiles,
        problems: ['the pipeline files define no job'],
      };
    }
    const problems = checkPipelineReferences(dir)
      .filter(f => f.severity === 'error')
      .map(f => f.message);
    return { files: pipelineFiles, problems };
  } catch (error) {
    // A pipeline file that cannot be parsed is an invalid pipeline: a failure, not an unknown.
    return { files: pipelineFiles, problems: [message(error)] };
  }
}

async function prometheusRuleFiles(
  dir: string,
  files: string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const file of files.filter(
    f => f.startsWith('k8s/') && /\.ya?ml$/.test(f),
  )) {
    const text = await fs
      .readFile(path.join(dir, file), 'utf8')
      .catch(() => '');
    if (/^kind:\s*PrometheusRule\s*$/m.test(text)) found.push(file);
  }
  return found;
}

/**
 * Collects the repository facts of one service from its directory.
 *
 * @returns the facts, or an {@link @conway/plugin-scorecards-common#UnknownFact}
 *   with the reason when the directory cannot be read, so that no check on it
 *   can pass
 * @public
 */
export async function collectRepositoryFacts(
  dir: string,
  options: CollectRepositoryFactsOptions = {},
): Promise<RepositoryFacts | UnknownFact> {
  let files: string[];
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) return { unknown: `'${dir}' is not a directory` };
    files = await listFiles(dir);
  } catch (error) {
    return { unknown: message(error) };
  }
  const testFiles = files.filter(f => TEST_FILE.test(f));
  const dockerfileName = files.includes('Dockerfile')
    ? 'Dockerfile'
    : undefined;
  let dockerfile: RepositoryFacts['dockerfile'];
  if (dockerfileName) {
    const text = await fs
      .readFile(path.join(dir, dockerfileName), 'utf8')
      .catch(() => undefined);
    if (text === undefined)
      return { unknown: `${dockerfileName} could not be read` };
    dockerfile = { file: dockerfileName, user: dockerfileUser(text) };
  }
  return {
    manifests: await manifestFacts(dir, files, options),
    pipeline: pipelineFacts(dir, files),
    testFiles: testFiles.slice(0, 5),
    testFileCount: testFiles.length,
    lockfile: LOCKFILES.find(l => files.includes(l)),
    dockerfile,
    alertFiles: [
      ...files.filter(f => ALERT_FILE.test(f)),
      ...(await prometheusRuleFiles(dir, files)),
    ],
    dashboardFiles: files.filter(f => DASHBOARD_FILE.test(f)),
  };
}
