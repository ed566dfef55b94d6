import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { isNotFound } from '@conway/plugin-conway-react';
import { windowText } from '@conway/plugin-ownership-common';
import { ownershipApiRef } from '../../api/OwnershipApi';
import {
  HistoryReport,
  OwnershipHistoryResponse,
  UnavailableHistory,
} from '../../api/types';
import { CoordinationGraph } from './CoordinationGraph';
import { FragmentationTable, KnowledgeAtRiskTable } from './ComponentLists';
import { HistoryFindings } from './HistoryFindings';
import { HistoryEntity, HistoryNamesProvider, plural } from './historyNames';
import { HistoryStateNotice, RunStampText } from './historyState';
import { OwnerMatrix } from './OwnerMatrix';

function Part(props: {
  title: string;
  subheader?: string;
  children: ReactNode;
}) {
  return (
    <Grid item xs={12}>
      <InfoCard title={props.title} subheader={props.subheader}>
        {props.children}
      </InfoCard>
    </Grid>
  );
}

/** Repositories that could not be read, each with its reason and components. */
function Unavailable(props: { unavailable: UnavailableHistory[] }) {
  const groups = new Map<string, UnavailableHistory[]>();
  for (const u of props.unavailable) {
    const key = `${u.repository}\n${u.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return (
    <ul style={{ margin: 0 }} data-testid="history-unavailable">
      {[...groups.values()].map(list => (
        <li key={`${list[0].repository}\n${list[0].reason}`}>
          <Typography variant="body2" component="span">
            <code>{list[0].repository}</code> — {list[0].reason}. Components:{' '}
            {list.map((u, i) => (
              <span key={u.entityRef}>
                {i > 0 && ', '}
                <HistoryEntity entityRef={u.entityRef} />
              </span>
            ))}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

function WithoutSourceLocation(props: { refs: string[] }) {
  const [open, setOpen] = useState(false);
  const { refs } = props;
  return (
    <Box mt={1} data-testid="without-source-location">
      <Typography variant="body2" component="span">
        {plural(refs.length, 'component')} without a{' '}
        <code>backstage.io/source-location</code> annotation: nothing to mine,
        their ownership is judged on the declared owner alone.
      </Typography>{' '}
      <Button size="small" onClick={() => setOpen(!open)}>
        {open ? 'Hide' : 'List them'}
      </Button>
      {open && (
        <Box display="flex" flexWrap="wrap" style={{ gap: 12 }}>
          {refs.map(r => (
            <HistoryEntity key={r} entityRef={r} />
          ))}
        </Box>
      )}
    </Box>
  );
}

/** What was mined and what could not be: repositories, failures, components without a source. */
function Coverage(props: {
  value: OwnershipHistoryResponse;
  report: HistoryReport;
}) {
  const { value, report } = props;
  const repositories = new Set(report.components.map(c => c.repository));
  const without = value.withoutSourceLocation ?? [];
  return (
    <>
      <Typography variant="body2" data-testid="history-coverage">
        {plural(report.components.length, 'component')} mined from{' '}
        {plural(repositories.size, 'repository', 'repositories')}
        {report.unavailable.length > 0 &&
          `; ${plural(
            report.unavailable.length,
            'component',
          )} could not be read`}
        {without.length > 0 &&
          `; ${plural(without.length, 'component')} without a source location`}
        .
      </Typography>
      {report.unavailable.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2">
            Repositories that could not be read
          </Typography>
          <Unavailable unavailable={report.unavailable} />
        </Box>
      )}
      {without.length > 0 && <WithoutSourceLocation refs={without} />}
    </>
  );
}

function ReadyHistory(props: {
  value: OwnershipHistoryResponse;
  report: HistoryReport;
}) {
  const { value, report } = props;
  const { options } = report;
  const period = windowText(value.windowDays ?? options.windowDays);
  return (
    <HistoryNamesProvider titles={report.titles} components={report.components}>
      <RunStampText stamp={value} />
      <Box mb={2}>
        <Coverage value={value} report={report} />
      </Box>
      {report.components.length === 0 ? (
        <Typography data-testid="history-none">
          No component has been mined yet, so there is no history to show.
        </Typography>
      ) : (
        <Grid container spacing={3}>
          <Part
            title="Declared owner against who changes it"
            subheader="Components counted by declared owner (rows) and the team that changed them most (columns)"
          >
            <OwnerMatrix components={report.components} windowText={period} />
          </Part>
          <Part
            title="Teams that change the same components in the same weeks"
            subheader={`Pairs of teams, weighted by weeks in the last ${period}`}
          >
            <CoordinationGraph
              pairs={report.coordination}
              minWeeks={options.coordinationMinWeeks}
            />
          </Part>
          <Part
            title="Knowledge at risk"
            subheader={`Most current lines written by people not in the catalog (from ${Math.round(
              options.knowledgeAtRiskShare * 100,
            )} %), or more than half by one person (truck factor 1)`}
          >
            <KnowledgeAtRiskTable
              components={report.components}
              options={options}
            />
          </Part>
          <Part
            title={`Changed by ${options.fragmentationTeams} or more teams`}
            subheader={`Teams with at least ${Math.round(
              options.fragmentationMinShare * 100,
            )} % of the changes in the last ${period}`}
          >
            <FragmentationTable
              components={report.components}
              options={options}
            />
          </Part>
          <Part title={`History findings (${report.findings.length})`}>
            <HistoryFindings findings={report.findings} />
          </Part>
        </Grid>
      )}
    </HistoryNamesProvider>
  );
}

/**
 * "Who actually changes what": the ownership backend's git history
 * analysis for the whole fleet, or why there is none yet.
 */
export function HistorySection() {
  const api = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(() => api.getHistory(), [api]);
  const report = value?.state === 'ready' ? value.report : undefined;
  const title = report
    ? `Who actually changes what (last ${windowText(
        value?.windowDays ?? report.options.windowDays,
      )} of git history)`
    : 'Who actually changes what (git history)';

  let body: ReactNode;
  if (loading) body = <Progress />;
  else if (isNotFound(error))
    body = (
      <Typography>
        This ownership backend does not mine git history (no history API).
      </Typography>
    );
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (value && report)
    body = <ReadyHistory value={value} report={report} />;
  else if (value?.state === 'ready')
    body = (
      <Typography>
        The history run completed without a report; it appears after the next
        run.
      </Typography>
    );
  else if (value) body = <HistoryStateNotice stamp={value} />;

  return (
    <Box data-testid="history-section">
      <Typography variant="h5" component="h2" gutterBottom>
        {title}
      </Typography>
      {body}
    </Box>
  );
}
