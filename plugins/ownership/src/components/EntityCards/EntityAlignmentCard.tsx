import { Fragment, ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { EntityAlignmentResponse } from '../../api/types';
import {
  EntityName,
  EntityResultCard,
  FindingList,
} from '@conway/plugin-conway-react';
import { percent } from '../common';

const OWNER_STATUS: Record<EntityAlignmentResponse['owner']['status'], string> =
  {
    valid: 'valid team',
    'no-owner': 'no owner',
    'unknown-owner': 'does not exist',
    'user-owner': 'a person, not a team',
    'empty-team-owner': 'a team without members',
    'not-applicable': '–',
  };

function alignmentText(value: EntityAlignmentResponse): string {
  const container = value.kind === 'system' ? 'domain' : 'system';
  if (value.aligned) {
    return `Yes: owned by the owner of its ${container} or a team under it`;
  }
  const why: Partial<Record<typeof value.owner.status, string>> = {
    'no-owner': 'it has no owner',
    'unknown-owner': 'its owner does not exist',
    'user-owner': 'it is owned by a person, not a team',
    'empty-team-owner': 'its owning team has no members',
  };
  const reason = why[value.owner.status];
  if (reason) return `No: ${reason}`;
  return `No: owned by a team outside the one owning its ${container}`;
}

function Row(props: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" style={{ width: '30%' }}>
        <Typography variant="subtitle2">{props.label}</Typography>
      </TableCell>
      <TableCell>{props.children}</TableCell>
    </TableRow>
  );
}

function Alignment(props: { value: EntityAlignmentResponse }) {
  const { owner, system, domain, aligned, couplingEdges, findings } =
    props.value;
  const container = props.value.kind === 'system' ? domain : system;
  return (
    <>
      <Table size="small">
        <TableBody>
          <Row label="Owner">
            {owner.ref ? <EntityName entityRef={owner.ref} /> : 'none'}{' '}
            <Chip
              size="small"
              label={OWNER_STATUS[owner.status]}
              color={owner.status === 'valid' ? 'primary' : 'secondary'}
            />
          </Row>
          {container && (
            <Row label={props.value.kind === 'system' ? 'Domain' : 'System'}>
              <EntityName entityRef={container.ref} /> owned by{' '}
              {container.ownerRef ? (
                <EntityName entityRef={container.ownerRef} />
              ) : (
                'nobody'
              )}
              {container.split &&
                ` · split across ${container.owningTeams.length} teams`}
            </Row>
          )}
          {aligned !== null && (
            <Row label="Aligned">{alignmentText(props.value)}</Row>
          )}
          {props.value.kind === 'system' && system && (
            <Row label="Parts">
              {percent(system.cohesion)} owned by its team
              {system.split && (
                <>
                  ; split across {system.owningTeams.length} teams:{' '}
                  {system.owningTeams.map((t, i) => (
                    <Fragment key={t}>
                      {i > 0 && ', '}
                      <EntityName entityRef={t} />
                    </Fragment>
                  ))}
                </>
              )}
            </Row>
          )}
        </TableBody>
      </Table>
      <Box mt={2}>
        <Typography variant="subtitle2">
          Cross-team dependencies ({couplingEdges.length})
        </Typography>
        {couplingEdges.length === 0 && (
          <Typography color="textSecondary">None.</Typography>
        )}
        {couplingEdges.map(e => (
          <Typography
            key={`${e.kind}${e.fromRef}${e.toRef}`}
            variant="body2"
            component="div"
          >
            <Chip
              size="small"
              variant="outlined"
              label={e.kind === 'interface' ? 'via API' : 'direct coupling'}
              color={e.kind === 'interface' ? 'primary' : 'secondary'}
            />{' '}
            <EntityName entityRef={e.fromRef} /> (
            <EntityName entityRef={e.fromTeamRef} />) →{' '}
            <EntityName entityRef={e.toRef} /> (
            <EntityName entityRef={e.toTeamRef} />)
          </Typography>
        ))}
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">
          Findings ({findings.length})
        </Typography>
        <FindingList findings={findings} empty="Ownership is aligned." />
      </Box>
    </>
  );
}

/** On a component's or system's page: how its ownership lines up with the teams. */
export function EntityAlignmentCard() {
  const { entity } = useEntity();
  const api = useApi(ownershipApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsync(() => api.getEntity(ref), [api, ref]);
  return (
    <EntityResultCard
      title="Ownership alignment"
      state={state}
      notFound="The ownership analysis has not seen this entity yet."
    >
      {value => <Alignment value={value} />}
    </EntityResultCard>
  );
}
