import type { TemplateFile } from './renderVersions';
import { byPathOrder } from './stableOrder';
import type {
  UpgradeChange,
  UpgradeConflict,
  UpgradeConflictKind,
  UpgradeOperation,
} from './types';

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
export class PlanBuilder {
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

  /** Deletions, then writes, each in path order. */
  operations(): UpgradeOperation[] {
    return [
      ...[...this.deletes].sort().map(file => ({
        type: 'delete' as const,
        path: file,
      })),
      ...[...this.writes]
        .map(([file, w]) => ({
          type: 'write' as const,
          path: file,
          content: w.content,
          executable: w.executable,
        }))
        .sort(byPathOrder),
    ];
  }
}
