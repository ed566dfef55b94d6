/** One invalid answer. @public */
export interface AnswerFieldError {
  field: string;
  message: string;
}

/** Thrown when answers do not satisfy a template's parameters. @public */
export class AnswerValidationError extends Error {
  readonly errors: AnswerFieldError[];

  constructor(templateName: string, errors: AnswerFieldError[]) {
    super(
      `Invalid answers for template '${templateName}':\n${errors
        .map(e => `  ${e.field}: ${e.message}`)
        .join('\n')}`,
    );
    this.name = 'AnswerValidationError';
    this.errors = errors;
  }
}

/** Thrown when a template directory or its template.yaml is invalid. @public */
export class TemplateLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateLoadError';
  }
}

/** One skeleton file that failed to render. @public */
export interface RenderFileError {
  file: string;
  message: string;
}

/** Thrown when one or more skeleton files fail to render; nothing is written. @public */
export class RenderError extends Error {
  readonly errors: RenderFileError[];

  constructor(templateName: string, errors: RenderFileError[]) {
    super(
      `Failed to render template '${templateName}':\n${errors
        .map(e => `  ${e.file}: ${e.message}`)
        .join('\n')}`,
    );
    this.name = 'RenderError';
    this.errors = errors;
  }
}

/** Thrown when an output path would leave the target directory, or the target is not writable as asked. @public */
export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteError';
  }
}
