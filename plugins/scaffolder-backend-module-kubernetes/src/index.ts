/**
 * Scaffolder action `kubernetes:apply`: checks rendered manifests against
 * Conway's policies, then applies them to a cluster of app-config with
 * server-side apply through `@kubernetes/client-node`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKubernetes as default } from './module';
export { createKubernetesApplyAction } from './actions/apply';
export type { KubernetesApplyActionOptions } from './actions/apply';
