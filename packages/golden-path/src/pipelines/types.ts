/** Which CI system a pipeline file belongs to. @public */
export type PipelineFlavour = 'github-actions' | 'gitlab-ci';

/** One step of a pipeline job, in the order the CI system runs it. @public */
export type PipelineStep =
  | {
      kind: 'run';
      /** Shell script, exactly as written in the pipeline file. */
      script: string;
      /** Step-level environment (GitHub `env:` of the step). */
      env: Record<string, string>;
      /** Directory the script runs in, relative to the repository root. */
      workingDirectory?: string;
      name?: string;
    }
  | {
      kind: 'uses';
      /** `owner/repo@ref`, `owner/repo/path@ref` or a local `./path`. */
      action: string;
      with: Record<string, string>;
      name?: string;
    };

/** One job of a pipeline, with everything needed to run it outside the CI system. @public */
export interface PipelineJob {
  flavour: PipelineFlavour;
  /** File that declares the job, relative to the repository root. */
  file: string;
  /** Job id (GitHub) or job name (GitLab). */
  id: string;
  /** Jobs that must finish first. */
  needs: string[];
  /** Environment the job declares (workflow + job level, or GitLab variables). */
  env: Record<string, string>;
  /** Service containers the job starts (image names). */
  services: string[];
  steps: PipelineStep[];
}
