import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Generator from 'yeoman-generator';
import { goldenPath } from '../app/goldenPath.js';
import { buildQuestions } from '../app/questions.js';

/** The Conway repository this generator belongs to: its history holds the released templates. */
const CONWAY_REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * `yo conway:upgrade`: upgrades the golden-path service in the current
 * directory to another version of its template with `@conway/golden-path`'s
 * upgrade engine (the one behind `conway upgrade` and the portal), keeping
 * the team's edits and leaving conflicts marked for review.
 */
export default class extends Generator {
  constructor(args, opts) {
    // No question is remembered, so skip ~/.yo-rc-global.json (see the app generator).
    super(args, { ...opts, skipGlobalConfig: true });

    this.option('target-version', {
      type: String,
      description:
        'Version of the golden path to upgrade to. Default: the newest released version',
    });
    this.option('answers', {
      type: String,
      description:
        'JSON file with answers for parameters the target version adds (and secrets); those parameters are not prompted for',
    });
    this.option('templates', {
      type: String,
      description: `Git repository whose history holds templates/<name>/. Default: $CONWAY_TEMPLATES_REPO or ${CONWAY_REPO}`,
    });
    this.option('templates-path', {
      type: String,
      description: 'Directory of the templates in that repository',
      default: 'templates',
    });
    this.option('dry-run', {
      type: Boolean,
      description: 'Show what would change without writing anything',
      default: false,
    });
    this.option('commit', {
      type: Boolean,
      description:
        'Commit the upgrade on a new branch golden-path/upgrade-<template>-<version> (and stay on it) instead of leaving it uncommitted',
      default: false,
    });
  }

  /** An option given as --kebab-case on the command line or camelCase through the API. */
  _option(name) {
    const camel = name.replace(/-([a-z])/g, (_m, c) => c.toUpperCase());
    return this.options[name] ?? this.options[camel];
  }

  /** Stops with the library's message; nothing has been written at that point. */
  _refuse(error) {
    if (error instanceof this.lib.UpgradeError) {
      throw new Error(`${error.message}\nNothing was changed.`);
    }
    throw error;
  }

  async initializing() {
    this.lib = goldenPath();
    this.serviceDir = this.destinationRoot();
    const templatesRepo = this._option('templates')
      ? path.resolve(this._option('templates'))
      : process.env.CONWAY_TEMPLATES_REPO || CONWAY_REPO;
    this.source = new this.lib.GitTemplateVersionSource({
      repoDir: templatesRepo,
      templatesPath: this._option('templates-path') ?? 'templates',
    });
    try {
      const record = await this.lib.readGenerationRecord(this.serviceDir);
      if (!record) {
        throw new this.lib.UpgradeError(
          'not-scaffolded',
          `'${this.serviceDir}' was not scaffolded by a Conway golden path: no ${this.lib.GENERATION_RECORD_PATH}`,
        );
      }
      this.record = record;
      const versions = await this.source.listVersions(record.template);
      this.targetVersion = this._option('target-version') ?? versions.at(-1);
      this.target = await this.lib.loadTemplateVersion(
        this.source,
        record.template,
        this.targetVersion ?? record.version,
      );
    } catch (error) {
      await this.source.dispose();
      this._refuse(error);
    }
    this.log(
      `${this.record.template}: ${this.record.version} -> ${
        this.target.version
      } (${this.source.describe()})`,
    );
  }

  async prompting() {
    this.newAnswers = {};
    const file = this._option('answers');
    if (file !== undefined) {
      const full = path.resolve(file);
      try {
        this.newAnswers = JSON.parse(fs.readFileSync(full, 'utf8'));
      } catch (error) {
        throw new Error(
          `Cannot read answers from '${full}': ${error.message}\nNothing was changed.`,
        );
      }
      if (
        typeof this.newAnswers !== 'object' ||
        this.newAnswers === null ||
        Array.isArray(this.newAnswers)
      ) {
        throw new Error(
          `Answers file '${full}' must hold a JSON object such as {"tier": "gold"}\nNothing was changed.`,
        );
      }
    }
    // Ask only what the recorded answers cannot give: parameters the target
    // version added, and secrets (never recorded), unless the file answered them.
    const properties = this.target.answerSchema.properties;
    const questions = buildQuestions(this.lib, this.target).filter(
      q =>
        !(q.name in this.newAnswers) &&
        (!(q.name in this.record.answers) || properties[q.name]?.writeOnly),
    );
    if (questions.length > 0) {
      Object.assign(this.newAnswers, await this.prompt(questions));
    }
  }

  async writing() {
    const options = {
      source: this.source,
      targetVersion: this.targetVersion,
      newAnswers: this.newAnswers,
    };
    let result;
    try {
      if (this._option('dry-run')) {
        result = await this.lib.planUpgrade({
          ...options,
          serviceDir: this.serviceDir,
        });
      } else if (this._option('commit')) {
        result = await this.lib.upgradeRepository({
          ...options,
          repoDir: this.serviceDir,
        });
      } else {
        result = await this.lib.applyUpgrade(
          await this.lib.planUpgrade({
            ...options,
            serviceDir: this.serviceDir,
          }),
        );
      }
    } catch (error) {
      this._refuse(error);
    } finally {
      await this.source.dispose();
    }
    this.result = result;
    const changed = result.changes.filter(c => c.action !== 'unchanged');
    this.log(
      [
        `${this._option('dry-run') ? 'Would upgrade' : 'Upgraded'} ${
          result.template
        } from ${result.fromVersion} to ${result.toVersion}`,
        ...changed.map(
          c => `  ${c.action} ${c.from ? `${c.from} -> ` : ''}${c.path}`,
        ),
        ...(result.conflicts.length > 0
          ? [
              `Conflicts to resolve (${result.conflicts.length}):`,
              ...result.conflicts.map(c => `  ${c.path}: ${c.kind}`),
            ]
          : ['No conflicts.']),
      ].join('\n'),
    );
  }

  end() {
    if (this._option('dry-run')) {
      return;
    }
    this.log(
      this.result.commit
        ? `Committed ${this.result.commit} on ${this.result.branch}; resolve any conflicts there, then push.`
        : 'Review with `git diff`, resolve the conflicts (look for <<<<<<<), run the tests, then commit.',
    );
  }
}
