import { useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import Autocomplete, {
  createFilterOptions,
} from '@material-ui/lab/Autocomplete';
import { errorMessage, SeverityChip, WRAP } from '@conway/plugin-conway-react';
import { ownershipApiRef } from '../../api/OwnershipApi';
import {
  Finding,
  OwnershipReport,
  ProposedChange,
  WhatIfResponse,
} from '../../api/types';
import { Score } from '../common';
import {
  EntityName,
  NamesProvider,
  RefText,
  refName,
  reportNames,
} from '../common/names';

/** The changes this panel offers (the analysis also takes dependency and system moves). */
type ChangeType = 'transfer' | 'reparent' | 'merge';

const NO_PARENT = '(none: make it a root group)';

/** Every owned entity the report mentions: the candidates for a transfer. */
function ownedRefs(report: OwnershipReport): string[] {
  const refs = new Set<string>();
  for (const t of report.teams) {
    for (const list of Object.values(t.owned) as string[][]) {
      list.forEach(r => refs.add(r));
    }
  }
  for (const s of report.systems) {
    refs.add(s.ref);
    s.parts.forEach(p => refs.add(p.ref));
  }
  for (const d of report.domains) refs.add(d.ref);
  return [...refs].sort();
}

/** A change in words, naming entities by their display names. */
export function describeChange(
  change: ProposedChange,
  name: (ref: string) => string = refName,
): string {
  switch (change.type) {
    case 'transfer':
      return `Transfer ${name(change.entityRef)} to ${name(change.toOwnerRef)}`;
    case 'reparent':
      return change.newParentRef
        ? `Move ${name(change.groupRef)} under ${name(change.newParentRef)}`
        : `Make ${name(change.groupRef)} a root group`;
    case 'merge':
      return `Merge ${name(change.fromGroupRef)} into ${name(
        change.intoGroupRef,
      )}`;
    case 'moveToSystem':
      return `Move ${name(change.entityRef)} to ${name(change.toSystemRef)}`;
    case 'addDependency':
      return `Make ${name(change.fromRef)} depend on ${name(change.toRef)}`;
    default:
      return `Remove the dependency of ${name(change.fromRef)} on ${name(
        change.toRef,
      )}`;
  }
}

/** Picks an entity by display name (or ref); each option shows both. */
function RefPicker(props: {
  label: string;
  options: string[];
  value: string | null;
  onChange: (value: string | null) => void;
  name: (ref: string) => string;
}) {
  const { name } = props;
  const label = (ref: string) => (ref === NO_PARENT ? ref : name(ref));
  return (
    <Autocomplete
      options={props.options}
      value={props.value}
      onChange={(_e, value) => props.onChange(value)}
      getOptionLabel={label}
      filterOptions={createFilterOptions({
        stringify: (ref: string) => `${label(ref)} ${ref}`,
      })}
      renderOption={ref => (
        <Box>
          <Typography variant="body2">{label(ref)}</Typography>
          {ref !== NO_PARENT && (
            <Typography variant="caption" color="textSecondary">
              {ref}
            </Typography>
          )}
        </Box>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label={props.label}
          variant="outlined"
          size="small"
        />
      )}
    />
  );
}

function signed(value: number, digits = 1): string {
  const text = value.toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

function scoreChange(before: number | null, after: number | null): string {
  const show = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  return before === after ? show(after) : `${show(before)} → ${show(after)}`;
}

function FindingList(props: { title: string; findings: Finding[] }) {
  return (
    <>
      <Typography variant="subtitle2">
        {props.title} ({props.findings.length})
      </Typography>
      <List dense>
        {props.findings.map(f => (
          <ListItem key={f.id} disableGutters>
            <Box mr={1}>
              <SeverityChip severity={f.severity} />
            </Box>
            <ListItemText
              primary={<RefText text={f.message} />}
              secondary={<RefText text={f.suggestion} />}
              primaryTypographyProps={{ style: WRAP }}
              secondaryTypographyProps={{ style: WRAP }}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}

function WhatIfResult(props: { result: WhatIfResponse }) {
  const { before, after, delta, resolvedFindings, newFindings } = props.result;
  return (
    <Box mt={2} data-testid="what-if-result">
      <Typography variant="h6">
        Organisation score: <Score value={before.score} /> →{' '}
        <Score value={after.score} />
        {delta.score === null ? '' : ` (${signed(delta.score)})`}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Coverage {signed(delta.coverage * 100)} points, orphans{' '}
        {signed(delta.orphanCount, 0)}, errors{' '}
        {signed(delta.findingCounts.error, 0)}, warnings{' '}
        {signed(delta.findingCounts.warning, 0)}, info{' '}
        {signed(delta.findingCounts.info, 0)}
      </Typography>
      {delta.teams.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">Team scores</Typography>
          <List dense>
            {delta.teams.map(t => (
              <ListItem key={t.ref} disableGutters>
                <ListItemText
                  primary={<EntityName entityRef={t.ref} />}
                  secondary={
                    t.scoreAfter === null
                      ? 'merged away'
                      : `score ${scoreChange(
                          t.scoreBefore,
                          t.scoreAfter,
                        )}, with sub-groups ${scoreChange(
                          t.aggregatedScoreBefore,
                          t.aggregatedScoreAfter,
                        )}`
                  }
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <FindingList title="Resolved findings" findings={resolvedFindings} />
        </Grid>
        <Grid item xs={12} md={6}>
          <FindingList title="New findings" findings={newFindings} />
        </Grid>
      </Grid>
    </Box>
  );
}

/**
 * Proposes transfers, reparentings and merges and shows what they would do
 * to the score and the findings. Nothing is written to the catalog.
 */
export function WhatIfPanel(props: { report: OwnershipReport }) {
  const { report } = props;
  const api = useApi(ownershipApiRef);
  const entities = useMemo(() => ownedRefs(report), [report]);

  const names = useMemo(() => reportNames(report), [report]);
  const name = (ref: string) =>
    names.titles.get(ref.toLowerCase()) ?? refName(ref);
  const byName = (a: string, b: string) =>
    name(a).localeCompare(name(b), 'en') || (a < b ? -1 : 1);
  const groups = useMemo(
    () => report.teams.map(t => t.ref).sort(byName),
    // name depends on report only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report],
  );

  const [type, setType] = useState<ChangeType>('transfer');
  const [first, setFirst] = useState<string | null>(null);
  const [second, setSecond] = useState<string | null>(null);
  const [changes, setChanges] = useState<ProposedChange[]>([]);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<WhatIfResponse>();
  const [error, setError] = useState<Error>();

  const labels: Record<ChangeType, [string, string, string[], string[]]> = {
    transfer: ['Entity', 'New owner', entities, groups],
    reparent: ['Group', 'New parent', groups, [NO_PARENT, ...groups]],
    merge: ['Merge group', 'Into group', groups, groups],
  };
  const [firstLabel, secondLabel, firstOptions, secondOptions] = labels[type];

  const add = () => {
    if (!first || !second) return;
    let change: ProposedChange;
    if (type === 'transfer') {
      change = { type, entityRef: first, toOwnerRef: second };
    } else if (type === 'reparent') {
      change = {
        type,
        groupRef: first,
        newParentRef: second === NO_PARENT ? null : second,
      };
    } else {
      change = { type, fromGroupRef: first, intoGroupRef: second };
    }
    setChanges([...changes, change]);
    setFirst(null);
    setSecond(null);
  };

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await api.whatIf(changes));
    } catch (e) {
      setResult(undefined);
      setError(e as Error);
    } finally {
      setRunning(false);
    }
  };

  return (
    <InfoCard
      title="What if"
      subheader="Try ownership changes before making them: nothing is written to the catalog"
    >
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} md={2}>
          <TextField
            select
            fullWidth
            id="ownership-what-if-change"
            label="Change"
            value={type}
            variant="outlined"
            size="small"
            onChange={e => {
              setType(e.target.value as ChangeType);
              setFirst(null);
              setSecond(null);
            }}
          >
            <MenuItem value="transfer">Transfer an entity</MenuItem>
            <MenuItem value="reparent">Reparent a team</MenuItem>
            <MenuItem value="merge">Merge two teams</MenuItem>
          </TextField>
        </Grid>
        <Grid item xs={12} md={4}>
          <RefPicker
            key={`${type}-1`}
            label={firstLabel}
            options={firstOptions}
            value={first}
            onChange={setFirst}
            name={name}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <RefPicker
            key={`${type}-2`}
            label={secondLabel}
            options={secondOptions}
            value={second}
            onChange={setSecond}
            name={name}
          />
        </Grid>
        <Grid item xs={12} md={2}>
          <Button
            variant="outlined"
            color="primary"
            onClick={add}
            disabled={!first || !second}
          >
            Add change
          </Button>
        </Grid>
      </Grid>

      {changes.length > 0 && (
        <List dense>
          {changes.map((change, i) => (
            <ListItem key={i}>
              <ListItemText
                primary={`${i + 1}. ${describeChange(change, name)}`}
              />
              <ListItemSecondaryAction>
                <IconButton
                  edge="end"
                  aria-label={`Remove change ${i + 1}`}
                  onClick={() => setChanges(changes.filter((_, j) => j !== i))}
                >
                  <DeleteIcon />
                </IconButton>
              </ListItemSecondaryAction>
            </ListItem>
          ))}
        </List>
      )}
      <Box mt={1}>
        <Button
          variant="contained"
          color="primary"
          onClick={run}
          disabled={changes.length === 0 || running}
        >
          {running ? 'Analysing…' : 'Show the effect'}
        </Button>
      </Box>
      {error && (
        <Box mt={2}>
          <Alert severity="error">{errorMessage(error)}</Alert>
        </Box>
      )}
      {result && (
        <NamesProvider report={report}>
          <WhatIfResult result={result} />
        </NamesProvider>
      )}
    </InfoCard>
  );
}
