/**
 * Catalog module: `file` locations registered through the API stay inside
 * the local repositories directory and the configured roots.
 *
 * @packageDocumentation
 */

export { catalogModuleFileLocations as default } from './module';
export {
  FileLocationGuard,
  readFileLocationRoots,
} from './services/FileLocationGuard';
