import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-card:kubernetes-consistency/cluster-consistency`: on component pages, its workloads and cluster/catalog disagreements. */
export const clusterConsistencyCard = EntityCardBlueprint.make({
  name: 'cluster-consistency',
  params: {
    filter: { kind: 'component' },
    loader: () =>
      import(
        '../components/ClusterConsistency/EntityClusterConsistencyCard'
      ).then(m => <m.EntityClusterConsistencyCard />),
  },
});
