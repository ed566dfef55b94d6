export interface Config {
  /** Conway's ownership analysis. */
  ownership?: {
    /**
     * Seconds between checks whether the catalog changed since the cached
     * report was made (a small paged query of entity uids and etags). The
     * report is rebuilt only when it did. Default 30.
     */
    refreshIntervalSeconds?: number;
    /** Entities per catalog page when reading the catalog. Default 500. */
    pageSize?: number;
    analysis?: {
      /** Owned entities per member above which a team is overloaded. Default 6. */
      teamLoadThreshold?: number;
      /** Group `spec.type` values that count as teams. Default `[team]`. */
      teamTypes?: string[];
    };
  };
}
