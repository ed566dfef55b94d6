import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  FailingCheck,
  ScorecardDistribution,
  ServiceResult,
  TeamRollup,
} from '@conway/plugin-scorecards-common';
import {
  CheckSeverityChip,
  HowToFix,
  LevelChip,
  NamedLink,
  levelColour,
  levelTitle,
  NO_LEVEL,
  percent,
} from '../common';

/** "2 Gold · 1 Silver · 3 No level", highest level first, empty levels left out. */
function LevelCounts(props: { scorecard: ScorecardDistribution }) {
  const { levels, levelCounts } = props.scorecard;
  const order = [...levels.map(l => l.id)].reverse().concat(NO_LEVEL);
  const parts = order.filter(id => (levelCounts[id] ?? 0) > 0);
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {parts.map(id => (
        <Box key={id} display="flex" alignItems="center" style={{ gap: 4 }}>
          <span
            style={{
              width: 10,
              height: 10,
              display: 'inline-block',
              backgroundColor: levelColour(levels, id === NO_LEVEL ? null : id),
            }}
          />
          <Typography variant="body2">
            {levelCounts[id]} {levelTitle(levels, id)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

/** Per team: department, services and, per scorecard, the levels and pass rate. */
export function TeamRollupTable(props: {
  teams: TeamRollup[];
  scorecards: Array<Pick<ScorecardDistribution, 'id' | 'title'>>;
  onSelectTeam: (ref: string) => void;
}) {
  if (props.teams.length === 0) {
    return <Typography color="textSecondary">No team owns an evaluated service.</Typography>;
  }
  return (
    <Table size="small" aria-label="Teams">
      <TableHead>
        <TableRow>
          <TableCell>Team</TableCell>
          <TableCell>Department</TableCell>
          <TableCell align="right">Services</TableCell>
          {props.scorecards.map(s => (
            <TableCell key={s.id}>{s.title}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.teams.map(t => (
          <TableRow key={t.team.ref}>
            <TableCell>
              <NamedLink named={t.team} />
            </TableCell>
            <TableCell>
              {t.department ? <NamedLink named={t.department} /> : '–'}
            </TableCell>
            <TableCell align="right">
              <Button size="small" color="primary" onClick={() => props.onSelectTeam(t.team.ref)}>
                {t.serviceCount}
              </Button>
            </TableCell>
            {props.scorecards.map(s => {
              const d = t.scorecards.find(x => x.id === s.id);
              return (
                <TableCell key={s.id}>
                  {d ? (
                    <>
                      <LevelCounts scorecard={d} />
                      <Typography variant="caption" color="textSecondary">
                        {percent(d.passRate)} of checks pass
                      </Typography>
                    </>
                  ) : (
                    '–'
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The checks that fail somewhere, most severe first, with how to fix them;
 * for the platform team, a link to start a campaign from each failing check.
 */
export function FailingChecksTable(props: {
  checks: FailingCheck[];
  onSelectCheck: (checkId: string) => void;
  /** Where "Start campaign" leads for a check; no column without it. */
  startCampaignLink?: (check: FailingCheck) => string;
}) {
  const { startCampaignLink } = props;
  const checks = props.checks.filter(c => c.failingCount > 0 || c.unknownCount > 0);
  if (checks.length === 0) {
    return <Typography>Every check passes on every service.</Typography>;
  }
  return (
    <Table size="small" aria-label="Failing checks">
      <TableHead>
        <TableRow>
          <TableCell>Check</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell>Scorecard</TableCell>
          <TableCell align="right">Failing</TableCell>
          <TableCell align="right">Unknown</TableCell>
          <TableCell>How to fix</TableCell>
          {startCampaignLink && <TableCell>Campaign</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {checks.map(c => (
          <TableRow key={`${c.scorecardId}/${c.checkId}`}>
            <TableCell>{c.title}</TableCell>
            <TableCell>
              <CheckSeverityChip severity={c.severity} />
            </TableCell>
            <TableCell>{c.scorecardTitle}</TableCell>
            <TableCell align="right">
              {c.failingCount > 0 ? (
                <Button size="small" color="primary" onClick={() => props.onSelectCheck(c.checkId)}>
                  {c.failingCount} {c.failingCount === 1 ? 'service' : 'services'}
                </Button>
              ) : (
                0
              )}
            </TableCell>
            <TableCell align="right">{c.unknownCount}</TableCell>
            <TableCell>
              <HowToFix check={c} />
            </TableCell>
            {startCampaignLink && (
              <TableCell>
                {c.failingCount > 0 && (
                  <Link
                    to={startCampaignLink(c)}
                    aria-label={`Start campaign: ${c.title}`}
                  >
                    Start campaign
                  </Link>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The services that pass the filters: name, team, level per scorecard, what fails. */
export function ServicesTable(props: {
  services: ServiceResult[];
  scorecards: Array<Pick<ScorecardDistribution, 'id' | 'title'>>;
}) {
  if (props.services.length === 0) {
    return <Typography color="textSecondary">No service matches these filters.</Typography>;
  }
  return (
    <Table size="small" aria-label="Services">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Team</TableCell>
          {props.scorecards.map(s => (
            <TableCell key={s.id}>{s.title}</TableCell>
          ))}
          <TableCell>Failing checks</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.services.map(service => {
          const failing = service.scorecards.flatMap(s =>
            s.checks.filter(c => c.status === 'fail'),
          );
          return (
            <TableRow key={service.entityRef}>
              <TableCell>
                <NamedLink named={{ ref: service.entityRef, title: service.title }} />
              </TableCell>
              <TableCell>
                {service.team ? <NamedLink named={service.team} /> : '–'}
              </TableCell>
              {props.scorecards.map(s => {
                const card = service.scorecards.find(x => x.id === s.id);
                return (
                  <TableCell key={s.id}>{card ? <LevelChip scorecard={card} /> : '–'}</TableCell>
                );
              })}
              <TableCell>
                {failing.length === 0
                  ? 'none'
                  : failing
                      .slice(0, 3)
                      .map(c => c.title)
                      .join(', ') + (failing.length > 3 ? ` and ${failing.length - 3} more` : '')}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
