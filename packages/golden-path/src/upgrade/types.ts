import type { Answers } from '../template/types';
import type { JsonObject } from '../types';
import type { TemplateVersionSource } from './TemplateVersionSource';

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
