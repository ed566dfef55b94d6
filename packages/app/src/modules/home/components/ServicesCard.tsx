import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Link } from '@backstage/ui';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import { displayName } from '../lib/entityNames';
import { goldenPathStatus } from '../lib/goldenPathStatus';
import { GoldenPathCell, VersionCell } from './GoldenPathStatusText';
import { TeamFindings } from './hooks';
import { paths } from './paths';
import { Empty, EntityName, isForbidden } from './shared';

interface AsyncValue<T> {
  loading: boolean;
  error?: Error;
  value?: T;
}

/** The teams' services, the golden path each was made from, its version and its findings. */
export function ServicesCard(props: {
  teams: Entity[];
  services: AsyncValue<Entity[]>;
  goldenPaths: AsyncValue<GoldenPathSummary[]>;
  findings: AsyncValue<TeamFindings>;
}) {
  const { teams, services, goldenPaths, findings } = props;
  const teamNames = teams.map(displayName).join(' and ');
  const title = `Services of ${teamNames}`;

  if (services.loading) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (services.error) {
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={services.error} />
      </InfoCard>
    );
  }
  const items = services.value ?? [];
  if (items.length === 0) {
    return (
      <InfoCard title={title}>
        <Empty>
          {teamNames} {teams.length > 1 ? 'own' : 'owns'} no components in the
          catalog yet. <Link href={paths.create}>Create a service</Link> from a
          golden path and it is registered under your team.
        </Empty>
      </InfoCard>
    );
  }

  const known = goldenPaths.value ?? [];
  const findingCount = (service: Entity) => {
    const ref = stringifyEntityRef(service).toLowerCase();
    let n = 0;
    for (const list of findings.value?.byTeam.values() ?? []) {
      n += (list ?? []).filter(f => f.entityRef.toLowerCase() === ref).length;
    }
    return n;
  };
  const ownerOf = (service: Entity) => {
    const ref = service.relations
      ?.find(r => r.type === 'ownedBy')
      ?.targetRef?.toLowerCase();
    return teams.find(t => stringifyEntityRef(t).toLowerCase() === ref);
  };
  const behind = items.filter(
    s => goldenPathStatus(s, known).kind === 'behind',
  ).length;

  return (
    <InfoCard
      title={title}
      subheader={
        goldenPaths.value
          ? `${items.length} ${
              items.length === 1 ? 'component' : 'components'
            }; ${behind} behind ${
              behind === 1 ? 'its' : 'their'
            } golden path's current version`
          : undefined
      }
    >
      {goldenPaths.error && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {isForbidden(goldenPaths.error)
            ? 'You may not read the golden paths, so their status is not shown.'
            : `Golden-path status is unavailable: ${goldenPaths.error.message}`}
        </Typography>
      )}
      <Table size="small" aria-label="Your team's services">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            {teams.length > 1 && <TableCell>Team</TableCell>}
            <TableCell>Golden path</TableCell>
            <TableCell>Version</TableCell>
            <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
              Findings
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(service => {
            const status = goldenPathStatus(service, known);
            const owner = ownerOf(service);
            const n = findingCount(service);
            const ref = stringifyEntityRef(service);
            return (
              <TableRow key={ref} data-testid={`home-service-${ref}`}>
                <TableCell>
                  <EntityName entity={service} />
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    {[service.spec?.type, service.spec?.lifecycle]
                      .filter(v => typeof v === 'string')
                      .join(' · ')}
                  </Typography>
                </TableCell>
                {teams.length > 1 && (
                  <TableCell>
                    {owner ? <EntityName entity={owner} /> : '–'}
                  </TableCell>
                )}
                <TableCell>
                  {goldenPaths.loading ? (
                    '…'
                  ) : (
                    <GoldenPathCell status={status} />
                  )}
                </TableCell>
                <TableCell>
                  {goldenPaths.loading ? '…' : <VersionCell status={status} />}
                </TableCell>
                <TableCell align="right">
                  {findings.value && n > 0 && (
                    <EntityName entity={service}>{n}</EntityName>
                  )}
                  {findings.value && n === 0 && '0'}
                  {!findings.value && '–'}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
