import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { coreApis, useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { scorecardsApiRef } from '../../api/ScorecardsApi';
import type { ServiceCheckOutcome, ServiceResult } from '@conway/plugin-scorecards-common';
import { rootRouteRef } from '../../routes';
import {
  CheckSeverityChip,
  fixFirst,
  HowToFix,
  LevelChip,
  NamedLink,
} from '../common';
import { formatDateTime } from '@conway/plugin-conway-react';

/** Checks listed under "What to fix first". */
const FIX_FIRST_LIMIT = 5;

interface TeamResults {
  teamRef: string;
  services: ServiceResult[];
  /** When the newest scorecard run finished; absent before the first run. */
  generatedAt?: string;
}

/**
 * The services of the signed-in user's teams: the groups the catalog lists
 * them as a member of, and any group among their sign-in ownership refs.
 */
function useMyTeamsResults() {
  const identityApi = useApi(coreApis.identity);
  const catalogApi = useApi(catalogApiRef);
  const api = useApi(scorecardsApiRef);
  return useAsync(async (): Promise<TeamResults[]> => {
    const { userEntityRef, ownershipEntityRefs } =
      await identityApi.getBackstageIdentity();
    const user = await catalogApi.getEntityByRef(userEntityRef);
    const teamRefs = [
      ...new Set([
        ...(user?.relations ?? [])
          .filter(r => r.type === RELATION_MEMBER_OF)
          .map(r => r.targetRef),
        ...ownershipEntityRefs.filter(r => r.startsWith('group:')),
      ]),
    ];
    return Promise.all(
      teamRefs.map(async teamRef => {
        const page = await api.getServices({ team: teamRef });
        return { teamRef, services: page.items, generatedAt: page.generatedAt };
      }),
    );
  }, [identityApi, catalogApi, api]);
}

/**
 * The home page widget: the scorecard levels of the signed-in user's teams'
 * services, and what to fix first (failing required checks, most severe
 * first).
 */
export function TeamScorecardWidget() {
  const state = useMyTeamsResults();
  const pageLink = useRouteRef(rootRouteRef);
  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const all = state.value ?? [];
  const teams = all.filter(t => t.services.length > 0);
  if (teams.length === 0) {
    // Before the first run nothing is evaluated: saying the teams own no service would be false.
    const lastRun = all.find(t => t.generatedAt)?.generatedAt;
    let text = 'The scorecards have not been evaluated yet.';
    if (all.length === 0) text = 'You are in no team, so no service is yours to fix.';
    else if (lastRun) {
      text = `None of your teams' services was in the last scorecard run (${formatDateTime(lastRun)}).`;
    }
    return (
      <Typography>
        {text}{' '}
        {pageLink && <Link to={pageLink()}>See the whole fleet on the Scorecards page</Link>}
      </Typography>
    );
  }
  const toFix = byCheck(
    fixFirst(
      teams.flatMap(t =>
        t.services.flatMap(service =>
          service.scorecards.flatMap(s => s.checks.map(check => ({ service, check }))),
        ),
      ),
    ),
  ).slice(0, FIX_FIRST_LIMIT);
  return (
    <Box>
      {teams.map(t => (
        <Box key={t.teamRef} mb={2}>
          <Typography variant="subtitle1">
            <NamedLink named={t.services[0].team ?? { ref: t.teamRef, title: t.teamRef }} />
            {pageLink && (
              <Typography component="span" variant="body2">
                {' '}
                · <Link to={`${pageLink()}?team=${encodeURIComponent(t.teamRef)}`}>on the Scorecards page</Link>
              </Typography>
            )}
          </Typography>
          {t.services.map(service => (
            <Box key={service.entityRef} display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }} mt={0.5}>
              <NamedLink named={{ ref: service.entityRef, title: service.title }} />
              {service.scorecards.map(s => (
                <Box key={s.id} display="flex" alignItems="center" style={{ gap: 4 }}>
                  <Typography variant="caption" color="textSecondary">
                    {s.title}
                  </Typography>
                  <LevelChip scorecard={s} />
                </Box>
              ))}
            </Box>
          ))}
        </Box>
      ))}
      <Typography variant="subtitle1">What to fix first</Typography>
      {toFix.length === 0 ? (
        <Typography>Nothing fails: every check passes or could not be checked.</Typography>
      ) : (
        <List dense disablePadding>
          {toFix.map(item => (
            <FixItem key={item.check.checkId} {...item} />
          ))}
        </List>
      )}
    </Box>
  );
}

interface CheckToFix {
  check: ServiceCheckOutcome;
  /** The services failing it, in the order `fixFirst` gave them. */
  services: ServiceResult[];
  /** Why each of `services` fails it, in the same order. */
  reasons: string[];
}

/**
 * One entry per failing check, with every service that fails it, in the
 * order of each check's first appearance: a check five services fail is one
 * thing to fix, not five lines that crowd out the next checks.
 */
function byCheck(items: Array<{ service: ServiceResult; check: ServiceCheckOutcome }>): CheckToFix[] {
  const groups = new Map<string, CheckToFix>();
  for (const { service, check } of items) {
    // Rules always give a reason; a result without one says which condition is not met.
    const reason = check.reason ?? `Not met: ${check.description}`;
    const group = groups.get(check.checkId);
    if (group) {
      group.services.push(service);
      group.reasons.push(reason);
    } else {
      groups.set(check.checkId, { check, services: [service], reasons: [reason] });
    }
  }
  return [...groups.values()];
}

/**
 * Why the services fail the check: the reason they share, else the first
 * service's, labelled as such. Never the check's description, which says
 * what passing looks like and would read as a false statement about them.
 */
function WhyItFails(props: Pick<CheckToFix, 'services' | 'reasons'>) {
  const { services, reasons } = props;
  if (new Set(reasons).size === 1) return <>{reasons[0]}</>;
  const first = services[0];
  return (
    <>
      The reasons differ per service; for example{' '}
      <NamedLink named={{ ref: first.entityRef, title: first.title }} />: {reasons[0]}
    </>
  );
}

function FixItem(props: CheckToFix) {
  const { check, services, reasons } = props;
  return (
    <ListItem disableGutters dense>
      <ListItemText
        // Reasons list annotations and paths: wrap them instead of cutting them off.
        secondaryTypographyProps={{ style: { whiteSpace: 'normal', overflowWrap: 'anywhere' } }}
        primary={
          <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
            <CheckSeverityChip severity={check.severity} />
            <span>
              {check.title}
              {services.length > 1 ? ` on ${services.length} services` : ' on '}
              {services.length === 1 && (
                <NamedLink named={{ ref: services[0].entityRef, title: services[0].title }} />
              )}
            </span>
            {check.required && (
              <Typography variant="caption" color="textSecondary">
                required
              </Typography>
            )}
          </Box>
        }
        secondary={
          <>
            {services.length > 1 && (
              <span style={{ display: 'block' }}>
                {services.map((service, i) => (
                  <span key={service.entityRef}>
                    {i > 0 && ', '}
                    <NamedLink named={{ ref: service.entityRef, title: service.title }} />
                  </span>
                ))}
              </span>
            )}
            <WhyItFails services={services} reasons={reasons} /> <HowToFix check={check} />
          </>
        }
      />
    </ListItem>
  );
}

