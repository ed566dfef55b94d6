export interface Config {
  conway?: {
    localRepositories?: {
      /**
       * Directory holding the git repositories that `golden-path:publish-local`
       * creates when no Git host is configured (one repository with a working
       * tree per service). Relative paths are resolved from the backend's
       * working directory (packages/backend).
       */
      directory?: string;
    };
    goldenPaths?: {
      /**
       * Directories an explicit `templateDir` input of `golden-path:render` may
       * point into. Relative paths are resolved from the backend's working
       * directory. Templates registered from a `file` location need no entry.
       */
      directories?: string[];
    };
    github?: {
      /** GitHub organisation that golden paths publish into. Default `northwind`. */
      org?: string;
    };
  };
}
