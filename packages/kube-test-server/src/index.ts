/**
 * TEST DOUBLE: an in-memory Kubernetes API server on 127.0.0.1 that answers
 * discovery, get, list and server-side apply with real Kubernetes JSON shapes,
 * so tests and benchmarks can drive the real `@kubernetes/client-node` without
 * a cluster. It is not Kubernetes; see the README for what it leaves out.
 *
 * @packageDocumentation
 */

export { KubeTestServer } from './KubeTestServer';
export type {
  KubeTestServerOptions,
  RecordedRequest,
  RequestAttributes,
  SeedOptions,
} from './KubeTestServer';
export { generateWorkloads, workload } from './generateWorkloads';
export type { GenerateWorkloadsOptions } from './generateWorkloads';
export { RESOURCE_TYPES, groupVersion } from './resources';
export type { ResourceType } from './resources';
export type { KubernetesStatus, StatusCause } from './status';
export type { KubeObject } from './objects';
