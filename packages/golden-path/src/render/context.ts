import type { Answers, GoldenPathTemplate } from '../template/types';
import { createGenerationRecord, GenerationRecord } from './generationRecord';

/** The data skeleton files are rendered with. @public */
export interface RenderContext {
  /** Validated answers; every declared parameter is present, null when unanswered. */
  values: Answers;
  template: { name: string; version: string };
  /**
   * What the project records about its generation (secrets left out): the
   * content of `.conway/golden-path.json`, also available to templates, e.g.
   * for the `conway.dev/template-answers` catalog annotation.
   */
  record: GenerationRecord;
  computed: {
    /** `team-checkout` for owner `group:default/team-checkout`. */
    ownerName: string | null;
    ownerRef: string | null;
    systemName: string | null;
    systemRef: string | null;
  };
}

const nameOf = (ref: string | null) =>
  ref === null ? null : ref.slice(ref.lastIndexOf('/') + 1);

/** Builds the Handlebars context for validated answers. @public */
export function buildRenderContext(
  template: Pick<GoldenPathTemplate, 'name' | 'version' | 'answerSchema'>,
  answers: Answers,
): RenderContext {
  const ownerRef = typeof answers.owner === 'string' ? answers.owner : null;
  const systemRef = typeof answers.system === 'string' ? answers.system : null;
  return {
    values: answers,
    template: { name: template.name, version: template.version },
    record: createGenerationRecord(template, answers),
    computed: {
      ownerName: nameOf(ownerRef),
      ownerRef,
      systemName: nameOf(systemRef),
      systemRef,
    },
  };
}
