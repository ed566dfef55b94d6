export interface Config {
  conway?: {
    /** Campaigns: changes shipped to the fleet by a date. */
    campaigns?: {
      /** Seconds between campaign runs (one across replicas). Default 300. */
      runIntervalSeconds?: number;
      /**
       * Seconds a run may hold the campaigns task. A replica that dies
       * mid-run holds it until then (the next run on another replica
       * follows); a run still going after it may overlap the next one, so
       * keep it above the longest run. Default 1800.
       */
      runTimeoutSeconds?: number;
      /** Services prepared at the same time in a run. Default 2. */
      concurrency?: number;
      /**
       * Pull requests for services hosted on GitHub. Without it such
       * services are marked failed with the reason.
       */
      github?: {
        /**
         * A token allowed to push branches and open pull requests.
         * @visibility secret
         */
        token: string;
        /** Default `https://api.github.com`. */
        apiBaseUrl?: string;
      };
    };
  };
}
