import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import {
  errorMessage,
  formatDateTime,
  quantity,
} from '@conway/plugin-conway-react';
import {
  ConsistencyFindingType,
  ConsistencyReportResponse,
  kubernetesConsistencyApiRef,
} from '../../api/KubernetesConsistencyApi';
import { ClusterStatusAlerts, ConsistencyFindingItems } from './shared';

/** The finding types in the order a manager reads them, with their headings. */
const GROUPS: Array<{
  type: ConsistencyFindingType;
  title: string;
  empty: string;
}> = [
  {
    type: 'workload-without-entity',
    title: 'Workloads no catalog entity maps to',
    empty: 'Every workload belongs to a catalog entity.',
  },
  {
    type: 'workload-entity-without-team-owner',
    title: 'Workloads whose entity has no owning team',
    empty: 'Every mapped workload has an owning team.',
  },
  {
    type: 'entity-without-workload',
    title: 'Components with Kubernetes annotations but no workload',
    empty: 'Every annotated entity has workloads.',
  },
  {
    type: 'label-annotation-mismatch',
    title: 'Label and annotation mismatches',
    empty: 'Labels and annotations agree.',
  },
];

function Report(props: { report: ConsistencyReportResponse }) {
  const { report } = props;
  const { summary } = report;
  const read = report.clusters.filter(c => c.status === 'ok');
  const compared = report.state === 'drift' || report.state === 'consistent';
  return (
    <>
      <ClusterStatusAlerts clusters={report.clusters} />
      {compared && (
        <>
          <Typography color="textSecondary">
            {quantity(summary.workloads, 'workload')} in {read.length} of{' '}
            {quantity(report.clusters.length, 'cluster')} (
            {read.map(c => c.title ?? c.name).join(', ')}):{' '}
            {summary.mappedWorkloads} map to a catalog entity;{' '}
            {summary.annotatedEntitiesWithWorkloads} of{' '}
            {summary.annotatedEntities} annotated entities have workloads.
            Compared {formatDateTime(report.generatedAt)}.
          </Typography>
          {GROUPS.map(group => {
            const findings = report.findings.filter(f => f.type === group.type);
            return (
              <Box key={group.type} mt={2}>
                <Typography variant="subtitle1">
                  {group.title} ({findings.length})
                </Typography>
                <ConsistencyFindingItems
                  findings={findings}
                  empty={group.empty}
                />
              </Box>
            );
          })}
        </>
      )}
    </>
  );
}

/**
 * "Cluster vs catalog" on the Ownership page: what runs in the configured
 * clusters compared with what the catalog says, from
 * `/api/kubernetes-consistency/report`.
 */
export function ClusterConsistencySection() {
  const api = useApi(kubernetesConsistencyApiRef);
  const [refreshes, setRefreshes] = useState(0);
  const { value, loading, error } = useAsync(
    () => api.getReport({ refresh: refreshes > 0 }),
    [api, refreshes],
  );
  let body;
  if (loading) body = <Progress />;
  else if (error)
    body = (
      <Alert severity="error">
        The cluster comparison failed: {errorMessage(error)}
      </Alert>
    );
  else if (value) body = <Report report={value} />;
  return (
    <InfoCard
      title="Cluster vs catalog"
      subheader="Workloads in the configured Kubernetes clusters compared with the catalog's components and owners"
      action={
        <Button
          variant="outlined"
          startIcon={<RefreshIcon />}
          onClick={() => setRefreshes(n => n + 1)}
          disabled={loading}
        >
          Compare again
        </Button>
      }
    >
      {body}
    </InfoCard>
  );
}
