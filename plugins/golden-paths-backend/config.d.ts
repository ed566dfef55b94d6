export interface Config {
  conway?: {
    goldenPaths?: {
      /**
       * How long the Golden paths page reuses a service's drift and last
       * upgrade (read from its repository) before reading them again, in
       * seconds. An upgrade through the portal refreshes that service at once.
       * Default 30.
       */
      inspectCacheSeconds?: number;
      /** Services upgraded at the same time by a fleet upgrade. Default 2. */
      fleetConcurrency?: number;
    };
  };
}
