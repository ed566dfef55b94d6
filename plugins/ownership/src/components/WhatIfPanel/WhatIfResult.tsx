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

/**
 * How layer-violation and hub findings read when they appear or go: the
 * summary's verb and noun, the item's label.
 */
const FLOW_WORDS = new Map<
  string,
  { created: string; resolved: string; labels: [string, string] }
>([
  [
    'layer-violation',
    {
      created: '{n} new layer violation{s}.',
      resolved: '{n} layer violation{s} gone.',
      labels: ['New layer violation', 'Layer violation gone'],
    },
  ],
  [
    'dependency-hub',
    {
      created: '{n} new hub{s}.',
      resolved: '{n} no longer flagged as hub{s}.',
      labels: ['New hub', 'No longer flagged as a hub'],
    },
  ],
]);

const LEVELS: Record<string, string> = {
  component: 'components',
  system: 'systems',
  domain: 'domains',
};

/** `dependency-cycle:system:...` → `system`. */
const cycleLevel = (f: Finding) => f.id.split(':')[1] ?? '';

interface FlowChange {
  finding: Finding;
  created: boolean;
}

/**
 * The dependency-flow part of the delta in words, each finding's message
 * with display names. The analysis reports one cycle per tangle (entities
 * that all depend on each other), its shortest; a tangle that loses one
 * cycle often keeps another, so cycles are counted per level before and
 * after rather than called broken or created.
 */
function DependencyFlow(props: {
  result: WhatIfResponse;
  currentFindings: Finding[];
}) {
  const { delta, resolvedFindings, newFindings } = props.result;
  const flow = delta.dependencyFlow;
  if (!flow) return null;
  const pick = (ids: string[], findings: Finding[], created: boolean) => {
    const byId = new Map(findings.map(f => [f.id, f]));
    return ids.flatMap(id => {
      const finding = byId.get(id);
      return finding ? [{ finding, created }] : [];
    });
  };
  const changes: FlowChange[] = [
    ...pick(flow.newFindingIds, newFindings, true),
    ...pick(flow.resolvedFindingIds, resolvedFindings, false),
  ];
  const phrases: string[] = [];
  for (const [level, plural] of Object.entries(LEVELS)) {
    const atLevel = (f: Finding) =>
      f.type === 'dependency-cycle' && cycleLevel(f) === level;
    const changed = changes.filter(c => atLevel(c.finding));
    if (changed.length === 0) continue;
    const before = props.currentFindings.filter(atLevel).length;
    const created = changed.filter(c => c.created).length;
    const after = before + created - (changed.length - created);
    phrases.push(
      `Dependency cycles among ${plural}: ${before} now, ${after} after${
        before === after ? ' (another shortest cycle is reported)' : ''
      }.`,
    );
  }
  for (const [type, words] of FLOW_WORDS) {
    for (const created of [true, false]) {
      const n = changes.filter(
        c => c.finding.type === type && c.created === created,
      ).length;
      if (n === 0) continue;
      const text = created ? words.created : words.resolved;
      phrases.push(
        text.replace('{n}', String(n)).replace('{s}', n === 1 ? '' : 's'),
      );
    }
  }
  const label = (c: FlowChange) => {
    if (c.finding.type === 'dependency-cycle')
      return c.created ? 'Cycle now reported' : 'Cycle no longer reported';
    const labels = FLOW_WORDS.get(c.finding.type)?.labels;
    return labels ? labels[c.created ? 0 : 1] : c.finding.type;
  };
  return (
    <Box mt={1} data-testid="what-if-dependency-flow">
      <Typography variant="subtitle2">Dependency flow</Typography>
      <Typography variant="body2">
        {phrases.length === 0
          ? 'Unchanged: the same dependency cycles, layer violations and hubs as now.'
          : phrases.join(' ')}
      </Typography>
      {changes.length > 0 && (
        <List dense>
          {changes.map(c => (
            <ListItem key={c.finding.id} disableGutters>
              <ListItemText
                primary={
                  c.created ? (
                    <>
                      {label(c)}: <RefText text={c.finding.message} />
                    </>
                  ) : (
                    <>
                      {label(c)} (was: <RefText text={c.finding.message} />)
                    </>
                  )
                }
                primaryTypographyProps={{ style: WRAP }}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}

/**
 * The effect of the proposed changes: score, counts, teams, dependency flow,
 * findings. `currentFindings` are the findings of the report the panel shows.
 */
export function WhatIfResult(props: {
  result: WhatIfResponse;
  /** Lower-case refs of the groups the changes merge into others. */
  mergedRefs: ReadonlySet<string>;
  currentFindings: Finding[];
}) {
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
                    // A null score can also mean no data: only a merge removes a group.
                    props.mergedRefs.has(t.ref.toLowerCase())
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
      <DependencyFlow
        result={props.result}
        currentFindings={props.currentFindings}
      />
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
