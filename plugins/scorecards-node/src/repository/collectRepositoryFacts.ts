import fs from 'node:fs/promises';
import path from 'node:path';
import {
  checkManifestDirectory,
  checkPipelineReferences,
  parsePipelines,
} from '@conway/golden-path';
import {
  isUnknown,
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

/** Reads repository files as text, each at most once per collection. */
class FileTexts {
  private texts = new Map<string, Promise<string>>();
  constructor(private readonly dir: string) {}
  read(file: string): Promise<string> {
    let text = this.texts.get(file);
    if (!text) {
      text = fs.readFile(path.join(this.dir, file), 'utf8');
      this.texts.set(file, text);
    }
    return text;
  }
  async entries(files: string[]): Promise<Array<[string, string]>> {
    return Promise.all(
      files.map(async f => [f, await this.read(f)] as [string, string]),
    );
  }
}

type Normalized = ProblemsFact | UnknownFact;

/** Computations under way per cache, so services sharing a key that start together wait for one. */
const IN_FLIGHT = new WeakMap<
  ManifestCheckCache,
  Map<string, Promise<Normalized>>
>();

/**
 * Runs `compute` once per content key when a cache is given. Results are
 * kept without the service's name and given back with the caller's; an
 * unknown is not kept, as a failure to run a checker (kubectl crashed, a file
 * vanished) may not repeat.
 */
async function cached(
  options: CollectRepositoryFactsOptions,
  key: () => Promise<string>,
  compute: () => Promise<ProblemsFact | UnknownFact>,
): Promise<ProblemsFact | UnknownFact> {
  const cache = options.manifestCache;
  if (!cache) return compute();
  const name = options.serviceName;
  const k = await key();
  const hit = cache.get(k);
  if (hit) return withName(hit, name);
  let inFlight = IN_FLIGHT.get(cache);
  if (!inFlight) {
    inFlight = new Map();
    IN_FLIGHT.set(cache, inFlight);
  }
  let pending = inFlight.get(k);
  if (!pending) {
    pending = compute()
      .then((fact): Normalized => {
        if (isUnknown(fact)) return fact;
        const normalized = {
          files: fact.files,
          problems: fact.problems.map(p => withoutName(p, name)),
          skipped: fact.skipped?.map(p => withoutName(p, name)),
        };
        cache.set(k, normalized);
        return normalized;
      })
      .finally(() => inFlight!.delete(k));
    inFlight.set(k, pending);
  }
  const fact = await pending;
  return isUnknown(fact) ? fact : withName(fact, name);
}

async function manifestFacts(
  dir: string,
  files: string[],
  texts: FileTexts,
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
  const hasCatalogInfo = files.includes('catalog-info.yaml');
  const catalogInfo = hasCatalogInfo
    ? path.join(dir, 'catalog-info.yaml')
    : undefined;
  return cached(
    options,
    async () =>
      contentKey(
        await texts.entries([
          ...manifestFiles,
          ...(hasCatalogInfo ? ['catalog-info.yaml'] : []),
        ]),
        ['manifests', ...units, options.kubectl ?? 'kubectl'],
        options.serviceName,
      ),
    async () => {
      const problems: string[] = [];
      const skipped = new Set<string>();
      try {
        // The overlays render in parallel: kubectl is a process of its own.
        const reports = await Promise.all(
          units.map(unit =>
            checkManifestDirectory(path.join(dir, unit), {
              catalogInfo,
              kubectl: options.kubectl,
            }),
          ),
        );
        reports.forEach((report, i) => {
          for (const finding of report.findings) {
            if (finding.severity === 'error')
              problems.push(`${units[i]}: ${finding.message}`);
          }
          report.skipped.forEach(r => skipped.add(r));
        });
      } catch (error) {
        return { unknown: `policy check failed: ${message(error)}` };
      }
      return { files: units, problems, skipped: [...skipped] };
    },
  );
}

async function pipelineFacts(
  dir: string,
  files: string[],
  texts: FileTexts,
  options: CollectRepositoryFactsOptions,
): Promise<ProblemsFact | UnknownFact | undefined> {
  const pipelineFiles = files.filter(f => PIPELINE_FILE.test(f));
  if (pipelineFiles.length === 0) return undefined;
  // The checks read the pipeline files and package.json and test which files exist: all in the key.
  return cached(
    options,
    async () =>
      contentKey(
        [
          ...(await texts.entries([
            ...pipelineFiles,
            ...(files.includes('package.json') ? ['package.json'] : []),
          ])),
          ['<files>', files.join('\n')],
        ],
        ['pipeline'],
        options.serviceName,
      ),
    async () => {
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
    },
  );
}

async function prometheusRuleFiles(
  files: string[],
  texts: FileTexts,
): Promise<string[]> {
  const yaml = files.filter(f => f.startsWith('k8s/') && /\.ya?ml$/.test(f));
  const entries = await texts
    .entries(yaml)
    .catch(() => [] as Array<[string, string]>);
  return entries
    .filter(([, text]) => /^kind:\s*PrometheusRule\s*$/m.test(text))
    .map(([f]) => f);
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
  const texts = new FileTexts(dir);
  return {
    manifests: await manifestFacts(dir, files, texts, options),
    pipeline: await pipelineFacts(dir, files, texts, options),
    testFiles: testFiles.slice(0, 5),
    testFileCount: testFiles.length,
    lockfile: LOCKFILES.find(l => files.includes(l)),
    dockerfile,
    alertFiles: [
      ...files.filter(f => ALERT_FILE.test(f)),
      ...(await prometheusRuleFiles(files, texts)),
    ],
    dashboardFiles: files.filter(f => DASHBOARD_FILE.test(f)),
  };
}
