import { GENERATION_RECORD_PATH } from '../render/generationRecord';
import { RenderedFile, renderSkeleton } from '../render/renderSkeleton';
import type { Answers, GoldenPathTemplate } from '../template/types';

/** A file as a template version renders it. */
export interface TemplateFile {
  content: Buffer;
  executable: boolean;
}

/** Both versions of the template rendered, by path, without their generation records. */
export interface RenderedVersions {
  /** The recorded version with the recorded answers. */
  base: Map<string, TemplateFile>;
  /** The target version with the upgraded answers. */
  theirs: Map<string, TemplateFile>;
  /** The generation record the target version writes. */
  targetRecord: Buffer;
}

/** Renders the recorded version (base) and the target version (theirs) of the template. */
export async function renderVersions(
  base: { template: GoldenPathTemplate; answers: Answers },
  target: { template: GoldenPathTemplate; answers: Answers },
): Promise<RenderedVersions> {
  const [baseFiles, theirsFiles] = await Promise.all([
    renderSkeleton(base.template, base.answers),
    renderSkeleton(target.template, target.answers),
  ]);
  return {
    base: byPath(baseFiles),
    theirs: byPath(theirsFiles),
    targetRecord: theirsFiles.find(f => f.path === GENERATION_RECORD_PATH)!
      .content,
  };
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
