import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterStatus,
  ConsistencyFinding,
  WorkloadRef,
} from '../../api/KubernetesConsistencyApi';
import { EntityLink, SeverityChip, TextWithNames, WRAP } from '../common';

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
  if (props.findings.length === 0) {
    return <Typography color="textSecondary">{props.empty}</Typography>;
  }
  return (
    <List dense disablePadding>
      {props.findings.map(f => (
        <ListItem key={f.id} disableGutters alignItems="flex-start">
          <Box mr={1} mt={0.5}>
            <SeverityChip severity={f.severity} />
          </Box>
          <ListItemText
            primary={<TextWithNames text={f.message} />}
            primaryTypographyProps={{ style: WRAP }}
            secondaryTypographyProps={{ component: 'div', style: WRAP }}
            secondary={
              <>
                {!props.hideEntity && f.entityRef && (
                  <div>
                    Entity: <EntityLink entityRef={f.entityRef} />
                  </div>
                )}
                {f.workloads.length > 0 && (
                  <div>
                    Workloads: {f.workloads.map(workloadLabel).join(', ')}
                  </div>
                )}
                <div>
                  Suggestion: <TextWithNames text={f.suggestion} />
                </div>
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
