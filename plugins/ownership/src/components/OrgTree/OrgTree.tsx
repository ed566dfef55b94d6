import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { TeamReport } from '../../api/types';
import { EntityLink, Score } from '../common';

type Row = TeamReport & { id: string };

/** Teams depth-first from the roots, children sorted by ref. */
export function treeOrder(teams: TeamReport[]): TeamReport[] {
  const byRef = new Map(teams.map(t => [t.ref, t]));
  const out: TeamReport[] = [];
  const seen = new Set<string>();
  const visit = (team: TeamReport) => {
    if (seen.has(team.ref)) return;
    seen.add(team.ref);
    out.push(team);
    for (const child of [...team.childRefs].sort()) {
      const c = byRef.get(child);
      if (c) visit(c);
    }
  };
  for (const t of teams) if (!t.parentRef || !byRef.has(t.parentRef)) visit(t);
  for (const t of teams) visit(t);
  return out;
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Group',
    field: 'ref',
    cellStyle: { minWidth: 260 },
    render: row => (
      <Box pl={row.depth * 3}>
        <EntityLink entityRef={row.ref} />
        {row.title && (
          <Typography variant="caption" color="textSecondary" component="div">
            {row.title}
          </Typography>
        )}
      </Box>
    ),
  },
  { title: 'Type', field: 'type' },
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
  },
  { title: 'Score', render: row => <Score value={row.score} /> },
  {
    title: 'Subtree score',
    render: row => <Score value={row.aggregatedScore} />,
  },
  { title: 'Findings', render: row => row.findingIds.length },
];

/** The group hierarchy with direct and aggregated ownership and scores. */
export function OrgTree(props: { teams: TeamReport[] }) {
  const rows = treeOrder(props.teams).map(t => ({ ...t, id: t.ref }));
  return (
    <Table<Row>
      title="Organisation"
      subtitle="Direct / aggregated (with sub-groups) members, ownership and scores"
      columns={columns}
      data={rows}
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
    />
  );
}
