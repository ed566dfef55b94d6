import fs from 'fs';
import path from 'path';
import { Command, Option } from 'commander';
import { parseDocument } from 'yaml';
import {
  type AnswerFixture,
  type AnswerSetCheck,
  checkTemplate,
  type Finding,
  type GoldenPathTemplate,
  loadTemplate,
  TEMPLATE_CHECKS,
} from '@conway/golden-path';
import { CliIo, ExitCode, reportStop, shortPath, UsageError } from '../lib/io';
import { createStyle } from '../lib/style';

/** Options of `conway template check`. */
export interface TemplateCheckOptions {
  /** The template directory (holding template.yaml and skeleton/); default: the working directory. */
  dir?: string;
  /** Answer files to check with; default: every file in the template's `fixtures/`. */
  answers?: string[];
  format?: 'text' | 'json';
  /** kubectl for rendering the kustomize overlays; default `kubectl` on PATH. */
  kubectl?: string;
}

const ANSWER_FILE = /\.(ya?ml|json)$/;

/** The answer files to use: the ones named, else the template's fixtures. */
function answerFiles(templateDir: string, named: string[], cwd: string) {
  if (named.length > 0) {
    return named.map(file => {
      const absolute = path.resolve(cwd, file);
      if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isFile()) {
        throw new UsageError(`No such answers file '${file}' (--answers)`);
      }
      return absolute;
    });
  }
  const fixtures = path.join(templateDir, 'fixtures');
  const files = fs.existsSync(fixtures)
    ? fs
        .readdirSync(fixtures)
        .filter(name => ANSWER_FILE.test(name))
        .sort()
        .map(name => path.join(fixtures, name))
    : [];
  if (files.length === 0) {
    throw new UsageError(
      `No answer fixtures in ${path.join(
        templateDir,
        'fixtures',
      )}: add one YAML file of answers per case to check (e.g. fixtures/minimal.yaml), or name files with --answers`,
    );
  }
  return files;
}

/**
 * Reads one answers file. A file that is not valid YAML becomes that answer
 * set's only finding, so the other sets are still checked.
 */
function readFixture(
  file: string,
  name: string,
): AnswerFixture | AnswerSetCheck {
  const refused = (message: string): AnswerSetCheck => ({
    name,
    files: 0,
    notes: [],
    findings: [
      {
        id: TEMPLATE_CHECKS.answers,
        severity: 'error',
        message: `${name} ${message}`,
        source: name,
      },
    ],
  });
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return refused(
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    return refused(
      `is not valid YAML${line ? ` (line ${line})` : ''}: ${
        error.message.split('\n')[0]
      }`,
    );
  }
  return { name, answers: doc.toJS() };
}

/**
 * A finding's message on one line, with its file and object when the
 * message does not name them (a pipeline job counts as named when its id is
 * quoted in the message).
 */
function messageOf(finding: Finding): string {
  const message = finding.message.split('\n')[0].replace(/:$/, '');
  const more = finding.message.includes('\n')
    ? finding.message
        .split('\n')
        .slice(1)
        .filter(line => /^\s+\S+: /.test(line))
    : [];
  const where: string[] = [];
  if (finding.object) {
    const name = finding.object.slice(finding.object.lastIndexOf('/') + 1);
    if (!message.includes(finding.object) && !message.includes(`'${name}'`)) {
      where.push(finding.object);
    }
  }
  if (finding.source && !message.includes(finding.source)) {
    where.push(`in ${finding.source}`);
  }
  return [
    `${message}${where.length ? ` (${where.join(' ')})` : ''}`,
    ...more.map(line => `            ${line.trim()}`),
  ].join('\n');
}

/** Renders the results for a terminal. */
function formatText(
  template: GoldenPathTemplate,
  results: AnswerSetCheck[],
  io: CliIo,
): string {
  const style = createStyle(io.color);
  const lines = [
    `${style.bold('Conway template check')}: ${shortPath(
      io.cwd,
      template.dir,
    )} ${style.dim(`(${template.name} ${template.version})`)}`,
    '',
  ];
  for (const result of results) {
    const errors = result.findings.filter(f => f.severity === 'error');
    const warnings = result.findings.length - errors.length;
    const rendered =
      result.files > 0 ? `${result.files} files rendered` : 'not rendered';
    lines.push(
      errors.length === 0
        ? `${style.green('✔')} ${result.name}: ${rendered}, ${
            result.notes.length > 0
              ? 'passed what was checked (see the notes)'
              : 'every check passed'
          }${warnings ? ` (${warnings} warning(s))` : ''}`
        : `${style.red('✖')} ${result.name}: ${rendered}, ${
            errors.length
          } error(s), ${warnings} warning(s)`,
    );
    for (const finding of result.findings) {
      lines.push(
        `    ${
          finding.severity === 'error'
            ? style.red('error  ')
            : style.yellow('warning')
        } ${style.dim(finding.id)} ${messageOf(finding)}`,
      );
    }
    for (const note of result.notes) {
      lines.push(`    ${style.dim(`note    ${note}`)}`);
    }
  }
  const failed = results.filter(r =>
    r.findings.some(f => f.severity === 'error'),
  );
  lines.push(
    '',
    failed.length === 0
      ? `${style.green('✔')} Passed: ${results.length} answer set(s)`
      : `${style.red('✖')} Failed: ${failed.length} of ${
          results.length
        } answer set(s); finding ids: packages/golden-path/POLICY.md`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `conway template check [dir]`: renders a golden path with each answer
 * fixture and checks what a team would receive (see checkTemplate). Returns
 * the exit code: 0 when no answer set has an error, 1 when one has or the
 * template cannot be loaded, 2 for a usage error (no template.yaml, no
 * fixtures, a missing --answers file).
 */
export async function runTemplateCheck(
  options: TemplateCheckOptions,
  io: CliIo,
): Promise<number> {
  const format = options.format ?? 'text';
  const fail = (error: Error, code: number) =>
    reportStop(io, format, error, code);
  const dir = path.resolve(io.cwd, options.dir ?? '.');
  if (!fs.existsSync(path.join(dir, 'template.yaml'))) {
    return fail(
      new UsageError(
        `No template.yaml in ${shortPath(
          io.cwd,
          dir,
        )}: name a golden-path directory, e.g. templates/typescript-service`,
      ),
      ExitCode.Usage,
    );
  }
  // The template first: a broken one is the news, whatever the fixtures.
  let template: GoldenPathTemplate;
  try {
    template = await loadTemplate(dir);
  } catch (error) {
    return fail(error as Error, ExitCode.Failed);
  }
  let files: string[];
  try {
    files = answerFiles(dir, options.answers ?? [], io.cwd);
  } catch (error) {
    return fail(error as Error, ExitCode.Usage);
  }
  const fixtures: AnswerFixture[] = [];
  const unreadable: AnswerSetCheck[] = [];
  for (const file of files) {
    const read = readFixture(file, shortPath(io.cwd, file));
    if ('findings' in read) unreadable.push(read);
    else fixtures.push(read);
  }
  const checked = await checkTemplate(template, fixtures, {
    ...(options.kubectl ? { kubectl: options.kubectl } : {}),
  });
  // In the order the files were named.
  const byName = new Map(
    [...checked, ...unreadable].map(result => [result.name, result]),
  );
  const results = files.map(file => byName.get(shortPath(io.cwd, file))!);
  const passed = results.every(r =>
    r.findings.every(f => f.severity !== 'error'),
  );
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          passed,
          template: {
            name: template.name,
            version: template.version,
            dir: template.dir,
          },
          results,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout(formatText(template, results, io));
  }
  return passed ? ExitCode.Ok : ExitCode.Failed;
}

/** Adds `check` to the `template` command group. */
export function registerTemplateCheck(
  template: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  template
    .command('check')
    .description(
      'Render a golden path with each answer fixture and check what a team would receive: answers accepted, every file rendered and parsing back, a valid catalog file, a pipeline whose references exist, manifests that pass the schemas and policies',
    )
    .argument(
      '[dir]',
      'the template directory (template.yaml, skeleton/, fixtures/); default: the working directory',
    )
    .option(
      '--answers <files...>',
      "answer files (YAML or JSON) to check with instead of the template's fixtures/",
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--json', 'same as --format json')
    .option(
      '--kubectl <path>',
      'kubectl used to render the kustomize overlays (default: kubectl on PATH)',
    )
    .addHelpText(
      'after',
      '\nEach answer set is rendered into its own temporary directory, removed afterwards. Exit codes: 0 every answer set passed; 1 an error finding, or a template that cannot be loaded; 2 usage error (no template.yaml, no fixtures, a missing --answers file).',
    )
    .action(
      async (
        dir: string | undefined,
        opts: {
          answers?: string[];
          format: 'text' | 'json';
          json?: boolean;
          kubectl?: string;
        },
      ) => {
        setExitCode(
          await runTemplateCheck(
            {
              dir,
              answers: opts.answers,
              format: opts.json ? 'json' : opts.format,
              kubectl: opts.kubectl,
            },
            io,
          ),
        );
      },
    );
}
