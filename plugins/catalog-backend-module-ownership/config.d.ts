export interface Config {
  ownership?: {
    /**
     * Seconds between checks whether the catalog changed since the analysis
     * the processor uses. Default 30.
     */
    refreshIntervalSeconds?: number;
    /** Entities per catalog page when reading the catalog. Default 500. */
    pageSize?: number;
    analysis?: {
      /** Owned entities per member above which a team is overloaded. Default 6. */
      teamLoadThreshold?: number;
      /** Group `spec.type` values that count as teams. Default `[team]`. */
      teamTypes?: string[];
      /**
       * Layers, top first (component `spec.type` or the `conway.dev/layer`
       * annotation): a dependency may only point down this list. Default
       * `[website, service, library]`.
       */
      layerOrder?: string[];
      /** Fewest dependencies in or out that can make a component a hub. Default 5. */
      hubMinDegree?: number;
    };
    check?: {
      /**
       * Finding types that fail processing of the entity they are about (the
       * catalog keeps the entity's last good version and shows the error on
       * its page). Only no-owner, unknown-owner, user-owner,
       * empty-team-owner, invalid-reference and dangling-reference are
       * allowed. Default `[unknown-owner, no-owner]`; `[]` only annotates.
       */
      errors?: string[];
    };
  };
}
