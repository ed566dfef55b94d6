import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntityResultCard } from '@conway/plugin-conway-react';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef } from '../../api/ScorecardsApi';
import type { ServicesResponse } from '@conway/plugin-scorecards-common';
import { rootRouteRef } from '../../routes';
import { LevelChip, NamedLink } from '../common';

/**
 * `entity-card:scorecards/team`: the services of a team (or of a
 * department's teams) with their level per scorecard and failing checks.
 */
export function GroupScorecardCard() {
  const { entity } = useEntity();
  const api = useApi(scorecardsApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  const ref = stringifyEntityRef(entity);
  const isDepartment = entity.spec?.type === 'department';
  const state = useAsync(
    () => api.getServices(isDepartment ? { department: ref } : { team: ref }),
    [api, ref, isDepartment],
  );
  const filterKey = isDepartment ? 'department' : 'team';
  return (
    <EntityResultCard<ServicesResponse>
      title="Scorecards"
      state={state}
      notFound="Not evaluated yet."
    >
      {({ items }) =>
        items.length === 0 ? (
          <Typography>
            {isDepartment ? 'Its teams own' : 'It owns'} no evaluated service.
          </Typography>
        ) : (
          <>
            <Table size="small" aria-label="Services and levels">
              <TableHead>
                <TableRow>
                  <TableCell>Service</TableCell>
                  {items[0].scorecards.map(s => (
                    <TableCell key={s.id}>{s.title}</TableCell>
                  ))}
                  <TableCell align="right">Failing checks</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map(service => (
                  <TableRow key={service.entityRef}>
                    <TableCell>
                      <NamedLink named={{ ref: service.entityRef, title: service.title }} />
                    </TableCell>
                    {service.scorecards.map(s => (
                      <TableCell key={s.id}>
                        <LevelChip scorecard={s} />
                      </TableCell>
                    ))}
                    <TableCell align="right">
                      {service.scorecards.reduce(
                        (n, s) => n + s.checks.filter(c => c.status === 'fail').length,
                        0,
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {pageLink && (
              <Typography variant="body2" style={{ marginTop: 8 }}>
                <Link to={`${pageLink()}?${filterKey}=${encodeURIComponent(ref)}`}>
                  All results on the Scorecards page
                </Link>
              </Typography>
            )}
          </>
        )
      }
    </EntityResultCard>
  );
}
