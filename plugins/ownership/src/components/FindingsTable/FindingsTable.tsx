import { useMemo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Finding, TeamReport } from '../../api/types';
import { SeverityChip } from '@conway/plugin-conway-react';
import { EntityName, RefText, useDisplayName } from '../common/names';
import { useQueryParam } from '../common/urlState';

const ALL = '';

type Row = Finding;

const columns: TableColumn<Row>[] = [
  {
    title: 'Severity',
    field: 'severity',
    width: '8%',
    render: f => <SeverityChip severity={f.severity} />,
  },
  { title: 'Type', field: 'type', width: '12%' },
  {
    title: 'Entity',
    field: 'entityRef',
    width: '15%',
    render: f => <EntityName entityRef={f.entityRef} showRef />,
  },
  {
    title: 'Team',
    field: 'teamRef',
    width: '12%',
    render: f => (f.teamRef ? <EntityName entityRef={f.teamRef} /> : '–'),
  },
  {
    title: 'Finding and suggestion',
    field: 'message',
    render: f => (
      <>
        <Typography variant="body2" data-testid="finding-message">
          <RefText text={f.message} />
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Suggestion: <RefText text={f.suggestion} />
        </Typography>
      </>
    ),
  },
];

function Filter(props: {
  label: string;
  value: string;
  options: string[];
  format?: (value: string) => string;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      select
      id={`ownership-filter-${props.label.toLocaleLowerCase('en-US')}`}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      variant="outlined"
      size="small"
      style={{ minWidth: 180, marginRight: 16 }}
      InputLabelProps={{ shrink: true }}
      SelectProps={{ displayEmpty: true }}
    >
      <MenuItem value={ALL}>All</MenuItem>
      {props.options.map(o => (
        <MenuItem key={o} value={o}>
          {props.format ? props.format(o) : o}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The findings with filters by severity, type and team, kept in the URL
 * (`severity`, `type`, `team` query parameters). Entities and teams are shown
 * by display name, linking to their pages, with refs as secondary text.
 */
export function FindingsTable(props: {
  findings: Finding[];
  teams: TeamReport[];
}) {
  const { findings, teams } = props;
  const [severity, setSeverity] = useQueryParam('severity', ALL);
  const [type, setType] = useQueryParam('type', ALL);
  const [team, setTeam] = useQueryParam('team', ALL);
  const displayName = useDisplayName();

  const types = useMemo(
    () => [...new Set(findings.map(f => f.type))].sort(),
    [findings],
  );
  const teamRefs = useMemo(
    () =>
      teams
        .map(t => t.ref)
        .sort((a, b) => displayName(a).localeCompare(displayName(b), 'en')),
    // displayName depends on the same report as teams.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [teams],
  );
  const rows = findings.filter(
    f =>
      (severity === ALL || f.severity === severity) &&
      (type === ALL || f.type === type) &&
      (team === ALL || f.teamRef === team),
  );

  return (
    <>
      <Box display="flex" flexWrap="wrap" mb={2}>
        <Filter
          label="Severity"
          value={severity}
          options={['error', 'warning', 'info']}
          onChange={setSeverity}
        />
        <Filter label="Type" value={type} options={types} onChange={setType} />
        <Filter
          label="Team"
          value={team}
          options={teamRefs}
          format={displayName}
          onChange={setTeam}
        />
      </Box>
      <Table<Row>
        title={`Findings (${rows.length} of ${findings.length})`}
        columns={columns}
        data={rows.map(f => ({ ...f, id: f.id }))}
        options={{
          pageSize: 20,
          pageSizeOptions: [20, 50, 100],
          padding: 'dense',
        }}
        emptyContent={
          <Box p={2}>
            <Typography>No findings match the filters.</Typography>
          </Box>
        }
      />
    </>
  );
}
