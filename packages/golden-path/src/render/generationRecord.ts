import fs from 'node:fs/promises';
import path from 'node:path';
import type { Answers, GoldenPathTemplate } from '../template/types';
import { isJsonObject } from '../types';

/** Where every rendered project records how it was generated. @public */
export const GENERATION_RECORD_PATH = '.conway/golden-path.json';

/**
 * What a project was generated from, so it can be re-rendered and upgraded.
 *
 * @remarks
 * Deterministic (no timestamp), so re-rendering the same answers gives the
 * same bytes. Secret answers (`writeOnly`) are left out.
 *
 * @public
 */
export interface GenerationRecord {
  template: string;
  version: string;
  answers: Answers;
}

/** Builds the generation record for validated answers. @public */
export function createGenerationRecord(
  template: Pick<GoldenPathTemplate, 'name' | 'version' | 'answerSchema'>,
  answers: Answers,
): GenerationRecord {
  const recorded = Object.entries(answers).filter(
    ([field]) => !template.answerSchema.properties[field]?.writeOnly,
  );
  return {
    template: template.name,
    version: template.version,
    answers: Object.fromEntries(recorded),
  };
}

/** Serialises a record as the library writes it (2-space JSON, trailing newline). @public */
export function serializeGenerationRecord(record: GenerationRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Reads the generation record of a generated project.
 *
 * @returns the record, or undefined when the project has none
 * @public
 */
export async function readGenerationRecord(
  projectDir: string,
): Promise<GenerationRecord | undefined> {
  const file = path.join(projectDir, GENERATION_RECORD_PATH);
  const text = await fs.readFile(file, 'utf8').catch(error => {
    if (error.code === 'ENOENT') {
      return undefined;
    }
    throw error;
  });
  if (text === undefined) {
    return undefined;
  }
  const record = JSON.parse(text);
  if (
    !isJsonObject(record) ||
    typeof record.template !== 'string' ||
    typeof record.version !== 'string' ||
    !isJsonObject(record.answers)
  ) {
    throw new Error(
      `Invalid generation record '${file}': expected template, version and answers`,
    );
  }
  return record as unknown as GenerationRecord;
}
