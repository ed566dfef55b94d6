import { GENERATION_RECORD_PATH } from '../render/generationRecord';
import { detectRenames } from './detectRenames';
import { isBinary } from './fileContent';
import { addAddConflict, mergeFile } from './mergeFile';
import { PlanBuilder } from './PlanBuilder';
import type { RenderedVersions, TemplateFile } from './renderVersions';
import type { OursFile } from './serviceFiles';
import type { UpgradeChange } from './types';

/** Reads a path of the service (see `ServiceFiles.read`). */
export type ReadOurs = (file: string) => Promise<OursFile>;

/**
 * Decides, file by file, what the upgrade does to every file either version
 * of the template produces, and to the generation record, as UPGRADES.md
 * describes; records it in `plan`.
 */
export async function classifyChanges(
  versions: RenderedVersions,
  ours: ReadOurs,
  plan: PlanBuilder,
): Promise<void> {
  const { base, theirs } = versions;
  const renames = await templateRenames(versions, ours);
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
      changedByTemplate(plan, change, { base: baseFile, ours: o, theirs: t });
    } else if (b) {
      removedByTemplate(plan, change, b, o);
    } else if (t) {
      addedByTemplate(plan, change, o, t);
    }
  }

  await refuseBlockedWrites(ours, plan);

  // The generation record always becomes the target's.
  const oursRecord = await ours(GENERATION_RECORD_PATH);
  const recordChange = plan.change({
    path: GENERATION_RECORD_PATH,
    action: 'unchanged',
  });
  if (
    oursRecord.kind !== 'file' ||
    !oursRecord.content.equals(versions.targetRecord)
  ) {
    plan.write(
      GENERATION_RECORD_PATH,
      versions.targetRecord,
      false,
      recordChange,
    );
    recordChange.action = 'updated';
  }
}

/**
 * Files the target version renamed: added path → removed path. A rename onto
 * a path the service already uses is handled as a removal plus an addition.
 */
async function templateRenames(
  { base, theirs }: RenderedVersions,
  ours: ReadOurs,
): Promise<Map<string, string>> {
  const removed = new Map(
    [...base].filter(([f]) => !theirs.has(f)).map(([f, t]) => [f, t.content]),
  );
  const added = new Map(
    [...theirs].filter(([f]) => !base.has(f)).map(([f, t]) => [f, t.content]),
  );
  const renames = detectRenames(removed, added);
  for (const [to] of renames) {
    if ((await ours(to)).kind !== 'absent') {
      renames.delete(to);
    }
  }
  return renames;
}

/** A file both versions produce (at the same path, or renamed: `change.from`). */
function changedByTemplate(
  plan: PlanBuilder,
  change: UpgradeChange,
  sides: { base: TemplateFile; ours: OursFile; theirs: TemplateFile },
) {
  const { base, ours: o, theirs: t } = sides;
  const file = change.path;
  const renamedFromPath = change.from;
  if (o.kind === 'other') {
    notAFile(plan, change, renamedFromPath ?? file, o.what);
    return;
  }
  if (o.kind === 'absent') {
    if (!base.content.equals(t.content)) {
      plan.write(file, t.content, t.executable, change);
      plan.conflict(change, 'modified-by-template-deleted-by-team');
    }
    return;
  }
  const merged = mergeFile(base, o, t);
  if (merged.status === 'binary-conflict') {
    if (renamedFromPath) {
      plan.write(file, o.content, merged.executable, change);
      plan.deletes.add(renamedFromPath);
    }
    plan.binaryConflict(change, t);
    return;
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
}

/** A file the recorded version produces and the target no longer does. */
function removedByTemplate(
  plan: PlanBuilder,
  change: UpgradeChange,
  base: TemplateFile,
  o: OursFile,
) {
  if (o.kind === 'file') {
    if (o.content.equals(base.content)) {
      plan.deletes.add(change.path);
      change.action = 'deleted';
    } else {
      plan.conflict(change, 'deleted-by-template-modified-by-team');
    }
  }
}

/** A file the target version produces and the recorded one did not. */
function addedByTemplate(
  plan: PlanBuilder,
  change: UpgradeChange,
  o: OursFile,
  t: TemplateFile,
) {
  const file = change.path;
  if (o.kind === 'other') {
    notAFile(plan, change, file, o.what);
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

function notAFile(
  plan: PlanBuilder,
  change: UpgradeChange,
  oursPath: string,
  what: string,
) {
  plan.conflict(
    change,
    'not-a-file',
    `'${oursPath}' is ${what} in the service: nothing was written there`,
  );
}

/** A write below a path the service has as a file works only if the plan deletes that file. */
async function refuseBlockedWrites(ours: ReadOurs, plan: PlanBuilder) {
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
}
