export interface Config {
  /** Conway's ownership analysis. */
  ownership?: {
    /**
     * Seconds between checks whether the catalog changed since the cached
     * report was made (a small paged query of entity uids and etags). The
     * report is rebuilt only when it did. Default 30.
     */
    refreshIntervalSeconds?: number;
    /** Entities per catalog page when reading the catalog. Default 5000. */
    pageSize?: number;
    /**
     * Build the report in the background as soon as the backend has started,
     * so that the first request after a restart finds it ready or joins the
     * build under way. Default false: on a first start the catalog is still
     * empty and the report would wait for the next refresh to fill in; the
     * production config turns it on, where the catalog persists.
     */
    buildOnStartup?: boolean;
    analysis?: {
      /** Owned entities per member above which a team is overloaded. Default 6. */
      teamLoadThreshold?: number;
      /** Group `spec.type` values that count as teams. Default `[team]`. */
      teamTypes?: string[];
    };
  };
}
