/** The `@kubernetes/client-node` module. @public */
export type ClientNode = typeof import('@kubernetes/client-node');

let loaded: Promise<ClientNode> | undefined;

/**
 * Loads `@kubernetes/client-node`, which is ESM-only, from code compiled to
 * CommonJS.
 *
 * @remarks
 * The backend and scripts use `import()`, as Backstage's own Kubernetes backend
 * does. Jest without native ESM support rejects `import()`; there the module is
 * required instead and Jest transpiles it.
 *
 * @public
 */
export function loadClientNode(): Promise<ClientNode> {
  loaded ??= (async () => {
    try {
      return await import('@kubernetes/client-node');
    } catch (error) {
      if (
        (error as { code?: string }).code?.startsWith('ERR_VM_DYNAMIC_IMPORT')
      ) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require('@kubernetes/client-node') as ClientNode;
      }
      throw error;
    }
  })();
  return loaded;
}
