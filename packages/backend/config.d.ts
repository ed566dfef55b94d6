export interface Config {
  conway?: {
    catalog?: {
      /**
       * Location types that may be registered through the catalog API. Default: ['url'].
       * The embedded default adds 'file' for repositories published on this machine.
       */
      registrationLocationTypes?: string[];
    };
    localRepositories?: {
      /** Directory holding the git repositories that golden paths publish when no Git host is configured. */
      directory?: string;
    };
  };
}
