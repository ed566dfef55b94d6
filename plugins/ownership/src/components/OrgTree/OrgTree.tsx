import { Table, TableColumn } from '@backstage/core-components';
import { teamScoreEvidence } from '@conway/plugin-ownership-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { OwnershipReport, TeamReport } from '../../api/types';
import { Score } from '../common';
import { EntityName } from '../common/names';
import { ScoreExplanation } from '../common/ScoreExplanation';
import { treeOrder } from '../common/treeOrder';

export { treeOrder };

type Row = TeamReport & { id: string };

const columns: TableColumn<Row>[] = [
  {
    title: 'Group',
    field: 'ref',
    cellStyle: { minWidth: 260 },
    render: row => (
      <Box pl={row.depth * 3}>
        <EntityName entityRef={row.ref} showRef />
      </Box>
    ),
  },
  { title: 'Type', field: 'type', cellStyle: { whiteSpace: 'nowrap' } },
  {
    title: 'Members',
    render: row => `${row.memberCount} / ${row.aggregatedMemberCount}`,
    tooltip: 'Direct members / members including sub-groups',
  } as TableColumn<Row>,
  {
    title: 'Owns',
    render: row => `${row.ownedCount} / ${row.aggregatedOwnedCount}`,
    tooltip: 'Owned directly / including sub-groups',
  } as TableColumn<Row>,
  {
    title: 'Load',
    render: row =>
      row.loadPerMember === null ? '–' : row.loadPerMember.toFixed(1),
    tooltip: 'Entities owned directly per direct member',
  } as TableColumn<Row>,
  {
    title: 'Score',
    render: row => <Score value={row.score} />,
    tooltip: "The group's own score; expand the row for how it is made",
  } as TableColumn<Row>,
  {
    title: 'Subtree score',
    render: row => <Score value={row.aggregatedScore} />,
    tooltip: 'The score over the group and every group under it',
  } as TableColumn<Row>,
  { title: 'Findings', render: row => row.findingIds.length },
];

/** Why a group's own score is what it is, down to the entities. */
export function TeamScoreDetails(props: {
  team: TeamReport;
  report: Pick<OwnershipReport, 'systems' | 'domains' | 'coupling'>;
}) {
  const { team, report } = props;
  const evidence = teamScoreEvidence(report, team.ref);
  const hasSubtree = team.childRefs.length > 0;
  return (
    <Box p={2} data-testid="team-score-details">
      <Grid container spacing={3}>
        <Grid item xs={12} lg={hasSubtree ? 6 : 8}>
          <Typography variant="subtitle2">
            Score {team.score === null ? 'no data' : team.score.toFixed(1)}:
            this group's own entities
          </Typography>
          <ScoreExplanation counts={team.counts} scope="group" compact />
        </Grid>
        {hasSubtree && (
          <Grid item xs={12} lg={6}>
            <Typography variant="subtitle2">
              Subtree score{' '}
              {team.aggregatedScore === null
                ? 'no data'
                : team.aggregatedScore.toFixed(1)}
              : with every group under it
            </Typography>
            <ScoreExplanation
              counts={team.aggregatedCounts}
              scope="subtree"
              compact
            />
          </Grid>
        )}
        <Grid item xs={12} lg={hasSubtree ? 12 : 4}>
          {evidence.misalignedParts.length > 0 && (
            <>
              <Typography variant="subtitle2">
                Parts that lower System cohesion
              </Typography>
              {evidence.misalignedParts.map(p => (
                <Typography
                  key={`${p.containerRef}/${p.partRef}`}
                  variant="body2"
                >
                  <EntityName entityRef={p.partRef} /> (owner:{' '}
                  {p.partOwnerRef ? (
                    <EntityName entityRef={p.partOwnerRef} />
                  ) : (
                    'none'
                  )}
                  ) in <EntityName entityRef={p.containerRef} /> (owner:{' '}
                  {p.containerOwnerRef ? (
                    <EntityName entityRef={p.containerOwnerRef} />
                  ) : (
                    'none'
                  )}
                  )
                </Typography>
              ))}
            </>
          )}
          {evidence.couplingEdges.length > 0 && (
            <Box mt={1}>
              <Typography variant="subtitle2">
                Direct dependencies that lower Dependencies through APIs
              </Typography>
              {evidence.couplingEdges.map(e => (
                <Typography key={`${e.fromRef}→${e.toRef}`} variant="body2">
                  <EntityName entityRef={e.fromRef} /> →{' '}
                  <EntityName entityRef={e.toRef} /> (
                  <EntityName entityRef={e.toTeamRef} />)
                </Typography>
              ))}
            </Box>
          )}
          {evidence.misalignedParts.length === 0 &&
            evidence.couplingEdges.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                No misaligned parts and no direct dependencies on other teams.
              </Typography>
            )}
        </Grid>
      </Grid>
    </Box>
  );
}

/**
 * The group hierarchy with direct and aggregated ownership and scores; each
 * row expands to explain its scores.
 */
export function OrgTree(props: {
  teams: TeamReport[];
  report: Pick<OwnershipReport, 'systems' | 'domains' | 'coupling'>;
}) {
  const rows = treeOrder(props.teams).map(t => ({ ...t, id: t.ref }));
  return (
    <Table<Row>
      title="Organisation"
      subtitle="Direct / aggregated (with sub-groups) members, ownership and scores. Expand a row to see how its score is made."
      columns={columns}
      data={rows}
      detailPanel={[
        {
          tooltip: 'How the score is made',
          render: ({ rowData }) => (
            <TeamScoreDetails team={rowData} report={props.report} />
          ),
        },
      ]}
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
    />
  );
}
