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
      /**
       * Where the released versions of the golden paths come from, for
       * upgrades and the Golden paths page: the git history of the repository
       * holding the templates. Default: the repository holding the first of
       * `directories`, its history at HEAD.
       */
      versions?: {
        /** Git repository (working tree or bare) whose history holds the templates. */
        repository?: string;
        /** Directory of the templates inside that repository; `templates` by default. */
        templatesPath?: string;
        /** History searched, `HEAD` by default (any commit-ish: `main`, `origin/main`). */
        ref?: string;
      };
    };
  };
}
