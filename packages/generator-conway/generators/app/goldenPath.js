import { fileURLToPath } from 'node:url';
// @conway/golden-path ships TypeScript sources only; tsx compiles them on load so yo, the portal and tests share one implementation.
import { require as tsxRequire } from 'tsx/cjs/api';

/** @type {typeof import('@conway/golden-path') | undefined} */
let library;

/**
 * Loads `@conway/golden-path`, the renderer the portal's scaffolder actions use.
 *
 * @returns {typeof import('@conway/golden-path')}
 */
export function goldenPath() {
  library ??= tsxRequire('@conway/golden-path', import.meta.url);
  return library;
}

/** The golden path rendered when no --template is given: the repository's typescript-service. */
export const DEFAULT_TEMPLATE_DIR = fileURLToPath(
  new URL('../../../../templates/typescript-service', import.meta.url),
);
