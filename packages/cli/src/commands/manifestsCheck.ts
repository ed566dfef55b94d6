import fs from 'fs';
import path from 'path';
import { Command, Option } from 'commander';
import { parse, parseAllDocuments } from 'yaml';
import {
  checkManifestDirectory,
  formatReport,
  type ManifestReport,
} from '@conway/golden-path';
import { CliIo, ExitCode, reportStop, shortPath, UsageError } from '../lib/io';
import { createStyle } from '../lib/style';

/** Options of `conway manifests check`. */
export interface ManifestsCheckOptions {
  /** A kustomization (e.g. `k8s/overlays/prod`), a folder holding kustomizations (e.g. `k8s`), or plain YAML. */
  dir: string;
  /**
   * Catalog file whose `backstage.io/kubernetes-id` the labels must match;
   * default: the nearest catalog-info.yaml up to the project root; false: none.
   */
  catalogInfo?: string | false;
  format?: 'text' | 'json';
  /** kubectl executable for `kubectl kustomize`; default `kubectl` on PATH. */
  kubectl?: string;
}

/** One checked unit: a rendered kustomization, or the plain YAML files outside any. */
interface CheckedUnit {
  /** The kustomization directory, or the folder of plain files. */
  dir: string;
  kind: 'kustomization' | 'plain';
  report: ManifestReport;
}

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

function isKustomizationDir(dir: string): boolean {
  return KUSTOMIZATION_FILES.some(f => fs.existsSync(path.join(dir, f)));
}

function subdirectories(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(e => e.isDirectory() && !e.name.startsWith('.'))
    .map(e => path.join(dir, e.name))
    .sort();
}

/** Directories below `dir` (itself included) that are kustomization roots. */
function findKustomizations(dir: string): string[] {
  if (isKustomizationDir(dir)) {
    return [dir];
  }
  return subdirectories(dir).flatMap(findKustomizations);
}

/** The local directories a kustomization pulls in (`resources`, `bases`, `components`). */
function referencedDirectories(kustomizationDir: string): string[] {
  const file = KUSTOMIZATION_FILES.map(f =>
    path.join(kustomizationDir, f),
  ).find(f => fs.existsSync(f))!;
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `Invalid YAML in '${file}': ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const entries =
    doc && typeof doc === 'object'
      ? (['resources', 'bases', 'components'] as const).flatMap(key => {
          const value = (doc as Record<string, unknown>)[key];
          return Array.isArray(value) ? value : [];
        })
      : [];
  return entries
    .filter(
      (e): e is string => typeof e === 'string' && !/^[a-z]+:\/\//i.test(e),
    )
    .map(e => path.resolve(kustomizationDir, e))
    .filter(p => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory());
}

/** Every YAML file below `dir`, kustomizations and patches included. */
function allYamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        return allYamlFiles(full);
      }
      return entry.isFile() &&
        (/\.ya?ml$/.test(entry.name) || entry.name === 'Kustomization')
        ? [full]
        : [];
    });
}

/**
 * Fails on the first YAML syntax error below `dir`, naming the file: kubectl
 * would report it too, but buried in its accumulation trace.
 */
function assertYamlSyntax(dir: string): void {
  for (const file of allYamlFiles(dir)) {
    parseAllDocuments(fs.readFileSync(file, 'utf8')).forEach((doc, index) => {
      if (doc.errors.length > 0) {
        throw new Error(
          `Invalid YAML in '${file}' (document ${index}): ${
            doc.errors[0].message.split('\n')[0]
          }`,
        );
      }
    });
  }
}

/** YAML files below `dir` that lie outside every kustomization directory. */
function plainYamlFiles(dir: string): string[] {
  if (isKustomizationDir(dir)) {
    return [];
  }
  const files: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      files.push(...plainYamlFiles(full));
    } else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/**
 * The nearest catalog-info.yaml from `dir` upwards, stopping at the project
 * root (the first directory with a package.json or .git), so a service's
 * manifests are never compared with an unrelated catalog file further up.
 */
function findCatalogInfo(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'catalog-info.yaml');
    if (fs.existsSync(candidate)) {
      return candidate;
    }
    const projectRoot = ['package.json', '.git'].some(f =>
      fs.existsSync(path.join(current, f)),
    );
    if (projectRoot || path.dirname(current) === current) {
      return undefined;
    }
  }
}

/**
 * Checks what would be deployed: each kustomization root (one no other
 * kustomization below `dir` includes, e.g. every overlay) rendered as the
 * cluster would receive it; a folder without kustomizations is one unit of
 * plain YAML. The checker is @conway/golden-path's, as in the portal.
 */
async function checkUnits(
  dir: string,
  catalogInfo: string | undefined,
  kubectl: string | undefined,
): Promise<CheckedUnit[]> {
  assertYamlSyntax(dir);
  const kustomizations = findKustomizations(dir);
  const included = new Set(kustomizations.flatMap(referencedDirectories));
  const roots = kustomizations.filter(k => !included.has(k));
  const options = {
    ...(catalogInfo ? { catalogInfo } : {}),
    ...(kubectl ? { kubectl } : {}),
  };
  const units: CheckedUnit[] = [];
  for (const root of roots) {
    units.push({
      dir: root,
      kind: 'kustomization',
      report: await checkManifestDirectory(root, options),
    });
  }
  if (roots.length === 0) {
    units.push({
      dir,
      kind: 'plain',
      report: await checkManifestDirectory(dir, options),
    });
  } else {
    // Plain files beside kustomizations are rarely deployed together with
    // them; checking them as a separate unit would judge cross-object rules
    // (a PDB per Deployment) on the wrong set, so they are named, not checked.
    const plain = plainYamlFiles(dir);
    if (plain.length > 0) {
      units[0].report.skipped.push(
        `${plain.length} YAML file(s) outside every kustomization (${plain
          .map(f => path.relative(dir, f))
          .join(', ')}); check their folder on its own`,
      );
    }
  }
  return units;
}

/**
 * `conway manifests check <dir>`: schema and policy checks of Kubernetes
 * manifests, kustomize overlays rendered first. Returns the exit code: 0 when
 * no finding is an error, 1 when one is or a manifest cannot be read or
 * rendered, 2 for a usage error (such as a missing directory).
 */
export async function runManifestsCheck(
  options: ManifestsCheckOptions,
  io: CliIo,
): Promise<number> {
  const style = createStyle(io.color);
  const format = options.format ?? 'text';
  const fail = (error: Error, code: number) =>
    reportStop(io, format, error, code);
  const dir = path.resolve(io.cwd, options.dir);
  let catalogInfo: string | undefined;
  try {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (!stat) {
      throw new UsageError(`No such directory '${options.dir}'`);
    }
    if (!stat.isDirectory()) {
      throw new UsageError(
        `'${options.dir}' is not a directory; name the folder that holds the manifests`,
      );
    }
    if (typeof options.catalogInfo === 'string') {
      catalogInfo = path.resolve(io.cwd, options.catalogInfo);
      if (!fs.existsSync(catalogInfo)) {
        throw new UsageError(
          `No such catalog file '${options.catalogInfo}' (--catalog-info)`,
        );
      }
    } else if (options.catalogInfo !== false) {
      catalogInfo = findCatalogInfo(dir);
    }
  } catch (error) {
    return fail(error as Error, ExitCode.Usage);
  }

  let units: CheckedUnit[];
  try {
    units = await checkUnits(dir, catalogInfo, options.kubectl);
  } catch (error) {
    // Broken YAML, a kustomization kubectl refuses, an unreadable catalog
    // file: the library's message names the file and the reason.
    return fail(error as Error, ExitCode.Failed);
  }

  const findings = units.flatMap(u => u.report.findings);
  const errors = findings.filter(f => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const objects = units.reduce((n, u) => n + u.report.objects.length, 0);
  const passed = errors === 0;

  const insideCwd = !path.relative(io.cwd, dir).startsWith('..');
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          passed,
          dir,
          catalogInfo: catalogInfo ?? null,
          summary: { units: units.length, objects, errors, warnings },
          units: units.map(u => ({
            dir: u.dir,
            kind: u.kind,
            objects: u.report.objects.map(o => ({
              kind: o.object.kind,
              name: (o.object.metadata as { name?: string } | undefined)?.name,
              source: o.source,
              index: o.index,
            })),
            findings: u.report.findings,
            skipped: u.report.skipped,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout(
      `${style.bold('Conway manifests check')}: ${shortPath(io.cwd, dir)}${
        catalogInfo
          ? style.dim(
              ` (labels checked against ${shortPath(io.cwd, catalogInfo)})`,
            )
          : ''
      }\n`,
    );
    if (objects === 0) {
      io.stderr(
        `${style.yellow('warning')} No Kubernetes objects found in '${
          options.dir
        }'\n`,
      );
    }
    for (const unit of units) {
      io.stdout(
        `\n${style.bold(shortPath(io.cwd, unit.dir))}${style.dim(
          unit.kind === 'kustomization'
            ? ' (kustomization, rendered)'
            : ' (plain YAML)',
        )}\n`,
      );
      io.stdout(
        `${formatReport(unit.report, {
          relativeTo: insideCwd ? io.cwd : undefined,
        })}\n`,
      );
    }
    io.stdout(
      passed
        ? `\n${style.green('✔')} Passed: ${objects} object(s) in ${
            units.length
          } unit(s), ${warnings} warning(s)\n`
        : `\n${style.red(
            '✖',
          )} Failed: ${errors} error(s), ${warnings} warning(s) in ${objects} object(s); see packages/golden-path/POLICY.md\n`,
    );
  }
  return passed ? ExitCode.Ok : ExitCode.Failed;
}

/** Adds `check` to the `manifests` command group. */
export function registerManifestsCheck(
  manifests: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  manifests
    .command('check')
    .description(
      "Check Kubernetes manifests against the schemas and Conway's policies (kustomize overlays rendered first)",
    )
    .argument(
      '<dir>',
      'a kustomization (k8s/overlays/prod), a folder of kustomizations (k8s: every overlay is checked) or plain YAML',
    )
    .option(
      '--catalog-info <file>',
      'catalog file whose backstage.io/kubernetes-id the labels must match (default: nearest catalog-info.yaml up to the project root)',
    )
    .option('--no-catalog-info', 'do not compare labels with a catalog file')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--json', 'same as --format json')
    .option(
      '--kubectl <path>',
      'kubectl used to render kustomizations (default: kubectl on PATH)',
    )
    .addHelpText(
      'after',
      '\nRules and their ids: packages/golden-path/POLICY.md. Exit codes: 0 no error findings; 1 an error finding, or a manifest that cannot be read or rendered; 2 usage error (e.g. no such directory).',
    )
    .action(
      async (
        dir: string,
        opts: {
          catalogInfo?: string | boolean;
          format: 'text' | 'json';
          json?: boolean;
          kubectl?: string;
        },
      ) => {
        setExitCode(
          await runManifestsCheck(
            {
              dir,
              // --no-catalog-info gives false; without either option, true.
              catalogInfo:
                opts.catalogInfo === true ? undefined : opts.catalogInfo,
              format: opts.json ? 'json' : opts.format,
              kubectl: opts.kubectl,
            },
            io,
          ),
        );
      },
    );
}
