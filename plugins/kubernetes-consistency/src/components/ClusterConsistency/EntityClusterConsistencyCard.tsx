import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { EntityResultCard, errorMessage } from '@conway/plugin-conway-react';
import {
  EntityConsistencyResponse,
  kubernetesConsistencyApiRef,
} from '../../api/KubernetesConsistencyApi';
import {
  ClusterStatusAlerts,
  ConsistencyFindingItems,
  workloadLabel,
} from './shared';

function Selector(props: {
  kubernetes: NonNullable<EntityConsistencyResponse['kubernetes']>;
}) {
  const { labelSelector, namespace } = props.kubernetes;
  return (
    <Typography variant="body2">
      Selector: <code>{labelSelector}</code>
      {namespace && ` in namespace ${namespace}`}
    </Typography>
  );
}

function Comparison(props: { value: EntityConsistencyResponse }) {
  const { workloads, findings, clusters } = props.value;
  const partial = clusters.some(c => c.status === 'error');
  return (
    <>
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
          empty={
            partial
              ? 'The clusters that could be read agree with the catalog.'
              : 'The clusters agree with the catalog.'
          }
          hideEntity
        />
      </Box>
    </>
  );
}

/** One sentence per state, stating only what the backend established. */
function Details(props: { value: EntityConsistencyResponse }) {
  const { state, kubernetes, clusters } = props.value;
  const selector = kubernetes && <Selector kubernetes={kubernetes} />;
  switch (state) {
    case 'not-annotated':
      return (
        <Typography color="textSecondary">
          No Kubernetes annotations (backstage.io/kubernetes-id or
          backstage.io/kubernetes-label-selector), so no workloads are expected
          for it.
        </Typography>
      );
    case 'no-clusters':
      return (
        <>
          {selector}
          <Box mt={1}>
            <ClusterStatusAlerts clusters={clusters} />
          </Box>
        </>
      );
    case 'clusters-unreadable':
      return (
        <>
          {selector}
          <Box mt={1}>
            <ClusterStatusAlerts clusters={clusters} />
          </Box>
          <Typography color="textSecondary">
            No configured cluster could be read, so its workloads are not known.
          </Typography>
        </>
      );
    case 'consistent':
    case 'drift':
    default:
      return (
        <>
          <ClusterStatusAlerts clusters={clusters} />
          {selector}
          <Comparison value={props.value} />
        </>
      );
  }
}

/** On a component's page: its workloads in the clusters and what disagrees with the catalog. */
export function EntityClusterConsistencyCard() {
  const { entity } = useEntity();
  const api = useApi(kubernetesConsistencyApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getEntity(ref), [api, ref]);
  return (
    <EntityResultCard
      title="Cluster vs catalog"
      state={state}
      notFound="The cluster comparison has not seen this entity yet; it re-reads the catalog every few minutes."
      renderError={error => (
        <Alert severity="error">
          The cluster comparison failed: {errorMessage(error)}
        </Alert>
      )}
    >
      {value => <Details value={value} />}
    </EntityResultCard>
  );
}
