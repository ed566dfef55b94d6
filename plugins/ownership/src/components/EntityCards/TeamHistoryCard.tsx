import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntityResultCard, FindingList } from '@conway/plugin-conway-react';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { TeamComponentHistory, TeamHistoryResponse } from '../../api/types';
import {
  HistoryEntity,
  HistoryNamesProvider,
  inWindowText,
  plural,
  share,
} from '../History/historyNames';
import { HistoryStateNotice, RunStampText } from '../History/historyState';

/** Who changes a component the team declares. */
function ChangedBy(props: { row: TeamComponentHistory; teamRef: string }) {
  const { row, teamRef } = props;
  // No actual team: no changes in the window, or only by people without a team.
  if (!row.actualTeamRef) return <>no catalog team</>;
  if (row.actualTeamRef === teamRef) return <>this team</>;
  return <HistoryEntity entityRef={row.actualTeamRef} />;
}

function Declared(props: { value: TeamHistoryResponse; teamRef: string }) {
  const { value, teamRef } = props;
  if (value.declared.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No component this team declares was mined.
      </Typography>
    );
  }
  const elsewhere = value.declared.filter(
    r => r.actualTeamRef && r.actualTeamRef !== teamRef,
  ).length;
  return (
    <>
      <Typography variant="body2" data-testid="team-declared-summary">
        {elsewhere} of the {plural(value.declared.length, 'mined component')} it
        declares {elsewhere === 1 ? 'is' : 'are'} changed most by another team{' '}
        {inWindowText(value.windowDays)}.
      </Typography>
      <Table size="small" aria-label="Declared components">
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            <TableCell>Changed most by</TableCell>
            <TableCell align="right">This team&apos;s share</TableCell>
            <TableCell align="right">Its commits</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.declared.map(r => (
            <TableRow key={r.entityRef} data-testid="team-declared-row">
              <TableCell>
                <HistoryEntity entityRef={r.entityRef} />
              </TableCell>
              <TableCell>
                <ChangedBy row={r} teamRef={teamRef} />
              </TableCell>
              <TableCell align="right">{share(r.teamShare)}</TableCell>
              <TableCell align="right">{r.commits}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

function ActuallyChanged(props: { value: TeamHistoryResponse }) {
  const { actuallyChanged } = props.value;
  if (actuallyChanged.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        None: it changes no other team&apos;s component more than anyone else.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Components it changes but does not own">
      <TableHead>
        <TableRow>
          <TableCell>Component</TableCell>
          <TableCell>Declared owner</TableCell>
          <TableCell align="right">This team&apos;s share</TableCell>
          <TableCell align="right">Its commits</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {actuallyChanged.map(r => (
          <TableRow key={r.entityRef} data-testid="team-changed-row">
            <TableCell>
              <HistoryEntity entityRef={r.entityRef} />
            </TableCell>
            <TableCell>
              {r.declaredOwnerRef ? (
                <HistoryEntity entityRef={r.declaredOwnerRef} />
              ) : (
                'none'
              )}
            </TableCell>
            <TableCell align="right">{share(r.teamShare)}</TableCell>
            <TableCell align="right">{r.commits}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function TeamHistory(props: { value: TeamHistoryResponse; teamRef: string }) {
  const { value, teamRef } = props;
  return (
    <>
      <RunStampText stamp={value} />
      <Box mt={1}>
        <Typography variant="subtitle2">
          Mined components it declares ({value.declared.length})
        </Typography>
        <Declared value={value} teamRef={teamRef} />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">
          Components it changes most but does not own (
          {value.actuallyChanged.length})
        </Typography>
        <ActuallyChanged value={value} />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">
          Coordination partners ({value.coordination.length})
        </Typography>
        {value.coordination.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No other team changed the same components in the same weeks.
          </Typography>
        )}
        {value.coordination.map(p => {
          const partner = p.teamA === teamRef ? p.teamB : p.teamA;
          return (
            <Typography
              key={partner}
              variant="body2"
              data-testid="team-coordination"
            >
              <HistoryEntity entityRef={partner} />: {plural(p.weeks, 'week')}{' '}
              together in{' '}
              {p.components.map((c, i) => (
                <span key={c.entityRef}>
                  {i > 0 && ', '}
                  <HistoryEntity entityRef={c.entityRef} />
                </span>
              ))}
            </Typography>
          );
        })}
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">
          History findings ({value.findings.length})
        </Typography>
        <FindingList
          findings={value.findings}
          empty="The history shows nothing to act on for this team."
        />
      </Box>
    </>
  );
}

/** A ready, pending or disabled answer about one team. */
export function TeamHistoryContent(props: {
  value: TeamHistoryResponse;
  teamRef: string;
}) {
  const { value, teamRef } = props;
  if (value.state !== 'ready') {
    return <HistoryStateNotice stamp={value} dense />;
  }
  return (
    <HistoryNamesProvider titles={value.titles}>
      <TeamHistory value={value} teamRef={teamRef} />
    </HistoryNamesProvider>
  );
}

/** On a group's page: the components it declares and who changes them, and what it changes elsewhere. */
export function TeamHistoryCard() {
  const { entity } = useEntity();
  const api = useApi(ownershipApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getTeamHistory(ref), [api, ref]);
  return (
    <EntityResultCard
      title="Actual ownership"
      state={state}
      notFound="No history for this group yet: the last history run did not see it."
    >
      {value => (
        <TeamHistoryContent value={value} teamRef={ref.toLowerCase()} />
      )}
    </EntityResultCard>
  );
}
