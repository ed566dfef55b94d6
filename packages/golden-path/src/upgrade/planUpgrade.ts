import { classifyChanges } from './classifyChanges';
import { PlanBuilder } from './PlanBuilder';
import { prepareAnswers, recordableAnswers } from './prepareAnswers';
import { readUpgradeSubject } from './readUpgradeSubject';
import { renderVersions } from './renderVersions';
import { ServiceFiles } from './serviceFiles';
import { byPathOrder } from './stableOrder';
import type { PlanUpgradeOptions, UpgradePlan } from './types';
import { upgradeChangelog } from './upgradeChangelog';

// Where the upgrade's other modules and tests have imported them from.
export type { PlanUpgradeOptions, UpgradePlan, UpgradeResult } from './types';
export { readServiceFile } from './serviceFiles';
export { detectRenames } from './detectRenames';
export { addAddConflict } from './mergeFile';

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
  const { serviceDir, record, newAnswers, toVersion, ...templates } =
    await readUpgradeSubject(options);
  const { baseTemplate, targetTemplate } = templates;
  const { baseAnswers, targetAnswers, droppedAnswers, newParameters } =
    prepareAnswers(baseTemplate, targetTemplate, record, newAnswers);
  const versions = await renderVersions(
    { template: baseTemplate, answers: baseAnswers },
    { template: targetTemplate, answers: targetAnswers },
  );

  const ours = new ServiceFiles(serviceDir);
  const plan = new PlanBuilder(toVersion);
  await classifyChanges(versions, file => ours.read(file), plan);

  const changelog = await upgradeChangelog(targetTemplate, record.version);
  const operations = plan.operations();
  await ours.observe(operations.map(op => op.path));

  return {
    serviceDir,
    template: record.template,
    fromVersion: record.version,
    toVersion,
    answers: recordableAnswers(targetTemplate, targetAnswers),
    newParameters,
    droppedAnswers,
    changes: plan.changes.sort(byPathOrder),
    conflicts: plan.conflicts.sort(byPathOrder),
    changelog: changelog.text,
    warnings: changelog.warnings,
    operations,
    observed: ours.observed,
  };
}
