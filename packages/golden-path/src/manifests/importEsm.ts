/**
 * Loads an ESM-only module from code that is compiled to CommonJS.
 *
 * @remarks
 * kubernetes-models exports only an "import" condition, so require() cannot
 * resolve it in Node; import() can, and is what runs in the backend and the CLI.
 * Jest without native ESM support rejects import(), so there it falls back to
 * require(), which Jest resolves through this package's jestResolver.cjs.
 */
export async function importEsm(
  specifier: string,
): Promise<Record<string, unknown>> {
  try {
    return await import(specifier);
  } catch (error) {
    if (
      (error as { code?: string }).code?.startsWith('ERR_VM_DYNAMIC_IMPORT')
    ) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(specifier);
    }
    throw error;
  }
}
