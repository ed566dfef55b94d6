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
    /**
     * Actual ownership from git history (issue 16): a scheduled task (global
     * scope: once per run across replicas) mines the repository behind each
     * component's `backstage.io/source-location` and stores the results in the
     * plugin's database, from which every replica serves `/history`.
     */
    history?: {
      /** Default true. */
      enabled?: boolean;
      /** Minutes between runs. Default 60. */
      intervalMinutes?: number;
      /**
       * Seconds after start-up before this replica's first run (lets the
       * catalog fill); `POST /history/refresh` starts a waiting run at once.
       * Default 60.
       */
      initialDelaySeconds?: number;
      /** Minutes after which a run (or a replica that died mid-run) counts as dead and the next may start. Default 30. */
      timeoutMinutes?: number;
      /** Repositories mined at the same time. Default 2. */
      concurrency?: number;
      /**
       * Clones of remote (`url:`) repositories and the example repositories
       * live here, relative to the backend's working directory. Default
       * `data/ownership-history`.
       */
      cacheDirectory?: string;
      /** Size the clones may take, least recently used go first. Default 2048. */
      cacheMaxMegabytes?: number;
      /**
       * Directories whose repositories `dir:` locations may name, besides
       * `conway.localRepositories.directory` and the example repositories;
       * others are reported unavailable.
       */
      directories?: string[];
      /**
       * Hosts `url:` locations may be cloned from, besides those of the
       * configured integrations (`integrations.github[].host`, ...); others
       * are reported unavailable, so that a catalog entry cannot make the
       * backend fetch from any address it reaches.
       */
      allowedHosts?: string[];
      /**
       * Example data only: a description of scripted histories
       * (org/histories/example.yaml) made into repositories under the cache
       * directory, each the source of an example component.
       */
      exampleRepositories?: string;
      /** Days of history that count. Default 365. */
      windowDays?: number;
      /** A change this many days old weighs half. Default 180. */
      halfLifeDays?: number;
      /** Lines one commit can contribute. Default 2000. */
      maxLinesPerCommit?: number;
      /** Globs of paths left out; replaces the default list (lockfiles, vendored, generated). */
      exclude?: string[];
      /** Commits in the window below which a component gets no ownership findings. Default 5. */
      minCommits?: number;
      /** Share of changes from which a team counts towards fragmentation. Default 0.1. */
      fragmentationMinShare?: number;
      /** Teams from which a component is fragmented. Default 3. */
      fragmentationTeams?: number;
      /** Share of current lines by people not in the catalog from which knowledge is at risk. Default 0.5. */
      knowledgeAtRiskShare?: number;
      /** Current lines below which knowledge findings are left out. Default 50. */
      minKnowledgeLines?: number;
      /** Weeks two teams change one component together from which they must coordinate. Default 4. */
      coordinationMinWeeks?: number;
    };
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
  };
}
