import { validateAnswers } from '../answers/validateAnswers';
import type { Answers, GoldenPathTemplate } from '../template/types';
import { renderSkeleton } from './renderSkeleton';
import { WriteOptions, writeRenderedFiles } from './writeRenderedFiles';

/** Result of {@link renderToDirectory}. @public */
export interface RenderToDirectoryResult {
  answers: Answers;
  /** Relative paths written, generation record included. */
  files: string[];
}

/**
 * Validates answers, renders the skeleton in memory and writes it to a directory.
 * Nothing is written unless every file renders.
 *
 * @public
 */
export async function renderToDirectory(
  template: GoldenPathTemplate,
  rawAnswers: unknown,
  targetDir: string,
  options: WriteOptions = {},
): Promise<RenderToDirectoryResult> {
  const answers = validateAnswers(template, rawAnswers);
  const rendered = await renderSkeleton(template, answers);
  const files = await writeRenderedFiles(rendered, targetDir, options);
  return { answers, files };
}
