import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows reading the comparison of the Kubernetes clusters with the catalog:
 * which workloads run where, and the findings.
 *
 * @public
 */
export const kubernetesConsistencyReadPermission = createPermission({
  name: 'kubernetes-consistency.report.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the kubernetes-consistency plugin.
 *
 * @public
 */
export const kubernetesConsistencyPermissions = [
  kubernetesConsistencyReadPermission,
];
