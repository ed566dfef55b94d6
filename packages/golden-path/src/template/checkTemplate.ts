import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AnswerValidationError, RenderError } from '../errors';
import type { Finding } from '../findings';
import { checkProject, ProjectFileError } from '../project/checkProject';
import { renderSkeleton, type RenderedFile } from '../render/renderSkeleton';
import { writeRenderedFiles } from '../render/writeRenderedFiles';
import type { GoldenPathTemplate } from './types';

/** Finding ids of {@link checkTemplate}, beside the pipeline, catalog and manifest checks it runs. @public */
export const TEMPLATE_CHECKS = {
  answers: 'template-answers',
  renders: 'template-renders',
  parses: 'template-file-parses',
} as const;

/** One set of answers to check a template with, e.g. a file under `fixtures/`. @public */
export interface AnswerFixture {
  /** Shown in the results, e.g. `fixtures/postgres-gitlab.yaml`. */
  name: string;
  /** Raw answers, as a form or an answers file gives them; validated by the check. */
  answers: unknown;
}

/** What {@link checkTemplate} found for one answer set. @public */
export interface AnswerSetCheck {
  /** The answer set's {@link AnswerFixture.name}. */
  name: string;
  /** Files the skeleton rendered (0 when the answers were refused or it failed to render). */
  files: number;
  /** Every problem, its `source` relative to the rendered service. */
  findings: Finding[];
  /** Checks that ran in a reduced form, and why (e.g. kustomize overlays without kubectl). */
  notes: string[];
}

/** Options of {@link checkTemplate}. @public */
export interface CheckTemplateOptions {
  /** kubectl for rendering the kustomize overlays; default `kubectl` on PATH. */
  kubectl?: string;
}

/** The catalog check's id (manifests/checks.ts). */
const CATALOG_ENTITY_VALID = 'catalog-entity-valid';

const YAML_FILE = /\.ya?ml$/;
const JSON_FILE = /\.json$/;

/** Every rendered YAML and JSON file must read back: a value that breaks one is a template bug. */
function parseBack(files: RenderedFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const report = (message: string, index?: number) =>
      findings.push({
        id: TEMPLATE_CHECKS.parses,
        severity: 'error',
        message: `${file.path} does not parse back: ${message}`,
        source: file.path,
        ...(index === undefined ? {} : { index }),
      });
    if (YAML_FILE.test(file.path)) {
      parseAllDocuments(file.content.toString('utf8')).forEach((doc, index) => {
        const error = doc.errors[0];
        if (!error) return;
        const line = error.linePos?.[0]?.line;
        report(
          `${line ? `line ${line}: ` : ''}${error.message.split('\n')[0]}`,
          index,
        );
      });
    } else if (JSON_FILE.test(file.path)) {
      try {
        JSON.parse(file.content.toString('utf8'));
      } catch (error) {
        report((error as Error).message);
      }
    }
  }
  return findings;
}

/** The checks that need the service on disk: its catalog file, pipelines and manifests (checkProject). */
async function checkRenderedService(
  dir: string,
  unparsed: ReadonlySet<string>,
  hasManifests: boolean,
  options: CheckTemplateOptions,
): Promise<{ findings: Finding[]; notes: string[] }> {
  // The temporary directory means nothing to the reader: paths inside it are shown relative.
  const local = (text: string) => text.split(`${dir}${path.sep}`).join('');
  try {
    const report = await checkProject(dir, {
      ...(options.kubectl ? { kubectl: options.kubectl } : {}),
      ...(hasManifests ? {} : { manifestsPath: false as const }),
      unrenderedOverlays: 'skip',
    });
    return {
      findings: report.findings
        // A catalog file that does not parse back is reported once, above.
        .filter(
          f =>
            !(
              f.id === CATALOG_ENTITY_VALID &&
              f.source &&
              unparsed.has(f.source) &&
              f.message.startsWith('document invalid YAML')
            ),
        )
        .map(f => ({
          ...f,
          ...(f.source ? { source: relativeSource(dir, f.source) } : {}),
        })),
      notes: report.skipped.map(local),
    };
  } catch (error) {
    // A file the template should render is missing (ProjectFileError), or a
    // pipeline file or an overlay cannot be read or rendered.
    return {
      findings: [
        {
          id:
            error instanceof ProjectFileError
              ? TEMPLATE_CHECKS.renders
              : TEMPLATE_CHECKS.parses,
          severity: 'error',
          message: `the rendered service could not be checked: ${local(
            (error as Error).message,
          )}`,
        },
      ],
      notes: [],
    };
  }
}

/** A finding's source inside the temporary service, as the team would see it in their repository. */
function relativeSource(dir: string, source: string): string {
  if (!path.isAbsolute(source)) return source;
  const relative = path.relative(dir, source);
  return relative.startsWith('..')
    ? source
    : relative.split(path.sep).join('/');
}

/** Renders with one answer set and runs every check; never throws for a problem of the template or the answers. */
async function checkAnswerSet(
  template: GoldenPathTemplate,
  fixture: AnswerFixture,
  options: CheckTemplateOptions,
): Promise<AnswerSetCheck> {
  const result: AnswerSetCheck = {
    name: fixture.name,
    files: 0,
    findings: [],
    notes: [],
  };
  let files: RenderedFile[];
  try {
    // Validates the answers first (AnswerValidationError).
    files = await renderSkeleton(template, fixture.answers);
  } catch (error) {
    if (error instanceof AnswerValidationError) {
      result.findings.push({
        id: TEMPLATE_CHECKS.answers,
        severity: 'error',
        message: `${fixture.name}: ${error.message}`,
        source: fixture.name,
      });
      return result;
    }
    if (error instanceof RenderError) {
      result.findings.push({
        id: TEMPLATE_CHECKS.renders,
        severity: 'error',
        message: error.message,
      });
      return result;
    }
    throw error;
  }
  result.files = files.length;
  const unparsed = parseBack(files);
  result.findings.push(...unparsed);
  const dir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'conway-template-check-'),
  );
  try {
    await writeRenderedFiles(files, dir);
    const rest = await checkRenderedService(
      dir,
      new Set(unparsed.map(f => f.source!)),
      // A golden path for something not deployed to Kubernetes has no k8s/.
      files.some(f => f.path.startsWith('k8s/')),
      options,
    );
    result.findings.push(...rest.findings);
    result.notes.push(...rest.notes);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return result;
}

/**
 * Checks a golden path the way the teams receiving it would find out: for
 * each answer set, the answers must be accepted, the skeleton must render,
 * every rendered YAML and JSON file must parse back, and the rendered service
 * must pass {@link checkProject} (catalog file, pipeline references, every
 * kustomize overlay against the manifest schemas and policies; an overlay
 * kubectl cannot render is named in `notes`, not judged). Each set is
 * rendered into its own temporary directory, removed afterwards.
 *
 * @returns one result per answer set, in the order given
 * @public
 */
export async function checkTemplate(
  template: GoldenPathTemplate,
  fixtures: readonly AnswerFixture[],
  options: CheckTemplateOptions = {},
): Promise<AnswerSetCheck[]> {
  const results: AnswerSetCheck[] = [];
  for (const fixture of fixtures) {
    results.push(await checkAnswerSet(template, fixture, options));
  }
  return results;
}
