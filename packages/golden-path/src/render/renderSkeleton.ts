import fs from 'node:fs/promises';
import path from 'node:path';
import { validateAnswers } from '../answers/validateAnswers';
import { RenderError, RenderFileError } from '../errors';
import type { GoldenPathTemplate } from '../template/types';
import { buildRenderContext } from './context';
import {
  GENERATION_RECORD_PATH,
  serializeGenerationRecord,
} from './generationRecord';
import { renderHandlebars } from './handlebars';
import { toSafeRelativePath } from './safePath';

/** A file ready to be written, relative to the target directory. @public */
export interface RenderedFile {
  /** Relative path with `/` separators. */
  path: string;
  content: Buffer;
  /** 0o755 for files that are executable in the skeleton. */
  mode?: number;
}

const TEMPLATE_SUFFIX = '.hbs';

/**
 * Renders a template's skeleton in memory.
 *
 * @remarks
 * `*.hbs` files are rendered (and lose the suffix); a rendering that is empty
 * or whitespace-only is omitted. Other files are copied byte for byte. The
 * generation record is added at {@link GENERATION_RECORD_PATH}. Answers are
 * validated again, so raw answers are accepted too.
 *
 * @throws AnswerValidationError for invalid answers
 * @throws RenderError listing every skeleton file that failed
 * @public
 */
export async function renderSkeleton(
  template: GoldenPathTemplate,
  answers: unknown,
): Promise<RenderedFile[]> {
  const values = validateAnswers(template, answers);
  const context = buildRenderContext(template, values);
  const files = new Map<string, RenderedFile>();
  const errors: RenderFileError[] = [];

  for (const file of template.skeletonFiles) {
    const source = path.join(template.skeletonDir, ...file.split('/'));
    try {
      const [content, stat] = await Promise.all([
        fs.readFile(source),
        fs.stat(source),
      ]);
      const mode = stat.mode & 0o111 ? 0o755 : undefined;
      const isTemplate = file.endsWith(TEMPLATE_SUFFIX);
      const target = toSafeRelativePath(
        isTemplate ? file.slice(0, -TEMPLATE_SUFFIX.length) : file,
      );
      if (target === GENERATION_RECORD_PATH || files.has(target)) {
        throw new Error(
          `output path '${target}' is ${
            files.has(target) ? 'produced by another file' : 'reserved'
          }`,
        );
      }
      if (!isTemplate) {
        files.set(target, { path: target, content, mode });
        continue;
      }
      const rendered = renderHandlebars(content.toString('utf8'), context);
      if (rendered.trim() !== '') {
        files.set(target, {
          path: target,
          content: Buffer.from(rendered, 'utf8'),
          mode,
        });
      }
    } catch (error) {
      errors.push({ file, message: (error as Error).message });
    }
  }
  if (errors.length > 0) {
    throw new RenderError(template.name, errors);
  }

  files.set(GENERATION_RECORD_PATH, {
    path: GENERATION_RECORD_PATH,
    content: Buffer.from(serializeGenerationRecord(context.record), 'utf8'),
  });
  // Code-point order: the same on every machine, whatever its locale.
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
