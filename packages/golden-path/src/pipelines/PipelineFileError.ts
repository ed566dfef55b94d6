/** Thrown when a pipeline file cannot be read as a pipeline; the message names the file. @public */
export class PipelineFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineFileError';
  }
}
