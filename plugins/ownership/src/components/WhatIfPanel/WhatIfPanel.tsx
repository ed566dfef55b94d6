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
import { errorMessage } from '@conway/plugin-conway-react';
import { ownershipApiRef } from '../../api/OwnershipApi';
import {
  OwnershipReport,
  ProposedChange,
  WhatIfResponse,
} from '../../api/types';
import { NamesProvider, refName, reportNames } from '../common/names';
import { knownDependencies, ofKinds, reportRefs } from './changeOptions';
import { WhatIfResult } from './WhatIfResult';

type ChangeType = ProposedChange['type'];

const CHANGE_MENU: Array<[ChangeType, string]> = [
  ['transfer', 'Transfer an entity'],
  ['reparent', 'Reparent a team'],
  ['merge', 'Merge two teams'],
  ['moveToSystem', 'Move to another system'],
  ['addDependency', 'Add a dependency'],
  ['removeDependency', 'Remove a dependency'],
];

const NO_PARENT = '(none: make it a root group)';

/** Option groups of the dependency to remove. */
const KNOWN_DEPENDENCY = 'Dependencies the report shows';
const OTHER_TARGET =
  'Others (the analysis says if there is no such dependency)';

const REF = /\b[a-z]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]*[A-Za-z0-9]/gi;

/** Text from the backend with every ref the report names as its display name. */
function withNames(
  text: string,
  names: ReturnType<typeof reportNames>,
  name: (ref: string) => string,
): string {
  return text.replace(REF, ref =>
    names.known.has(ref.toLowerCase()) ? name(ref) : ref,
  );
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
  /** Heading of an option's group; options must come grouped. */
  groupBy?: (ref: string) => string;
}) {
  const { name } = props;
  const label = (ref: string) => (ref === NO_PARENT ? ref : name(ref));
  return (
    <Autocomplete
      options={props.options}
      value={props.value}
      onChange={(_e, value) => props.onChange(value)}
      getOptionLabel={label}
      groupBy={props.groupBy}
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

/**
 * Proposes transfers, reparentings, merges, moves to another system and
 * added or removed dependencies, and shows what they would do to the score,
 * the findings and the dependency flow. Nothing is written to the catalog.
 */
export function WhatIfPanel(props: { report: OwnershipReport }) {
  const { report } = props;
  const api = useApi(ownershipApiRef);
  const entities = useMemo(() => reportRefs(report), [report]);
  const dependencies = useMemo(() => knownDependencies(report), [report]);

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
  const systems = useMemo(
    () => report.systems.map(s => s.ref).sort(byName),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report],
  );
  // The kinds whatIf accepts at each end of a dependency.
  const dependents = useMemo(
    () => ofKinds(entities, ['component', 'resource']).sort(byName),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entities],
  );
  const targets = useMemo(
    () => ofKinds(entities, ['component', 'resource', 'api']).sort(byName),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entities],
  );

  const [type, setType] = useState<ChangeType>('transfer');
  const [first, setFirst] = useState<string | null>(null);
  const [second, setSecond] = useState<string | null>(null);
  const [changes, setChanges] = useState<ProposedChange[]>([]);
  const [running, setRunning] = useState(false);
  // The answer with the groups its changes merged away.
  const [result, setResult] = useState<{
    response: WhatIfResponse;
    mergedRefs: Set<string>;
  }>();
  const [error, setError] = useState<Error>();

  // What `first` is known to depend on, offered first when removing.
  const knownTargets = new Set(
    first ? dependencies.get(first.toLowerCase()) ?? [] : [],
  );
  // An entity depending on itself is no change worth trying.
  const otherTargets = targets.filter(t => t !== first);
  const removable = [
    ...otherTargets.filter(t => knownTargets.has(t)),
    ...otherTargets.filter(t => !knownTargets.has(t)),
  ];
  const labels: Record<ChangeType, [string, string, string[], string[]]> = {
    transfer: [
      'Entity',
      'New owner',
      ofKinds(entities, ['domain', 'system', 'component', 'api', 'resource']),
      groups,
    ],
    reparent: ['Group', 'New parent', groups, [NO_PARENT, ...groups]],
    merge: ['Merge group', 'Into group', groups, groups],
    moveToSystem: [
      'Component, API or resource',
      'New system',
      ofKinds(entities, ['component', 'api', 'resource']).sort(byName),
      systems,
    ],
    addDependency: ['Depending entity', 'Depends on', dependents, otherTargets],
    removeDependency: [
      'Depending entity',
      'No longer depends on',
      dependents,
      removable,
    ],
  };
  const [firstLabel, secondLabel, firstOptions, secondOptions] = labels[type];
  const secondGroupBy =
    type === 'removeDependency' && knownTargets.size > 0
      ? (ref: string) =>
          knownTargets.has(ref) ? KNOWN_DEPENDENCY : OTHER_TARGET
      : undefined;

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
    } else if (type === 'merge') {
      change = { type, fromGroupRef: first, intoGroupRef: second };
    } else if (type === 'moveToSystem') {
      change = { type, entityRef: first, toSystemRef: second };
    } else {
      change = { type, fromRef: first, toRef: second };
    }
    setChanges([...changes, change]);
    setFirst(null);
    setSecond(null);
  };

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      const response = await api.whatIf(changes);
      const mergedRefs = new Set(
        changes.flatMap(c =>
          c.type === 'merge' ? [c.fromGroupRef.toLowerCase()] : [],
        ),
      );
      setResult({ response, mergedRefs });
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
      subheader="Try ownership, system and dependency changes before making them: nothing is written to the catalog"
    >
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} md={3}>
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
            {CHANGE_MENU.map(([value, text]) => (
              <MenuItem key={value} value={value}>
                {text}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} md={3}>
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
            groupBy={secondGroupBy}
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
          <Alert severity="error">
            {withNames(errorMessage(error), names, name)}
          </Alert>
        </Box>
      )}
      {result && (
        <NamesProvider report={report}>
          <WhatIfResult
            result={result.response}
            mergedRefs={result.mergedRefs}
            currentFindings={report.findings}
          />
        </NamesProvider>
      )}
    </InfoCard>
  );
}
