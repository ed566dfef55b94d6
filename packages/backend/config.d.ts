export interface Config {
  conway?: {
    catalog?: {
      /**
       * Location types that may be registered through the catalog API. Default: ['url'].
       * The embedded default adds 'file' for repositories published on this machine.
       */
      registrationLocationTypes?: string[];
    };
    permissions?: {
      /**
       * The platform (SRE) group: its direct members may edit templates, upgrade a
       * golden path's whole fleet and scaffold for any team. Default `group:default/team-sre`.
       */
      platformGroup?: string;
      /** User or group refs with the same rights as the platform group. */
      admins?: string[];
    };
    goldenPaths?: {
      /**
       * Where Template entities may come from besides `catalog.locations` and
       * `conway.goldenPaths.directories`: URL prefixes (`https://github.com/org/repo/blob/main/`)
       * or directories. Templates from any other location fail processing.
       */
      templateLocations?: string[];
    };
  };
}
