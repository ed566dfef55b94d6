import { validateAnswers } from '../answers/validateAnswers';
import { AnswerValidationError } from '../errors';
import type { GenerationRecord } from '../render/generationRecord';
import type { Answers, GoldenPathTemplate } from '../template/types';
import { JsonObject, JsonValue } from '../types';
import { UpgradeError } from './UpgradeError';

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
export function prepareAnswers(
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

/** The answers to record after the upgrade: the target's, secrets left out. */
export function recordableAnswers(
  target: GoldenPathTemplate,
  answers: Answers,
): Answers {
  return Object.fromEntries(
    Object.entries(answers).filter(
      ([field]) => !target.answerSchema.properties[field]?.writeOnly,
    ),
  ) as Record<string, JsonValue>;
}
