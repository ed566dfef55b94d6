import fs from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { DEFAULT_TEMPLATE_DIR, goldenPath } from './goldenPath.js';
import { buildQuestions } from './questions.js';

/**
 * `yo conway`: renders a Conway golden path with `@conway/golden-path`, the
 * same library the portal's `golden-path:render` action uses, so both produce
 * the same files for the same answers.
 */
export default class extends Generator {
  constructor(args, opts) {
    // No question is remembered, so skip ~/.yo-rc-global.json: yo drops root
    // privileges but keeps HOME, and reading /root then fails with EACCES.
    super(args, { ...opts, skipGlobalConfig: true });

    this.option('answers', {
      type: String,
      description:
        'JSON file with the answers (the template parameters); skips all prompts',
    });
    this.option('template', {
      type: String,
      description: `Golden-path template directory (template.yaml and skeleton/). Default: ${DEFAULT_TEMPLATE_DIR}`,
    });
    // skip-install is one of yeoman-generator's own options.
  }

  async initializing() {
    this.lib = goldenPath();
    const templateDir = this.options.template
      ? path.resolve(this.options.template)
      : DEFAULT_TEMPLATE_DIR;
    this.template = await this.lib.loadTemplate(templateDir);
    this.log(
      `Conway golden path: ${this.template.title} (${this.template.name} ${this.template.version})`,
    );
  }

  async prompting() {
    if (this.options.answers !== undefined) {
      const file = path.resolve(this.options.answers);
      try {
        this.rawAnswers = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`Cannot read answers from '${file}': ${error.message}`);
      }
      return;
    }
    this.rawAnswers = await this.prompt(
      buildQuestions(this.lib, this.template),
    );
  }

  configuring() {
    try {
      this.answers = this.lib.validateAnswers(this.template, this.rawAnswers);
    } catch (error) {
      if (error instanceof this.lib.AnswerValidationError) {
        throw new Error(`${error.message}\nNothing was written.`);
      }
      throw error;
    }
    this.target = this._targetDirectory(this.answers.name);
    if (fs.existsSync(this.target) && fs.readdirSync(this.target).length > 0) {
      throw new Error(
        `Target directory '${this.target}' is not empty; run in another directory or choose another name. Nothing was written.`,
      );
    }
  }

  /**
   * `<destination>/<name>`, or the destination itself when it is an empty
   * directory named like the service (`mkdir orders-api && cd orders-api && yo conway`).
   */
  _targetDirectory(name) {
    const root = this.destinationRoot();
    if (
      path.basename(root) === name &&
      fs.existsSync(root) &&
      fs.readdirSync(root).length === 0
    ) {
      return root;
    }
    return this.destinationPath(name);
  }

  async writing() {
    // Written by the library, not through Yeoman's in-memory file system: the
    // same renderer and the same all-or-nothing writer as the portal, file modes included.
    const files = await this.lib.renderSkeleton(this.template, this.answers);
    await this.lib.writeRenderedFiles(files, this.target);
    this.log(
      `Rendered ${files.length} files into ${
        path.relative(process.cwd(), this.target) || '.'
      }`,
    );
  }

  async install() {
    if (this.options.skipInstall) {
      return;
    }
    await this.spawn('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: this.target,
      stdio: 'inherit',
    });
  }

  end() {
    const dir = path.relative(process.cwd(), this.target) || '.';
    this.log(
      [
        '',
        `${this.answers.name} is ready. Next:`,
        `  cd ${dir}`,
        ...(this.options.skipInstall ? ['  npm install'] : []),
        '  npm test',
        '  git init && git add . && git commit -m "Initial commit"',
        'Then register catalog-info.yaml in the portal (Create > Register existing component).',
      ].join('\n'),
    );
  }
}
