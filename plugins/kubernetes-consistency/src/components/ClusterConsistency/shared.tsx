import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { EntityName, FindingList } from '@conway/plugin-conway-react';
import {
  ClusterStatus,
  ConsistencyFinding,
  WorkloadRef,
} from '../../api/KubernetesConsistencyApi';

/** `dev: payments/Deployment/ledger`: where a workload runs. */
export function workloadLabel(w: WorkloadRef): string {
  return `${w.cluster}: ${w.namespace}/${w.kind}/${w.name}`;
}

const REASONS: Record<string, string> = {
  unreachable: 'unreachable',
  timeout: 'timed out',
  tls: 'TLS failed',
  unauthorized: 'credentials rejected or expired',
  forbidden: 'the portal is not allowed to list workloads',
  config: 'misconfigured',
};

/**
 * Why there is nothing (or not everything) to compare: no cluster configured,
 * or clusters that could not be read. Renders nothing when all were read.
 */
export function ClusterStatusAlerts(props: { clusters: ClusterStatus[] }) {
  if (props.clusters.length === 0) {
    return (
      <Alert severity="info">
        No Kubernetes cluster is configured in the portal
        (kubernetes.clusterLocatorMethods in app-config), so there is nothing to
        compare with the catalog. The README's "Kubernetes" section shows how to
        add one.
      </Alert>
    );
  }
  const failed = props.clusters.filter(c => c.status === 'error');
  return (
    <>
      {failed.map(c => (
        <Box key={c.name} mb={1}>
          <Alert severity="error">
            Cluster '{c.title ?? c.name}' could not be read (
            {REASONS[c.error?.reason ?? ''] ?? c.error?.reason ?? 'unknown'}
            ): {c.error?.message ?? 'no reason given'}. Its workloads are left
            out of the comparison.
          </Alert>
        </Box>
      ))}
    </>
  );
}

/** Findings with severity, entity, workloads and what to change. */
export function ConsistencyFindingItems(props: {
  findings: ConsistencyFinding[];
  empty: string;
  /** Hide the entity link (on the entity's own card). */
  hideEntity?: boolean;
}) {
  return (
    <FindingList
      findings={props.findings}
      empty={props.empty}
      details={f => (
        <>
          {!props.hideEntity && f.entityRef && (
            <div>
              Entity: <EntityName entityRef={f.entityRef} />
            </div>
          )}
          {f.workloads.length > 0 && (
            <div>Workloads: {f.workloads.map(workloadLabel).join(', ')}</div>
          )}
        </>
      )}
    />
  );
}
