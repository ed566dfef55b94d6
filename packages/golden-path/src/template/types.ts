import type { AnswerSchema, TemplateParameters } from '../answers/answerSchema';
import type { JsonObject } from '../types';

/** A golden-path template loaded from `templates/<name>/`. @public */
export interface GoldenPathTemplate {
  /** Absolute path of the template directory. */
  dir: string;
  /** `metadata.name` of the Template entity. */
  name: string;
  /** `metadata.title`, or the name when there is none. */
  title: string;
  /** Semver from the `conway.dev/template-version` annotation. */
  version: string;
  /** The parsed template.yaml. */
  entity: JsonObject;
  /** All parameter pages merged into one JSON Schema. */
  answerSchema: AnswerSchema;
  /** The raw `spec.parameters`, for form renderers and prompts. */
  parameters: TemplateParameters;
  /** Absolute path of `skeleton/`. */
  skeletonDir: string;
  /** Skeleton files relative to `skeletonDir`, POSIX separators, sorted. */
  skeletonFiles: string[];
}

/** Validated answers: every declared parameter is present (null when unanswered and without default). @public */
export type Answers = JsonObject;
