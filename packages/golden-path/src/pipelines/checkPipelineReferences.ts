import fs from 'node:fs';
import path from 'node:path';

import type { Finding } from '../findings';
import { parseLocalAction, parsePipelines } from './parsePipelines';
import type { PipelineJob, PipelineStep } from './types';

/** Finding ids of {@link checkPipelineReferences}. @public */
export const PIPELINE_CHECKS = {
  missingReference: 'pipeline-reference',
  unpinnedAction: 'pipeline-action-unpinned',
  unknownNeed: 'pipeline-needs',
} as const;

const FULL_SHA = /^[0-9a-f]{40}$/;
const NPM_SCRIPT = /\bnpm\s+(?:run(?:-script)?\s+([\w:.-]+)|(test|start))\b/g;
const OVERLAY_PATH = /\bk8s\/overlays\/([\w.-]+|\*)/g;
const NODE_FILE = /\bnode\s+((?:\.\/)?[\w./-]+\.(?:m?js|cjs))\b/g;

interface Context {
  dir: string;
  findings: Finding[];
  scripts: Record<string, string>;
}

function exists(dir: string, relative: string): boolean {
  const resolved = path.resolve(dir, relative);
  return resolved.startsWith(path.resolve(dir)) && fs.existsSync(resolved);
}

function missing(ctx: Context, job: PipelineJob, what: string) {
  ctx.findings.push({
    id: PIPELINE_CHECKS.missingReference,
    severity: 'error',
    message: `${job.file} job '${job.id}' refers to ${what}, which the repository does not have`,
    object: `${job.flavour}/${job.id}`,
    source: job.file,
  });
}

function readScripts(dir: string): Record<string, string> {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const scripts = pkg?.scripts;
    return scripts && typeof scripts === 'object' ? scripts : {};
  } catch {
    return {};
  }
}

function checkOverlay(ctx: Context, job: PipelineJob, overlay: string) {
  if (overlay === '*') {
    const root = path.join(ctx.dir, 'k8s/overlays');
    const any =
      fs.existsSync(root) &&
      fs.readdirSync(root).some(name => exists(ctx.dir, `k8s/overlays/${name}/kustomization.yaml`));
    if (!any) missing(ctx, job, 'kustomize overlays under k8s/overlays/');
  } else if (!exists(ctx.dir, `k8s/overlays/${overlay}/kustomization.yaml`)) {
    missing(ctx, job, `the kustomize overlay k8s/overlays/${overlay}`);
  }
}

function checkNodeFiles(ctx: Context, job: PipelineJob, command: string, where: string) {
  for (const [, file] of command.matchAll(NODE_FILE)) {
    if (!exists(ctx.dir, file)) missing(ctx, job, `${file} (run by ${where})`);
  }
}

function checkScript(ctx: Context, job: PipelineJob, script: string) {
  if (/\bnpm\s+(ci|install)\b/.test(script) && !exists(ctx.dir, 'package-lock.json')) {
    missing(ctx, job, 'package-lock.json (npm ci)');
  }
  for (const [, runName, shortName] of script.matchAll(NPM_SCRIPT)) {
    const name = runName ?? shortName;
    const command = Object.hasOwn(ctx.scripts, name) ? ctx.scripts[name] : undefined;
    if (command === undefined) {
      missing(ctx, job, `the npm script '${name}'`);
    } else {
      checkNodeFiles(ctx, job, command, `npm script '${name}'`);
    }
  }
  for (const [, overlay] of script.matchAll(OVERLAY_PATH)) {
    checkOverlay(ctx, job, overlay);
  }
  checkNodeFiles(ctx, job, script, 'the job');
  if (/\bdocker\s+(?:buildx\s+)?build\b/.test(script)) checkDockerfile(ctx, job);
}

/** The Dockerfile and every local path it copies from. */
function checkDockerfile(ctx: Context, job: PipelineJob) {
  if (!exists(ctx.dir, 'Dockerfile')) {
    missing(ctx, job, 'a Dockerfile (the image build)');
    return;
  }
  const text = fs.readFileSync(path.join(ctx.dir, 'Dockerfile'), 'utf8');
  for (const line of text.split('\n')) {
    const copy = /^\s*(?:COPY|ADD)\s+(.*)$/i.exec(line);
    if (!copy || /--from=/.test(copy[1])) continue;
    const parts = copy[1].split(/\s+/).filter(p => p && !p.startsWith('--'));
    for (const source of parts.slice(0, -1)) {
      if (!exists(ctx.dir, source)) missing(ctx, job, `${source} (copied by the Dockerfile)`);
    }
  }
}

function checkUses(ctx: Context, job: PipelineJob, step: Extract<PipelineStep, { kind: 'uses' }>) {
  const { action } = step;
  if (action.startsWith('./')) {
    const steps = exists(ctx.dir, action) ? parseLocalAction(ctx.dir, action) : undefined;
    if (!steps) {
      missing(ctx, job, `the local action ${action}`);
    }
    // What the composite action runs and uses is part of the job.
    for (const inner of steps ?? []) {
      if (inner.kind === 'run') checkScript(ctx, job, inner.script);
      else checkUses(ctx, job, inner);
    }
  } else if (!action.startsWith('docker://')) {
    const ref = action.slice(action.lastIndexOf('@') + 1);
    if (!action.includes('@') || !FULL_SHA.test(ref)) {
      ctx.findings.push({
        id: PIPELINE_CHECKS.unpinnedAction,
        severity: 'error',
        message: `${job.file} job '${job.id}' uses ${action}: pin third-party actions to a full commit SHA (tags can be moved)`,
        object: `${job.flavour}/${job.id}`,
        source: job.file,
      });
    }
  }
  const versionFile = step.with['node-version-file'];
  if (versionFile !== undefined && !exists(ctx.dir, versionFile)) {
    missing(ctx, job, `${versionFile} (node-version-file of ${action})`);
  }
  if (step.with.cache === 'npm' && !exists(ctx.dir, step.with['cache-dependency-path'] ?? 'package-lock.json')) {
    missing(ctx, job, 'package-lock.json (the npm cache key of setup-node)');
  }
  if (step.with.overlay !== undefined) checkOverlay(ctx, job, step.with.overlay);
  if (/^docker\/build-push-action@/.test(action)) checkDockerfile(ctx, job);
}

/**
 * Checks that everything a repository's pipelines refer to exists in it: files such as
 * `node-version-file` and the lockfile, local actions, npm scripts (and the files they run),
 * kustomize overlays, the Dockerfile and what it copies, and the jobs named in `needs`. Also
 * reports third-party GitHub actions that are not pinned to a full commit SHA.
 *
 * @throws PipelineFileError when a pipeline file cannot be read.
 * @public
 */
export function checkPipelineReferences(dir: string): Finding[] {
  const ctx: Context = { dir, findings: [], scripts: readScripts(dir) };
  const jobs = parsePipelines(dir);
  const ids = new Set(jobs.map(job => `${job.file}#${job.id}`));
  for (const job of jobs) {
    for (const need of job.needs) {
      if (!ids.has(`${job.file}#${need}`)) {
        ctx.findings.push({
          id: PIPELINE_CHECKS.unknownNeed,
          severity: 'error',
          message: `${job.file} job '${job.id}' needs '${need}', which is not a job of that pipeline`,
          object: `${job.flavour}/${job.id}`,
          source: job.file,
        });
      }
    }
    if (job.env.OVERLAY !== undefined) checkOverlay(ctx, job, job.env.OVERLAY);
    for (const step of job.steps) {
      if (step.kind === 'run') checkScript(ctx, job, step.script);
      else checkUses(ctx, job, step);
    }
  }
  return ctx.findings;
}
