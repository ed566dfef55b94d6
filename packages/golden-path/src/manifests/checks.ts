import type { Severity } from '../findings';

/** A check run over manifests or catalog files. @public */
export interface CheckDescription {
  id: string;
  severity: Severity;
  /** What the check requires. */
  title: string;
  /** Why it is required. */
  rationale: string;
}

/**
 * Every check the golden path runs, in report order; `POLICY.md` explains each.
 *
 * @public
 */
export const POLICY_CHECKS: readonly CheckDescription[] = [
  {
    id: 'schema-valid',
    severity: 'error',
    title: 'Objects match the Kubernetes OpenAPI schema of their kind',
    rationale:
      'A manifest the API server rejects (e.g. containerPort: "8080" as a string) fails at deploy time, far from the change that caused it.',
  },
  {
    id: 'known-kind',
    severity: 'warning',
    title: 'Objects are of a kind the checker has a schema for',
    rationale:
      'Objects of other kinds are not schema-checked; a typo in apiVersion or kind also shows up here.',
  },
  {
    id: 'probes',
    severity: 'error',
    title: 'Long-running containers have a livenessProbe and a readinessProbe',
    rationale:
      'Without readiness, traffic reaches pods that cannot serve it and rollouts proceed on broken pods; without liveness, a hung process is never restarted.',
  },
  {
    id: 'resources',
    severity: 'error',
    title: 'Containers request and limit CPU and memory',
    rationale:
      'Requests let the scheduler place pods and the HPA compute utilisation; limits keep one pod from starving its neighbours.',
  },
  {
    id: 'image-tag-pinned',
    severity: 'error',
    title: 'Images have an explicit tag other than latest, or a digest',
    rationale:
      'A moving tag makes deployments unreproducible and rollbacks meaningless: the same manifest can run different code.',
  },
  {
    id: 'run-as-non-root',
    severity: 'error',
    title: 'Containers run with runAsNonRoot: true and runAsUser >= 10000',
    rationale:
      'Root in a container is root on the node after a breakout; UIDs from 10000 up do not collide with host users.',
  },
  {
    id: 'read-only-root-filesystem',
    severity: 'error',
    title: 'Containers have readOnlyRootFilesystem: true',
    rationale:
      'An attacker cannot drop tools or alter binaries; writable paths are explicit emptyDir volumes.',
  },
  {
    id: 'no-privilege-escalation',
    severity: 'error',
    title:
      'Containers set allowPrivilegeEscalation: false and are not privileged',
    rationale:
      'Blocks setuid binaries and similar paths from gaining more privileges than the process started with.',
  },
  {
    id: 'drop-all-capabilities',
    severity: 'error',
    title: 'Containers drop ALL Linux capabilities',
    rationale:
      'Services need none of the default capabilities (e.g. NET_RAW); each one kept widens what an exploit can do.',
  },
  {
    id: 'seccomp-profile',
    severity: 'error',
    title:
      'Pods or containers use the RuntimeDefault or a Localhost seccomp profile',
    rationale:
      'Unconfined containers can call every syscall, including ones used in kernel exploits.',
  },
  {
    id: 'no-host-namespaces',
    severity: 'error',
    title: 'Pods do not use hostNetwork, hostPID or hostIPC',
    rationale:
      "Sharing the node's namespaces exposes other pods' traffic and processes and bypasses NetworkPolicies.",
  },
  {
    id: 'no-service-account-token',
    severity: 'error',
    title:
      'Pods (or their ServiceAccount) set automountServiceAccountToken: false',
    rationale:
      'A service that does not call the Kubernetes API should not carry a credential for it that an attacker could steal.',
  },
  {
    id: 'pod-disruption-budget',
    severity: 'error',
    title:
      'Each Deployment and StatefulSet has exactly one PodDisruptionBudget that selects its pods and allows an eviction',
    rationale:
      'Without a PDB a node drain can take every replica down at once; a PDB that allows no eviction (or two PDBs on the same pods) blocks node drains and cluster upgrades.',
  },
  {
    id: 'network-policy',
    severity: 'error',
    title: 'Long-running pods are selected by a NetworkPolicy',
    rationale:
      'Pods no policy selects accept traffic from anywhere in the cluster; default deny plus explicit allows limits lateral movement.',
  },
  {
    id: 'horizontal-pod-autoscaler',
    severity: 'error',
    title:
      'Each Deployment has an HPA with minReplicas >= 2 and explicit metric targets',
    rationale:
      'Two replicas survive a node loss or a rollout; explicit metrics make scaling behaviour reviewable instead of defaulted.',
  },
  {
    id: 'selector-matches-template',
    severity: 'error',
    title: "A workload's selector matches its pod template labels",
    rationale:
      'The API server rejects a mismatch; catching it here fails fast and names the file.',
  },
  {
    id: 'service-selector-matches',
    severity: 'error',
    title: "A Service's selector matches some pod template",
    rationale:
      'A Service that selects no pods has no endpoints and silently drops traffic.',
  },
  {
    id: 'duplicate-env',
    severity: 'error',
    title: 'A container does not define the same environment variable twice',
    rationale:
      'Only the last definition takes effect, so the first one is a misleading dead value.',
  },
  {
    id: 'secret-in-env',
    severity: 'error',
    title:
      'Variables named like secrets (*PASSWORD*, *SECRET*, *TOKEN*, *KEY) come from secretKeyRef, not a literal value',
    rationale:
      'Literal values end up in Git, in the rendered manifests and in `kubectl describe` output.',
  },
  {
    id: 'kubernetes-id-label',
    severity: 'error',
    title:
      'Workloads and pod templates carry backstage.io/kubernetes-id, equal to the catalog annotation',
    rationale:
      "The portal's Kubernetes tab finds a component's objects by this label; a missing or different value shows an empty tab.",
  },
  {
    id: 'catalog-entity-valid',
    severity: 'error',
    title: 'catalog-info.yaml entities are valid Backstage entities',
    rationale:
      'The catalog rejects an invalid entity, so the component never appears in the portal.',
  },
];
