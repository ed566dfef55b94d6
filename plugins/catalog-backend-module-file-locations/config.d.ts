export interface Config {
  conway?: {
    catalog?: {
      /**
       * Directories (besides conway.localRepositories.directory) that `file`
       * locations registered through the catalog API may point into, resolved
       * from the backend's working directory. The embedded default lists the
       * repository's org/ and templates/.
       */
      fileLocationRoots?: string[];
    };
  };
}
