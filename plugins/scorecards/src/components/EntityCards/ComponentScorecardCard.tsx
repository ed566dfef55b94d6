import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { EntityResultCard } from '@conway/plugin-conway-react';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef } from '../../api/ScorecardsApi';
import type { ServiceCheckOutcome, ScorecardOutcome } from '@conway/plugin-scorecards-common';
import {
  CheckSeverityChip,
  fixFirst,
  HowToFix,
  LevelChip,
  levelTitle,
} from '../common';
import { formatDateTime } from '@conway/plugin-conway-react';

function CheckLine(props: { check: ServiceCheckOutcome; levels: ScorecardOutcome['levels'] }) {
  const { check, levels } = props;
  return (
    <ListItem disableGutters dense alignItems="flex-start">
      <ListItemText
        // Reasons list annotations and paths: wrap them instead of cutting them off.
        secondaryTypographyProps={{ style: { whiteSpace: 'normal', overflowWrap: 'anywhere' } }}
        primary={
          <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
            <CheckSeverityChip severity={check.severity} />
            <strong>{check.title}</strong>
            <Typography variant="caption" color="textSecondary">
              {check.required ? 'required' : 'recommended'} for {levelTitle(levels, check.level)}
            </Typography>
          </Box>
        }
        secondary={
          <>
            {check.reason ?? check.description} <HowToFix check={check} />
          </>
        }
      />
    </ListItem>
  );
}

/** One scorecard of a service: its level, what fails (most urgent first) and what could not be checked. */
export function ScorecardSection(props: { scorecard: ScorecardOutcome }) {
  const { scorecard } = props;
  const failing = fixFirst(scorecard.checks.map(check => ({ check }))).map(i => i.check);
  const unknown = scorecard.checks.filter(c => c.status === 'unknown');
  const passed = scorecard.checks.filter(c => c.status === 'pass').length;
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography variant="h6">{scorecard.title}</Typography>
        <LevelChip scorecard={scorecard} />
        <Typography variant="body2" color="textSecondary">
          {passed} of {scorecard.checks.length} checks pass
        </Typography>
      </Box>
      {failing.length > 0 && (
        <>
          <Typography variant="subtitle2">What fails, and how to fix it</Typography>
          <List dense disablePadding>
            {failing.map(c => (
              <CheckLine key={c.checkId} check={c} levels={scorecard.levels} />
            ))}
          </List>
        </>
      )}
      {unknown.length > 0 && (
        <>
          <Typography variant="subtitle2">Could not be checked</Typography>
          <List dense disablePadding>
            {unknown.map(c => (
              <CheckLine key={c.checkId} check={c} levels={scorecard.levels} />
            ))}
          </List>
        </>
      )}
      {failing.length === 0 && unknown.length === 0 && (
        <Typography>Every check passes.</Typography>
      )}
    </Box>
  );
}

/** `entity-card:scorecards/service`: a service's levels, and what fails with how to fix it. */
export function ComponentScorecardCard() {
  const { entity } = useEntity();
  const api = useApi(scorecardsApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getEntity(ref), [api, ref]);
  return (
    <EntityResultCard
      title="Scorecards"
      state={state}
      notFound="Not evaluated yet: services are evaluated shortly after they appear in the catalog."
    >
      {result => (
        <>
          {result.scorecards.map(s => (
            <ScorecardSection key={s.id} scorecard={s} />
          ))}
          <Typography variant="caption" color="textSecondary">
            Evaluated {formatDateTime(result.evaluatedAt)}
          </Typography>
        </>
      )}
    </EntityResultCard>
  );
}
