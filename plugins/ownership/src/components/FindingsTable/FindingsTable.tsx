import { useMemo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { RootCause } from '@conway/plugin-ownership-common';
import Button from '@material-ui/core/Button';
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
        {f.source && (
          <Typography
            variant="caption"
            color="textSecondary"
            data-testid="finding-source"
          >
            Defined in {f.source.file}
            {f.source.line === undefined ? '' : `:${f.source.line}`}
          </Typography>
        )}
      </>
    ),
  },
];

/**
 * Causes shared by several findings, each shown once with its count; the
 * findings under them are left out of the table until asked for.
 */
function RootCauses(props: {
  causes: RootCause[];
  showGrouped: boolean;
  onToggle: () => void;
}) {
  const grouped = props.causes.reduce((n, c) => n + c.count, 0);
  return (
    <Box mb={2} data-testid="root-causes">
      <Typography variant="h6">Root causes</Typography>
      {props.causes.map(c => (
        <Box key={c.id} mt={1} display="flex" alignItems="flex-start">
          <SeverityChip severity={c.severity} />
          <Box ml={1}>
            <Typography variant="body2">
              <RefText text={c.message} /> ({c.count} findings)
            </Typography>
            <Typography variant="body2" color="textSecondary">
              Suggestion: <RefText text={c.suggestion} />
            </Typography>
          </Box>
        </Box>
      ))}
      <Button size="small" onClick={props.onToggle}>
        {props.showGrouped
          ? `Hide the ${grouped} findings under root causes`
          : `Show the ${grouped} findings under root causes`}
      </Button>
    </Box>
  );
}

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
 * (`severity`, `type`, `team` query parameters). Findings explained by a
 * root cause are shown once under it (`grouped=show` lists them too). Entities and teams are shown
 * by display name, linking to their pages, with refs as secondary text.
 */
export function FindingsTable(props: {
  findings: Finding[];
  teams: TeamReport[];
  /** Causes shared by several findings; their findings are collapsed under them. */
  rootCauses?: RootCause[];
}) {
  const { findings, teams } = props;
  const rootCauses = props.rootCauses ?? [];
  const [grouped, setGrouped] = useQueryParam('grouped', ALL);
  const showGrouped = grouped === 'show';
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
      (showGrouped || !f.rootCauseId) &&
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
      {rootCauses.length > 0 && (
        <RootCauses
          causes={rootCauses}
          showGrouped={showGrouped}
          onToggle={() => setGrouped(showGrouped ? ALL : 'show')}
        />
      )}
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
