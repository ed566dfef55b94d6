import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ScorecardDistribution } from '@conway/plugin-scorecards-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef, ServiceQuery } from '../../api/ScorecardsApi';
import { ExportButtons } from './ExportButtons';
import { ServicesTable } from './Tables';

/** Services per page: a 10,000-service fleet is read a page at a time, never at once. */
export const SERVICES_PAGE_SIZE = 50;

/**
 * The services that pass the filters, a page at a time, with the exports of
 * all of them. Keyed by its filters where used, so a new filter starts at the
 * first page.
 */
export function ServicesSection(props: {
  query: ServiceQuery;
  scorecards: Array<Pick<ScorecardDistribution, 'id' | 'title'>>;
}) {
  const api = useApi(scorecardsApiRef);
  const [offset, setOffset] = useState(0);
  const page = useAsync(
    () => api.getServices({ ...props.query, limit: SERVICES_PAGE_SIZE, offset }),
    [api, JSON.stringify(props.query), offset],
  );
  const total = page.value?.total;
  const shown = page.value?.items.length ?? 0;
  return (
    <InfoCard
      title={`Services${total === undefined ? '' : ` (${total})`}`}
      action={<ExportButtons query={props.query} />}
    >
      {page.loading && <Progress />}
      {page.error && <ResponseErrorPanel error={page.error} />}
      {page.value && (
        <>
          <ServicesTable services={page.value.items} scorecards={props.scorecards} />
          {total !== undefined && total > SERVICES_PAGE_SIZE && (
            <Box display="flex" alignItems="center" justifyContent="flex-end" mt={1}>
              <Typography variant="body2" color="textSecondary">
                {shown === 0
                  ? `None of ${total} on this page`
                  : `${offset + 1}–${offset + shown} of ${total}`}
              </Typography>
              <Button
                size="small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - SERVICES_PAGE_SIZE))}
              >
                Previous
              </Button>
              <Button
                size="small"
                disabled={offset + SERVICES_PAGE_SIZE >= total}
                onClick={() => setOffset(offset + SERVICES_PAGE_SIZE)}
              >
                Next
              </Button>
            </Box>
          )}
        </>
      )}
    </InfoCard>
  );
}
