import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { SeverityChip, WRAP } from '@conway/plugin-conway-react';
import { Finding, WhatIfResponse } from '../../api/types';
import { Score } from '../common';
import { EntityName, RefText } from '../common/names';

function signed(value: number, digits = 1): string {
  const text = value.toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

function scoreChange(before: number | null, after: number | null): string {
  const show = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  return before === after ? show(after) : `${show(before)} → ${show(after)}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
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

/** How each kind of dependency-flow finding reads when it appears or goes. */
interface FlowWords {
  created: [string, string];
  resolved: [string, string];
  /** Item labels: the new finding, the gone one (its message tells the state before). */
  labels: [string, string];
}

const FLOW_WORDS = new Map<string, FlowWords>(
  Object.entries({
    'dependency-cycle': {
      created: ['create', 'dependency cycle'],
      resolved: ['break', 'dependency cycle'],
      labels: ['New cycle', 'Broken cycle'],
    },
    'layer-violation': {
      created: ['introduce', 'layer violation'],
      resolved: ['remove', 'layer violation'],
      labels: ['New layer violation', 'Layer violation gone'],
    },
    'dependency-hub': {
      created: ['make', 'new hub'],
      resolved: ['end', 'hub'],
      labels: ['New hub', 'No longer a hub'],
    },
  } satisfies Record<string, FlowWords>),
);

interface FlowChange {
  finding: Finding;
  created: boolean;
}

/**
 * The dependency-flow part of the delta (cycles, layer violations, hubs that
 * appear or go) in words, each finding's message with display names.
 */
function DependencyFlow(props: { result: WhatIfResponse }) {
  const { delta, resolvedFindings, newFindings } = props.result;
  const flow = delta.dependencyFlow;
  if (!flow) return null;
  const pick = (ids: string[], findings: Finding[], created: boolean) => {
    const byId = new Map(findings.map(f => [f.id, f]));
    return ids.flatMap(id => {
      const finding = byId.get(id);
      return finding && FLOW_WORDS.has(finding.type)
        ? [{ finding, created }]
        : [];
    });
  };
  const changes: FlowChange[] = [
    ...pick(flow.newFindingIds, newFindings, true),
    ...pick(flow.resolvedFindingIds, resolvedFindings, false),
  ];
  const phrases: string[] = [];
  for (const [type, words] of FLOW_WORDS) {
    for (const created of [true, false]) {
      const n = changes.filter(
        c => c.finding.type === type && c.created === created,
      ).length;
      if (n === 0) continue;
      const [verb, noun] = created ? words.created : words.resolved;
      phrases.push(`${verb} ${count(n, noun, `${noun}s`)}`);
    }
  }
  return (
    <Box mt={1} data-testid="what-if-dependency-flow">
      <Typography variant="subtitle2">Dependency flow</Typography>
      <Typography variant="body2">
        {phrases.length === 0
          ? 'Unchanged: no dependency cycle, layer violation or hub appears or goes.'
          : `The changes would ${phrases.join(', ')}.`}
      </Typography>
      {changes.length > 0 && (
        <List dense>
          {changes.map(({ finding, created }) => {
            const [newLabel, goneLabel] = FLOW_WORDS.get(finding.type)!.labels;
            return (
              <ListItem key={finding.id} disableGutters>
                <ListItemText
                  primary={
                    created ? (
                      <>
                        {newLabel}: <RefText text={finding.message} />
                      </>
                    ) : (
                      <>
                        {goneLabel} (was: <RefText text={finding.message} />)
                      </>
                    )
                  }
                  primaryTypographyProps={{ style: WRAP }}
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </Box>
  );
}

/** The effect of the proposed changes: score, counts, teams, findings. */
export function WhatIfResult(props: { result: WhatIfResponse }) {
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
      <DependencyFlow result={props.result} />
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
