export { parsePipelines, parseLocalAction } from './parsePipelines';
export { checkPipelineReferences, PIPELINE_CHECKS } from './checkPipelineReferences';
export { PipelineFileError } from './PipelineFileError';
export type { PipelineFlavour, PipelineJob, PipelineStep } from './types';
