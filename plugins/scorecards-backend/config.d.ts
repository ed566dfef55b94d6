export interface Config {
  conway?: {
    /** Conway's scorecards. */
    scorecards?: {
      /**
       * Directory of the scorecard definitions (YAML), relative to the
       * backend's working directory. Default: the repository's `scorecards`
       * directory. Re-read before every run; an invalid file is logged with
       * its line and the previous definitions stay in force.
       */
      definitions?: string;
      /**
       * Directory the checks' how-to-fix paths (`docs/scorecards.md#x`) are
       * relative to; its Markdown files are served to the portal. Default:
       * the parent of the definitions directory (the repository).
       */
      guides?: string;
      /**
       * Seconds between checks for services whose catalog entity changed
       * (new, edited or removed); only those are evaluated. Default 60.
       */
      changeCheckIntervalSeconds?: number;
      /** Minutes between evaluations of the whole fleet. Default 60. */
      fleetIntervalMinutes?: number;
      /** Services evaluated at the same time. Default 4. */
      concurrency?: number;
    };
  };
}
