import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Link } from '@backstage/ui';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Finding, FindingSeverity } from '@conway/plugin-ownership';
import { SeverityChip } from '@conway/plugin-conway-react';
import { displayName, withDisplayNames } from '../lib/entityNames';
import { TeamFindings } from './hooks';
import { paths } from './paths';
import { Empty, EntityName, formatWhen } from './shared';

/** Findings shown per team before "and N more". */
export const FINDINGS_SHOWN = 5;

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

const useStyles = makeStyles({
  wrap: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
});

function FindingList(props: {
  findings: Finding[];
  names: ReadonlyMap<string, string>;
}) {
  const classes = useStyles();
  return (
    <List dense disablePadding>
      {props.findings.map(f => (
        <ListItem key={f.id} disableGutters alignItems="flex-start">
          <Box mr={1} mt={0.5}>
            <SeverityChip severity={f.severity} />
          </Box>
          <ListItemText
            primary={
              <EntityRefLink entityRef={f.entityRef} title={f.entityRef}>
                {withDisplayNames(f.message, props.names)}
              </EntityRefLink>
            }
            secondary={withDisplayNames(f.suggestion, props.names)}
            primaryTypographyProps={{ className: classes.wrap }}
            secondaryTypographyProps={{ className: classes.wrap }}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** What the ownership analysis asks each of the user's teams to fix, most severe first. */
export function FindingsCard(props: {
  teams: Entity[];
  findings: { loading: boolean; error?: Error; value?: TeamFindings };
}) {
  const { teams, findings } = props;
  let content;
  if (findings.loading) {
    content = <Progress />;
  } else if (findings.error) {
    content = <ResponseErrorPanel error={findings.error} />;
  } else if (findings.value) {
    const { byTeam, names } = findings.value;
    content = teams.map(team => {
      const ref = stringifyEntityRef(team);
      const list = byTeam.get(ref);
      const sorted = [...(list ?? [])].sort(
        (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
      );
      return (
        <Box key={ref} mb={2} data-testid={`home-findings-${ref}`}>
          {teams.length > 1 && (
            <Typography variant="subtitle2">
              <EntityName entity={team} />
            </Typography>
          )}
          {list === undefined && (
            <Empty>
              The ownership analysis has not seen {displayName(team)} yet; it
              runs again within a minute of a catalog change.
            </Empty>
          )}
          {list !== undefined && list.length === 0 && (
            <Empty>
              Nothing to fix: the ownership analysis found no problem for{' '}
              {displayName(team)}.
            </Empty>
          )}
          {sorted.length > 0 && (
            <>
              <FindingList
                findings={sorted.slice(0, FINDINGS_SHOWN)}
                names={names}
              />
              <Typography variant="body2">
                {sorted.length > FINDINGS_SHOWN
                  ? `${sorted.length - FINDINGS_SHOWN} more on `
                  : 'Scores and details on '}
                <EntityName entity={team}>
                  {`${displayName(team)}'s team page`}
                </EntityName>
                {' and the '}
                <Link href={paths.ownership}>Ownership page</Link>.
              </Typography>
            </>
          )}
        </Box>
      );
    });
  }
  const analysedAt = findings.value?.analysedAt;
  return (
    <InfoCard
      title="Ownership findings"
      subheader={
        analysedAt
          ? `From the ownership analysis of ${formatWhen(analysedAt)}`
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
