import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

import { PipelineFileError } from './PipelineFileError';
import type { PipelineJob, PipelineStep } from './types';

const GITHUB_WORKFLOWS = '.github/workflows';
const GITLAB_CI = '.gitlab-ci.yml';
/** GitLab keys that sit beside jobs at the top level and are not jobs. */
const GITLAB_KEYWORDS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

type YamlMap = Record<string, unknown>;

const isMap = (value: unknown): value is YamlMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function own(map: YamlMap, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (isMap(value)) {
    for (const [key, entry] of Object.entries(value)) {
      result[key] = typeof entry === 'string' ? entry : JSON.stringify(entry);
    }
  }
  return result;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function readYaml(dir: string, file: string): YamlMap {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const document = YAML.parseDocument(text, { merge: true });
  if (document.errors.length > 0) {
    throw new PipelineFileError(
      `${file}: not valid YAML: ${document.errors[0].message}`,
    );
  }
  const value = document.toJS({ maxAliasCount: 100 });
  if (!isMap(value)) {
    throw new PipelineFileError(`${file}: expected a mapping at the top`);
  }
  return value;
}

function githubSteps(file: string, jobId: string, steps: unknown): PipelineStep[] {
  return asList(steps).map((step, index) => {
    if (!isMap(step)) {
      throw new PipelineFileError(`${file}: jobs.${jobId}.steps[${index}] is not a mapping`);
    }
    const name = typeof own(step, 'name') === 'string' ? (own(step, 'name') as string) : undefined;
    const uses = own(step, 'uses');
    if (typeof uses === 'string') {
      return { kind: 'uses', action: uses, with: stringMap(own(step, 'with')), name };
    }
    const run = own(step, 'run');
    if (typeof run !== 'string') {
      throw new PipelineFileError(`${file}: jobs.${jobId}.steps[${index}] has neither run nor uses`);
    }
    const workingDirectory = own(step, 'working-directory');
    return {
      kind: 'run',
      script: run,
      env: stringMap(own(step, 'env')),
      workingDirectory: typeof workingDirectory === 'string' ? workingDirectory : undefined,
      name,
    };
  });
}

/** Jobs of every workflow in `.github/workflows`, in file order. */
function parseGithubWorkflows(dir: string): PipelineJob[] {
  const folder = path.join(dir, GITHUB_WORKFLOWS);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .flatMap(name => {
      const file = `${GITHUB_WORKFLOWS}/${name}`;
      const workflow = readYaml(dir, file);
      const workflowEnv = stringMap(own(workflow, 'env'));
      const jobs = own(workflow, 'jobs');
      if (!isMap(jobs)) {
        throw new PipelineFileError(`${file}: no jobs`);
      }
      return Object.entries(jobs).map(([id, job]): PipelineJob => {
        if (!isMap(job)) {
          throw new PipelineFileError(`${file}: jobs.${id} is not a mapping`);
        }
        const services = own(job, 'services');
        return {
          flavour: 'github-actions',
          file,
          id,
          needs: asList(own(job, 'needs')).map(String),
          env: { ...workflowEnv, ...stringMap(own(job, 'env')) },
          services: isMap(services)
            ? Object.values(services).map(s => String(isMap(s) ? own(s, 'image') : s))
            : [],
          steps: githubSteps(file, id, own(job, 'steps')),
        };
      });
    });
}

function gitlabScripts(job: YamlMap): string[] {
  return ['before_script', 'script'].flatMap(key =>
    asList(own(job, key)).flat(Infinity).map(String),
  );
}

/** Resolves GitLab `extends` (one level of hidden-job templates is all the skeleton uses, any depth is read). */
function resolveExtends(all: YamlMap, job: YamlMap, seen: string[] = []): YamlMap {
  const parents = asList(own(job, 'extends')).map(String);
  let merged: YamlMap = {};
  for (const parent of parents) {
    const base = own(all, parent);
    if (!isMap(base) || seen.includes(parent)) {
      throw new PipelineFileError(`${GITLAB_CI}: extends '${parent}' names no job template`);
    }
    merged = { ...merged, ...resolveExtends(all, base, [...seen, parent]) };
  }
  const variables = { ...stringMap(own(merged, 'variables')), ...stringMap(own(job, 'variables')) };
  return { ...merged, ...job, variables };
}

/** Jobs of `.gitlab-ci.yml` (hidden `.templates` excluded), with `extends` and anchors resolved. */
function parseGitlabCi(dir: string): PipelineJob[] {
  if (!fs.existsSync(path.join(dir, GITLAB_CI))) return [];
  const pipeline = readYaml(dir, GITLAB_CI);
  const globalVariables = stringMap(own(pipeline, 'variables'));
  return Object.entries(pipeline)
    .filter(([name, job]) => !GITLAB_KEYWORDS.has(name) && !name.startsWith('.') && isMap(job))
    .map(([name, raw]): PipelineJob => {
      const job = resolveExtends(pipeline, raw as YamlMap);
      return {
        flavour: 'gitlab-ci',
        file: GITLAB_CI,
        id: name,
        needs: asList(own(job, 'needs')).map(n => String(isMap(n) ? own(n, 'job') : n)),
        env: { ...globalVariables, ...stringMap(own(job, 'variables')) },
        services: asList(own(job, 'services')).map(s => String(isMap(s) ? own(s, 'name') : s)),
        steps: gitlabScripts(job).map(script => ({ kind: 'run', script, env: {} })),
      };
    });
}

/**
 * Reads the steps of a local composite action (`./.github/actions/x`), or undefined when the
 * folder has no action.yml/action.yaml.
 *
 * @throws PipelineFileError when the action file cannot be read.
 * @public
 */
export function parseLocalAction(dir: string, action: string): PipelineStep[] | undefined {
  const folder = action.replace(/^\.\//, '').replace(/\/$/, '');
  const file = ['action.yml', 'action.yaml']
    .map(name => `${folder}/${name}`)
    .find(candidate => fs.existsSync(path.join(dir, candidate)));
  if (!file) return undefined;
  const runs = own(readYaml(dir, file), 'runs');
  return isMap(runs) ? githubSteps(file, 'runs', own(runs, 'steps')) : [];
}

/**
 * Reads every pipeline of a repository (GitHub Actions workflows and `.gitlab-ci.yml`) into one
 * model of jobs and steps, so checks and test runners need not know either syntax.
 *
 * @throws PipelineFileError naming the file when a pipeline file is not valid YAML or not a pipeline.
 * @public
 */
export function parsePipelines(dir: string): PipelineJob[] {
  return [...parseGithubWorkflows(dir), ...parseGitlabCi(dir)];
}
