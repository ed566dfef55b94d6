import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DependencyCycle,
  DependencyCycleEdge,
  describeTangle,
  Finding,
} from '@conway/plugin-ownership-common';
import { EntityName, RefText } from '../common/names';

const LEVEL_TITLES: Record<DependencyCycle['level'], string> = {
  component: 'Components',
  system: 'Systems',
  domain: 'Domains',
};

const FIELD_TEXT: Record<DependencyCycleEdge['field'], string> = {
  dependsOn: 'dependsOn',
  dependencyOf: 'dependencyOf',
  consumesApis: 'consumes',
};

/** One edge of a cycle: its ends by display name, and what makes it. */
function CycleEdge(props: { edge: DependencyCycleEdge; broken: boolean }) {
  const { edge, broken } = props;
  return (
    <li data-testid={broken ? 'cycle-edge-to-break' : 'cycle-edge'}>
      <Typography variant="body2" component="span">
        <EntityName entityRef={edge.fromRef} /> →{' '}
        <EntityName entityRef={edge.toRef} />
      </Typography>
      <Typography variant="body2" component="span" color="textSecondary">
        {' '}
        ({FIELD_TEXT[edge.field]}
        {edge.apiRef && (
          <>
            {' '}
            <EntityName entityRef={edge.apiRef} />
          </>
        )}
        {edge.throughFromRef && edge.throughToRef && (
          <>
            {' '}
            via <EntityName entityRef={edge.throughFromRef} /> →{' '}
            <EntityName entityRef={edge.throughToRef} />
            {edge.count && edge.count > 1 ? ` and ${edge.count - 1} more` : ''}
          </>
        )}
        )
      </Typography>
      {broken && (
        <Typography variant="body2" component="span" color="error">
          {' '}
          ← break here
        </Typography>
      )}
    </li>
  );
}

/**
 * Dependency cycles among components, systems and domains, each with the
 * edges that close it and the one the analysis suggests to invert or
 * remove; layer violations and hubs are counted, listed in Findings.
 */
export function DependencyFlow(props: {
  cycles: DependencyCycle[];
  findings: Finding[];
}) {
  const { cycles, findings } = props;
  const byId = new Map(findings.map(f => [f.id, f]));
  const layerViolations = findings.filter(
    f => f.type === 'layer-violation',
  ).length;
  const hubs = findings.filter(f => f.type === 'dependency-hub').length;
  return (
    <InfoCard title="Dependency flow">
      <Typography variant="body2" paragraph>
        Dependencies should flow one way: {cycles.length}{' '}
        {cycles.length === 1 ? 'cycle' : 'cycles'}, {layerViolations}{' '}
        {layerViolations === 1 ? 'dependency' : 'dependencies'} pointing up the
        layers and {hubs} {hubs === 1 ? 'hub' : 'hubs'} (see Findings for each).
      </Typography>
      {cycles.length === 0 && (
        <Typography variant="body2">No dependency cycles.</Typography>
      )}
      {cycles.map(cycle => {
        const finding = byId.get(cycle.findingId);
        return (
          <Box key={cycle.findingId} mb={2} data-testid="dependency-cycle">
            <Typography variant="subtitle2">
              {LEVEL_TITLES[cycle.level]}:{' '}
              {[...cycle.refs, cycle.refs[0]].map((ref, i) => (
                <span key={`${ref}-${i}`}>
                  {i > 0 && ' → '}
                  <EntityName entityRef={ref} />
                </span>
              ))}
              {cycle.tangleSize > cycle.refs.length &&
                ` (${describeTangle(cycle.level, cycle.tangleSize)})`}
            </Typography>
            <ul style={{ margin: 0 }}>
              {cycle.edges.map((edge, i) => (
                <CycleEdge
                  key={`${edge.fromRef}->${edge.toRef}`}
                  edge={edge}
                  broken={i === cycle.breakAt}
                />
              ))}
            </ul>
            {finding && (
              <Typography variant="body2" color="textSecondary">
                Suggestion: <RefText text={finding.suggestion} />
              </Typography>
            )}
          </Box>
        );
      })}
    </InfoCard>
  );
}
