/** Where the portal mounts the pages the home page links to (app-config.yaml and the plugins' defaults). */
export const paths = {
  catalog: '/catalog',
  create: '/create',
  task: (id: string) => `/create/tasks/${encodeURIComponent(id)}`,
  goldenPaths: '/golden-paths',
  goldenPath: (name: string) => `/golden-paths/${encodeURIComponent(name)}`,
  ownership: '/ownership',
};
