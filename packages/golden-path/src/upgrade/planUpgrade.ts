import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { validateAnswers } from '../answers/validateAnswers';
import { AnswerValidationError } from '../errors';
import { mergeThreeWay } from '../merge/mergeThreeWay';
import {
  GENERATION_RECORD_PATH,
  GenerationRecord,
  readGenerationRecord,
} from '../render/generationRecord';
import { RenderedFile, renderSkeleton } from '../render/renderSkeleton';
import type { Answers, GoldenPathTemplate } from '../template/types';
import { isJsonObject, JsonObject, JsonValue } from '../types';
import { changelogBetween } from './changelog';
import { isBinary, similarity } from './fileContent';
import { compareVersions, latestVersion } from './semver';
import {
  loadTemplateVersion,
  TemplateVersionSource,
  unknownVersion,
} from './TemplateVersionSource';
import { UpgradeError } from './UpgradeError';

/** Options of {@link planUpgrade}. @public */
export interface PlanUpgradeOptions {
  /** The generated service: the directory holding `.conway/golden-path.json`. */
  serviceDir: string;
  /** Where the recorded and the target versions of the template come from. */
  source: TemplateVersionSource;
  /** The version to upgrade to; the newest release in the source by default. */
  targetVersion?: string;
  /**
   * Answers for parameters the target version adds, for secrets (which are
   * never recorded) and to change recorded answers.
   */
  newAnswers?: JsonObject;
}

/** What an upgrade does to one file. @public */
export type UpgradeAction =
  | 'added'
  | 'updated'
  | 'merged'
  | 'deleted'
  | 'renamed'
  | 'unchanged'
  | 'conflict';

/**
 * Why a file needs a person:
 *
 * - `content`: the template and the team changed the same lines; the file has conflict markers.
 * - `binary`: a binary file both changed; the team's is kept, the template's is written beside it.
 * - `deleted-by-template-modified-by-team`: the template dropped a file the team changed; it is kept.
 * - `modified-by-template-deleted-by-team`: the template changed a file the team deleted; the template's is written.
 * - `added-by-both`: the template now produces a file the team already has with other content.
 * - `not-a-file`: the service has a directory or symlink where the template has a file; nothing is written there.
 *
 * @public
 */
export type UpgradeConflictKind =
  | 'content'
  | 'binary'
  | 'deleted-by-template-modified-by-team'
  | 'modified-by-template-deleted-by-team'
  | 'added-by-both'
  | 'not-a-file';

/** One file the template produces (at either version). @public */
export interface UpgradeChange {
  /** Path relative to the service directory, `/`-separated; the new path of a renamed file. */
  path: string;
  action: UpgradeAction;
  /** The old path of a file the template renamed. */
  from?: string;
  /** Set when `action` is `conflict`. */
  conflict?: UpgradeConflictKind;
  /** Where the template's version of a conflicting binary file was written. */
  templateCopy?: string;
}

/** A file that needs a person after the upgrade. @public */
export interface UpgradeConflict {
  path: string;
  kind: UpgradeConflictKind;
  message: string;
  templateCopy?: string;
}

/** What an upgrade does or did. @public */
export interface UpgradeResult {
  template: string;
  fromVersion: string;
  toVersion: string;
  /** The answers recorded after the upgrade (secrets left out). */
  answers: Answers;
  /** Parameters the target version has and the recorded one had not. */
  newParameters: string[];
  /** Recorded answers for parameters the target version no longer has. */
  droppedAnswers: string[];
  /** Every file either version produces, plus the generation record, sorted by path. */
  changes: UpgradeChange[];
  conflicts: UpgradeConflict[];
  /** The template's CHANGELOG.md sections after `fromVersion` up to `toVersion`. */
  changelog: string;
  warnings: string[];
}

/** A file write or deletion an upgrade will make. @public */
export type UpgradeOperation =
  | { type: 'write'; path: string; content: Buffer; executable: boolean }
  | { type: 'delete'; path: string };

/**
 * An upgrade computed in memory, to show (dry run) or give to {@link applyUpgrade}.
 *
 * @public
 */
export interface UpgradePlan extends UpgradeResult {
  /** Absolute path of the service directory. */
  serviceDir: string;
  /** Deletions, then writes; empty when there is nothing to do. */
  operations: UpgradeOperation[];
  /**
   * What the plan read: per path, the SHA-1 of the file, `absent` or `other`.
   * {@link applyUpgrade} refuses to apply when the files changed since.
   */
  observed: Record<string, string>;
}

/** A path in the service as the plan found it. */
type OursFile =
  | { kind: 'absent'; blockedBy?: string }
  | { kind: 'file'; content: Buffer; executable: boolean }
  | { kind: 'other'; what: string };

/** A file as a template version renders it. */
interface TemplateFile {
  content: Buffer;
  executable: boolean;
}

const sha1 = (content: Buffer) =>
  createHash('sha1').update(content).digest('hex');

function observation(file: OursFile): string {
  return file.kind === 'file' ? sha1(file.content) : file.kind;
}

/** Reads a path of the service without following symlinks, in the file or in its parents. */
export async function readServiceFile(
  root: string,
  relative: string,
): Promise<OursFile> {
  const segments = relative.split('/');
  let current = root;
  for (const [i, segment] of segments.entries()) {
    current = path.join(current, segment);
    const stat = await fs.lstat(current).catch(error => {
      if (error.code === 'ENOENT') {
        return undefined;
      }
      throw error;
    });
    const prefix = segments.slice(0, i + 1).join('/');
    const last = i === segments.length - 1;
    if (!stat) {
      return { kind: 'absent' };
    }
    if (stat.isSymbolicLink()) {
      return {
        kind: 'other',
        what: last ? 'a symlink' : `behind the symlink '${prefix}'`,
      };
    }
    if (last) {
      if (stat.isFile()) {
        return {
          kind: 'file',
          content: await fs.readFile(current),
          executable: (stat.mode & 0o100) !== 0,
        };
      }
      return {
        kind: 'other',
        what: stat.isDirectory() ? 'a directory' : 'a special file',
      };
    }
    if (!stat.isDirectory()) {
      return { kind: 'absent', blockedBy: prefix };
    }
  }
  return { kind: 'absent' };
}

const blank = (value: unknown) =>
  value === undefined || value === null || value === '';

function describeField(template: GoldenPathTemplate, field: string): string {
  const property = template.answerSchema.properties[field];
  const notes = [
    property?.title,
    property?.writeOnly ? 'a secret, which is never recorded' : undefined,
  ].filter(Boolean);
  return notes.length > 0 ? `${field} (${notes.join('; ')})` : field;
}

/** Splits the recorded and the new answers into what renders the base and what renders the target. */
function prepareAnswers(
  base: GoldenPathTemplate,
  target: GoldenPathTemplate,
  record: GenerationRecord,
  newAnswers: JsonObject,
) {
  const secretsOf = (template: GoldenPathTemplate) =>
    Object.entries(template.answerSchema.properties)
      .filter(([, property]) => property.writeOnly)
      .map(([field]) => field);

  const baseRaw: JsonObject = { ...record.answers };
  for (const field of secretsOf(base)) {
    if (blank(baseRaw[field]) && newAnswers[field] !== undefined) {
      baseRaw[field] = newAnswers[field];
    }
  }
  const targetRaw: JsonObject = {};
  const droppedAnswers: string[] = [];
  for (const [field, value] of Object.entries(record.answers)) {
    if (field in target.answerSchema.properties) {
      targetRaw[field] = value;
    } else {
      droppedAnswers.push(field);
    }
  }
  Object.assign(targetRaw, newAnswers);

  const missingIn = (template: GoldenPathTemplate, raw: JsonObject) =>
    template.answerSchema.required.filter(
      field =>
        blank(raw[field]) &&
        template.answerSchema.properties[field]?.default === undefined,
    );
  const missing = [
    ...new Set([...missingIn(base, baseRaw), ...missingIn(target, targetRaw)]),
  ];
  if (missing.length > 0) {
    throw new UpgradeError(
      'missing-answers',
      `Upgrading to template '${target.name}' ${
        target.version
      } needs answers for: ${missing
        .map(field =>
          describeField(
            field in target.answerSchema.properties ? target : base,
            field,
          ),
        )
        .join(
          '; ',
        )}. Give them as new answers (conway upgrade --answers <file.json>)`,
      { fields: missing },
    );
  }

  let baseAnswers: Answers;
  try {
    baseAnswers = validateAnswers(base, baseRaw);
  } catch (error) {
    throw new UpgradeError(
      'invalid-record',
      `The recorded answers no longer render template '${base.name}' ${
        base.version
      }: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let targetAnswers: Answers;
  try {
    targetAnswers = validateAnswers(target, targetRaw);
  } catch (error) {
    if (error instanceof AnswerValidationError) {
      throw new UpgradeError('invalid-answers', error.message, {
        fields: error.errors.map(e => e.field),
        cause: error,
      });
    }
    throw error;
  }
  const newParameters = Object.keys(target.answerSchema.properties).filter(
    field => !(field in base.answerSchema.properties),
  );
  return { baseAnswers, targetAnswers, droppedAnswers, newParameters };
}

function byPath(files: RenderedFile[]): Map<string, TemplateFile> {
  return new Map(
    files
      .filter(f => f.path !== GENERATION_RECORD_PATH)
      .map(f => [
        f.path,
        { content: f.content, executable: f.mode !== undefined },
      ]),
  );
}

/** Code-point order, the same on every machine whatever its locale. */
function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

const RENAME_THRESHOLD = 0.5;
const MAX_RENAME_PAIRS = 100_000;

/**
 * Pairs files the target version removed with files it added: identical
 * content first, then text files at least 50% alike (git's default), best pairs first.
 *
 * @returns added path → removed path
 */
export function detectRenames(
  removed: Map<string, Buffer>,
  added: Map<string, Buffer>,
): Map<string, string> {
  const renames = new Map<string, string>();
  const used = new Set<string>();
  const removedByHash = new Map<string, string[]>();
  for (const [file, content] of removed) {
    if (content.length > 0) {
      const hash = sha1(content);
      removedByHash.set(hash, [...(removedByHash.get(hash) ?? []), file]);
    }
  }
  for (const [file, content] of added) {
    const candidate = removedByHash.get(sha1(content))?.find(r => !used.has(r));
    if (content.length > 0 && candidate) {
      renames.set(file, candidate);
      used.add(candidate);
    }
  }

  const text = (entries: Map<string, Buffer>, taken: (f: string) => boolean) =>
    [...entries]
      .filter(([file, content]) => !taken(file) && !isBinary(content))
      .map(([file, content]) => ({ file, text: content.toString('utf8') }));
  const from = text(removed, f => used.has(f));
  const to = text(added, f => renames.has(f));
  if (from.length * to.length > MAX_RENAME_PAIRS) {
    return renames;
  }
  const pairs: { from: string; to: string; score: number }[] = [];
  for (const a of from) {
    for (const b of to) {
      const score = similarity(a.text, b.text);
      if (score >= RENAME_THRESHOLD) {
        pairs.push({ from: a.file, to: b.file, score });
      }
    }
  }
  pairs.sort(
    (x, y) =>
      y.score - x.score ||
      compareStrings(x.to, y.to) ||
      compareStrings(x.from, y.from),
  );
  for (const pair of pairs) {
    if (!used.has(pair.from) && !renames.has(pair.to)) {
      renames.set(pair.to, pair.from);
      used.add(pair.from);
    }
  }
  return renames;
}

/** The outcome for one file the template produces at both versions. */
interface Merged {
  content: Buffer;
  executable: boolean;
  status: 'unchanged' | 'theirs' | 'merged' | 'conflict' | 'binary-conflict';
}

/** Three-way merge of one file: the template's change (base → theirs) applied to ours. */
function mergeFile(
  base: TemplateFile,
  ours: { content: Buffer; executable: boolean },
  theirs: TemplateFile,
): Merged {
  // Only the executable bit is tracked, as in git: take the template's change to it, if any.
  const executable =
    base.executable !== theirs.executable ? theirs.executable : ours.executable;
  if (base.content.equals(theirs.content)) {
    return { content: ours.content, executable, status: 'unchanged' };
  }
  if (ours.content.equals(base.content)) {
    return { content: theirs.content, executable, status: 'theirs' };
  }
  if (ours.content.equals(theirs.content)) {
    return { content: ours.content, executable, status: 'unchanged' };
  }
  if (
    isBinary(base.content) ||
    isBinary(ours.content) ||
    isBinary(theirs.content)
  ) {
    return { content: ours.content, executable, status: 'binary-conflict' };
  }
  const merged = mergeThreeWay(
    base.content.toString('utf8'),
    ours.content.toString('utf8'),
    theirs.content.toString('utf8'),
  );
  return {
    content: Buffer.from(merged.text, 'utf8'),
    executable,
    status: merged.conflict ? 'conflict' : 'merged',
  };
}

/**
 * Both sides added a file with different content (no common ancestor): lines
 * they share at the start and the end stay, the rest becomes one conflict, as
 * git writes an add/add conflict.
 */
export function addAddConflict(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  return [
    ...a.slice(0, start),
    '<<<<<<< ours',
    ...a.slice(start, a.length - end),
    '=======',
    ...b.slice(start, b.length - end),
    '>>>>>>> theirs',
    ...a.slice(a.length - end),
  ].join('\n');
}

const CONFLICT_MESSAGES: Record<UpgradeConflictKind, string> = {
  content:
    'the template and the service changed the same lines: resolve the conflict markers',
  binary:
    "a binary file both the template and the service changed: the service's is kept, the template's is written beside it",
  'deleted-by-template-modified-by-team':
    "the template no longer produces this file, which the service changed: the service's file is kept; delete it or keep it",
  'modified-by-template-deleted-by-team':
    "the service deleted this file, which the template changed: the template's file was written; delete it again or keep it",
  'added-by-both':
    'the template now produces this file, which the service already has with other content: resolve the conflict markers',
  'not-a-file': 'nothing was written there',
};

/** Collects changes, conflicts and operations while the plan is built. */
class PlanBuilder {
  readonly changes: UpgradeChange[] = [];
  readonly conflicts: UpgradeConflict[] = [];
  readonly writes = new Map<
    string,
    { content: Buffer; executable: boolean; change: UpgradeChange }
  >();
  readonly deletes = new Set<string>();

  constructor(private readonly toVersion: string) {}

  change(change: UpgradeChange): UpgradeChange {
    this.changes.push(change);
    return change;
  }

  write(
    file: string,
    content: Buffer,
    executable: boolean,
    change: UpgradeChange,
  ) {
    this.writes.set(file, { content, executable, change });
  }

  conflict(change: UpgradeChange, kind: UpgradeConflictKind, detail?: string) {
    change.action = 'conflict';
    change.conflict = kind;
    this.conflicts.push({
      path: change.path,
      kind,
      message: detail ?? CONFLICT_MESSAGES[kind],
      ...(change.templateCopy ? { templateCopy: change.templateCopy } : {}),
    });
  }

  /** Keeps ours, writes theirs beside it as `<file>.template-<version>`. */
  binaryConflict(
    change: UpgradeChange,
    theirs: TemplateFile,
    kind: 'binary' | 'added-by-both' = 'binary',
  ) {
    change.templateCopy = `${change.path}.template-${this.toVersion}`;
    this.writes.set(change.templateCopy, {
      ...theirs,
      change: this.change({ path: change.templateCopy, action: 'added' }),
    });
    const what =
      kind === 'binary'
        ? 'a binary file both the template and the service changed'
        : 'the template now produces this binary file, which the service already has with other content';
    this.conflict(
      change,
      kind,
      `${what}: the service's is kept, the template's ${this.toVersion} is in ${change.templateCopy}`,
    );
  }
}

/**
 * Computes an upgrade of a generated service to another version of its
 * template, without writing anything.
 *
 * @remarks
 * Renders the recorded version with the recorded answers (base) and the
 * target version with the same answers plus `newAnswers` (theirs), then merges
 * the template's changes into the service's files (ours), file by file, as
 * described in UPGRADES.md. Files the template never produced are not read.
 *
 * @throws UpgradeError when the service was not generated from a golden path,
 *   a version is unknown, answers are missing or invalid
 * @public
 */
export async function planUpgrade(
  options: PlanUpgradeOptions,
): Promise<UpgradePlan> {
  const serviceDir = path.resolve(options.serviceDir);
  const { source } = options;
  const stat = await fs.stat(serviceDir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new UpgradeError(
      'not-scaffolded',
      `Service directory '${serviceDir}' does not exist`,
    );
  }
  let record: GenerationRecord | undefined;
  try {
    record = await readGenerationRecord(serviceDir);
  } catch (error) {
    throw new UpgradeError(
      'invalid-record',
      `Cannot read ${GENERATION_RECORD_PATH} in '${serviceDir}': ${
        (error as Error).message
      }`,
      { cause: error },
    );
  }
  if (!record) {
    throw new UpgradeError(
      'not-scaffolded',
      `'${serviceDir}' was not scaffolded by a Conway golden path: no ${GENERATION_RECORD_PATH}`,
    );
  }
  if (options.newAnswers !== undefined && !isJsonObject(options.newAnswers)) {
    throw new UpgradeError(
      'invalid-answers',
      'New answers must be a JSON object of parameter names to values',
    );
  }
  const newAnswers = options.newAnswers ?? {};

  const versions = await source.listVersions(record.template);
  if (!versions.includes(record.version)) {
    throw unknownVersion(source, record.template, record.version, versions);
  }
  const toVersion = options.targetVersion ?? latestVersion(versions)!;
  if (!versions.includes(toVersion)) {
    throw unknownVersion(source, record.template, toVersion, versions);
  }
  if (compareVersions(toVersion, record.version) < 0) {
    throw new UpgradeError(
      'downgrade',
      `'${serviceDir}' is on template '${record.template}' ${record.version}; ${toVersion} is older`,
    );
  }
  const [baseTemplate, targetTemplate] = await Promise.all([
    loadTemplateVersion(source, record.template, record.version),
    loadTemplateVersion(source, record.template, toVersion),
  ]);
  const { baseAnswers, targetAnswers, droppedAnswers, newParameters } =
    prepareAnswers(baseTemplate, targetTemplate, record, newAnswers);
  const [baseFiles, theirsFiles] = await Promise.all([
    renderSkeleton(baseTemplate, baseAnswers),
    renderSkeleton(targetTemplate, targetAnswers),
  ]);
  const base = byPath(baseFiles);
  const theirs = byPath(theirsFiles);

  const observed: Record<string, string> = {};
  const oursCache = new Map<string, Promise<OursFile>>();
  const ours = async (file: string) => {
    let promise = oursCache.get(file);
    if (!promise) {
      promise = readServiceFile(serviceDir, file);
      oursCache.set(file, promise);
    }
    const result = await promise;
    observed[file] = observation(result);
    return result;
  };

  const plan = new PlanBuilder(toVersion);
  const removed = new Map(
    [...base].filter(([f]) => !theirs.has(f)).map(([f, t]) => [f, t.content]),
  );
  const added = new Map(
    [...theirs].filter(([f]) => !base.has(f)).map(([f, t]) => [f, t.content]),
  );
  const renames = detectRenames(removed, added);
  // A rename onto a path the service already uses is handled as a removal plus an addition.
  for (const [to] of renames) {
    if ((await ours(to)).kind !== 'absent') {
      renames.delete(to);
    }
  }
  const renamedFrom = new Set(renames.values());

  const paths = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  for (const file of paths) {
    if (renamedFrom.has(file)) {
      continue;
    }
    const b = base.get(file);
    const t = theirs.get(file);
    const renamedFromPath = renames.get(file);
    const oursPath = renamedFromPath ?? file;
    const baseFile = renamedFromPath ? base.get(renamedFromPath)! : b;
    const o = await ours(oursPath);
    const change = plan.change({
      path: file,
      action: 'unchanged',
      ...(renamedFromPath ? { from: renamedFromPath } : {}),
    });

    if (baseFile && t) {
      if (o.kind === 'other') {
        plan.conflict(
          change,
          'not-a-file',
          `'${oursPath}' is ${o.what} in the service: nothing was written there`,
        );
        continue;
      }
      if (o.kind === 'absent') {
        if (!baseFile.content.equals(t.content)) {
          plan.write(file, t.content, t.executable, change);
          plan.conflict(change, 'modified-by-template-deleted-by-team');
        }
        continue;
      }
      const merged = mergeFile(baseFile, o, t);
      if (merged.status === 'binary-conflict') {
        if (renamedFromPath) {
          plan.write(file, o.content, merged.executable, change);
          plan.deletes.add(renamedFromPath);
        }
        plan.binaryConflict(change, t);
        continue;
      }
      const same =
        merged.content.equals(o.content) && merged.executable === o.executable;
      if (renamedFromPath) {
        plan.write(file, merged.content, merged.executable, change);
        plan.deletes.add(renamedFromPath);
        change.action = 'renamed';
      } else if (!same) {
        plan.write(file, merged.content, merged.executable, change);
        change.action = merged.status === 'merged' ? 'merged' : 'updated';
      }
      if (merged.status === 'conflict') {
        plan.conflict(change, 'content');
      }
    } else if (b) {
      // Removed by the template.
      if (o.kind === 'file') {
        if (o.content.equals(b.content)) {
          plan.deletes.add(file);
          change.action = 'deleted';
        } else {
          plan.conflict(change, 'deleted-by-template-modified-by-team');
        }
      }
    } else if (t) {
      // Added by the template.
      if (o.kind === 'other') {
        plan.conflict(
          change,
          'not-a-file',
          `'${file}' is ${o.what} in the service: nothing was written there`,
        );
      } else if (o.kind === 'absent') {
        plan.write(file, t.content, t.executable, change);
        change.action = 'added';
      } else if (!o.content.equals(t.content)) {
        if (isBinary(o.content) || isBinary(t.content)) {
          plan.binaryConflict(change, t, 'added-by-both');
        } else {
          const text = addAddConflict(
            o.content.toString('utf8'),
            t.content.toString('utf8'),
          );
          plan.write(file, Buffer.from(text, 'utf8'), o.executable, change);
          plan.conflict(change, 'added-by-both');
        }
      } else if (o.executable !== t.executable) {
        plan.write(file, o.content, t.executable, change);
        change.action = 'updated';
      }
    }
  }

  // A write below a path the service has as a file works only if the plan deletes that file.
  for (const [file, write] of [...plan.writes]) {
    const o = await ours(file);
    if (o.kind === 'absent' && o.blockedBy && !plan.deletes.has(o.blockedBy)) {
      plan.writes.delete(file);
      const conflict = plan.conflicts.findIndex(c => c.path === file);
      if (conflict !== -1) {
        plan.conflicts.splice(conflict, 1);
      }
      plan.conflict(
        write.change,
        'not-a-file',
        `'${o.blockedBy}' is a file in the service, so '${file}' cannot be written: nothing was written there`,
      );
    }
  }

  // The generation record always becomes the target's.
  const record_ = theirsFiles.find(f => f.path === GENERATION_RECORD_PATH)!;
  const oursRecord = await ours(GENERATION_RECORD_PATH);
  const recordChange = plan.change({
    path: GENERATION_RECORD_PATH,
    action: 'unchanged',
  });
  if (
    oursRecord.kind !== 'file' ||
    !oursRecord.content.equals(record_.content)
  ) {
    plan.write(GENERATION_RECORD_PATH, record_.content, false, recordChange);
    recordChange.action = 'updated';
  }

  const warnings: string[] = [];
  const changelogText = await fs
    .readFile(path.join(targetTemplate.dir, 'CHANGELOG.md'), 'utf8')
    .catch(() => undefined);
  const changelog = changelogBetween(
    changelogText ?? '',
    record.version,
    toVersion,
  );
  if (toVersion !== record.version && !changelog.versions.includes(toVersion)) {
    warnings.push(
      `CHANGELOG.md of template '${record.template}' ${toVersion} has no '## ${toVersion}' section`,
    );
  }

  const byPathOrder = (a: { path: string }, b: { path: string }) =>
    compareStrings(a.path, b.path);
  const operations: UpgradeOperation[] = [
    ...[...plan.deletes].sort().map(file => ({
      type: 'delete' as const,
      path: file,
    })),
    ...[...plan.writes]
      .map(([file, w]) => ({
        type: 'write' as const,
        path: file,
        content: w.content,
        executable: w.executable,
      }))
      .sort(byPathOrder),
  ];
  for (const op of operations) {
    if (!(op.path in observed)) {
      observed[op.path] = observation(
        await readServiceFile(serviceDir, op.path),
      );
    }
  }

  return {
    serviceDir,
    template: record.template,
    fromVersion: record.version,
    toVersion,
    answers: Object.fromEntries(
      Object.entries(targetAnswers).filter(
        ([field]) => !targetTemplate.answerSchema.properties[field]?.writeOnly,
      ),
    ) as Record<string, JsonValue>,
    newParameters,
    droppedAnswers,
    changes: plan.changes.sort(byPathOrder),
    conflicts: plan.conflicts.sort(byPathOrder),
    changelog: changelog.text,
    warnings,
    operations,
    observed,
  };
}
