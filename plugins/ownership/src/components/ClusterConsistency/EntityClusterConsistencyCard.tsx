import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  EntityConsistencyResponse,
  kubernetesConsistencyApiRef,
} from '../../api/KubernetesConsistencyApi';
import { errorMessage } from '../common';
import { isNotFound } from '../EntityCards/shared';
import {
  ClusterStatusAlerts,
  ConsistencyFindingItems,
  workloadLabel,
} from './shared';

function Details(props: { value: EntityConsistencyResponse }) {
  const { kubernetes, workloads, findings, clusters } = props.value;
  const read = clusters.some(c => c.status === 'ok');
  return (
    <>
      <ClusterStatusAlerts clusters={clusters} />
      {kubernetes === null && findings.length === 0 ? (
        <Typography color="textSecondary">
          No Kubernetes annotations (backstage.io/kubernetes-id or
          backstage.io/kubernetes-label-selector), so no workloads are expected
          for it.
        </Typography>
      ) : (
        read && (
          <>
            {kubernetes && (
              <Typography variant="body2">
                Selector: <code>{kubernetes.labelSelector}</code>
                {kubernetes.namespace &&
                  ` in namespace ${kubernetes.namespace}`}
              </Typography>
            )}
            <Box mt={1}>
              <Typography variant="subtitle2">
                Workloads ({workloads.length})
              </Typography>
              {workloads.length === 0 ? (
                <Typography color="textSecondary">None found.</Typography>
              ) : (
                workloads.map(w => (
                  <Typography key={workloadLabel(w)} variant="body2">
                    {workloadLabel(w)}
                  </Typography>
                ))
              )}
            </Box>
            <Box mt={2}>
              <Typography variant="subtitle2">
                Findings ({findings.length})
              </Typography>
              <ConsistencyFindingItems
                findings={findings}
                empty="The clusters agree with the catalog."
                hideEntity
              />
            </Box>
          </>
        )
      )}
    </>
  );
}

/** On a component's page: its workloads in the clusters and what disagrees with the catalog. */
export function EntityClusterConsistencyCard() {
  const { entity } = useEntity();
  const api = useApi(kubernetesConsistencyApiRef);
  const ref = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getEntity(ref),
    [api, ref],
  );
  let content;
  if (loading) content = <Progress />;
  else if (isNotFound(error))
    content = (
      <Typography>
        The cluster comparison has not seen this entity yet; it re-reads the
        catalog every few minutes.
      </Typography>
    );
  else if (error)
    content = (
      <Alert severity="error">
        The cluster comparison failed: {errorMessage(error)}
      </Alert>
    );
  else if (value) content = <Details value={value} />;
  return <InfoCard title="Cluster vs catalog">{content}</InfoCard>;
}
