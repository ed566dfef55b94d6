import { ReactNode, useState } from 'react';
import { SCORE_TERM_LABELS } from '@conway/plugin-ownership-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Content,
  ContentHeader,
  Gauge,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { ownershipApiRef } from '../../api/OwnershipApi';
import { OwnershipReportResponse } from '../../api/types';
import { errorMessage } from '@conway/plugin-conway-react';
import { percent, scoreBand } from '../common';
import { NamesProvider } from '../common/names';
import { ScoreExplanation } from '../common/ScoreExplanation';
import { useQueryParam } from '../common/urlState';
import { ExportButtons } from '../ExportButtons/ExportButtons';
import { DependencyFlow } from '../DependencyFlow/DependencyFlow';
import { FindingsTable } from '../FindingsTable/FindingsTable';
import { HistorySection } from '../History/HistorySection';
import { OrgTree } from '../OrgTree/OrgTree';
import { TeamDependencies } from '../TeamGraph/TeamDependencies';
import { WhatIfPanel } from '../WhatIfPanel/WhatIfPanel';
import { formatDateTime } from '@conway/plugin-conway-react';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Coverage and the score's ownership term count different things: say which. */
function CoverageCard(props: { report: OwnershipReportResponse }) {
  const { summary } = props.report;
  const owned = summary.ownedEntityCount;
  const o = summary.orphansByType;
  const covered = owned - o['no-owner'] - o['unknown-owner'] - o['user-owner'];
  const staffed = summary.counts.validOwned;
  const reasons = [
    [o['no-owner'], 'without an owner'],
    [o['unknown-owner'], 'owned by a group that does not exist'],
    [o['user-owner'], 'owned by a person'],
    [o['empty-team-owner'], 'owned by a group without members'],
  ] as const;
  return (
    <InfoCard title="Ownership coverage">
      <Typography variant="h4">{percent(summary.coverage)}</Typography>
      <Typography variant="body2" data-testid="coverage-explanation">
        {covered} of {plural(owned, 'owned entity', 'owned entities')} have an
        owner that is an existing group.{' '}
        {o['empty-team-owner'] > 0
          ? `The score's "${SCORE_TERM_LABELS.ownership}" term (${percent(
              summary.scoreBreakdown.ownership,
            )}, ${staffed} of ${owned}) is stricter: it also leaves out ${plural(
              o['empty-team-owner'],
              'entity',
              'entities',
            )} owned by a group without members.`
          : `The same ${covered} count as owned by a team with members in the score.`}
      </Typography>
      <Box mt={1}>
        {reasons
          .filter(([n]) => n > 0)
          .map(([n, text]) => (
            <Typography key={text} variant="caption" component="div">
              {plural(n, 'entity', 'entities')} {text}
            </Typography>
          ))}
      </Box>
    </InfoCard>
  );
}

function Summary(props: { report: OwnershipReportResponse }) {
  const { summary } = props.report;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={3}>
        <InfoCard title="Alignment score">
          {summary.score === null ? (
            <Typography variant="h4" color="textSecondary">
              no data
            </Typography>
          ) : (
            <Gauge
              value={summary.score}
              fractional={false}
              getColor={({ palette, value }) =>
                ({
                  good: palette.status.ok,
                  fair: palette.status.warning,
                  poor: palette.status.error,
                }[scoreBand(value)])
              }
              unit=""
              decimalDigits={1}
            />
          )}
          <Typography variant="caption" color="textSecondary" component="div">
            0 to 100; green from 80, orange from 60. The same formula scores
            every group (Organisation tab, expand a row).
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={9}>
        <InfoCard title="How the score is made">
          <ScoreExplanation counts={summary.counts} scope="organisation" />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <CoverageCard report={props.report} />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Findings">
          <Typography>Errors: {summary.findingCounts.error}</Typography>
          <Typography>Warnings: {summary.findingCounts.warning}</Typography>
          <Typography>Info: {summary.findingCounts.info}</Typography>
          <Typography variant="caption" color="textSecondary">
            {plural(summary.teamCount, 'team')},{' '}
            {plural(summary.systemCount, 'system')},{' '}
            {plural(summary.entityCount, 'entity', 'entities')}
          </Typography>
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** A tab another plugin adds to the page (the page's `tabs` extension input). */
export interface OwnershipPageTab {
  title: string;
  element: ReactNode;
}

/** The page's own tabs, as the `tab` query parameter names them. */
const OWN_TABS = [
  'organisation',
  'findings',
  'dependencies',
  'history',
  'what-if',
];

/** `Cluster vs catalog` → `cluster-vs-catalog`. */
export function tabSlug(title: string): string {
  return title
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The ownership page: organisation, findings, team dependencies, actual
 * ownership from git history and what-if, then the tabs other plugins add.
 * The tab and every filter and view live in the URL
 * (`?tab=findings&severity=error`), so a view can be shared.
 */
export function OwnershipPage(props: { tabs?: OwnershipPageTab[] }) {
  const extraTabs = props.tabs ?? [];
  const api = useApi(ownershipApiRef);
  const tabIds = [...OWN_TABS, ...extraTabs.map(t => tabSlug(t.title))];
  const [tabParam, setTabParam] = useQueryParam('tab', OWN_TABS[0]);
  const tab = Math.max(0, tabIds.indexOf(tabParam));
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<Error>();
  const {
    value: report,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => api.getReport(), [api]);

  const refresh = async () => {
    setRefreshing(true);
    setRefreshError(undefined);
    try {
      await api.refresh();
      retry();
    } catch (e) {
      setRefreshError(e as Error);
    } finally {
      setRefreshing(false);
    }
  };

  let body;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!report) {
    body = loading ? <Progress /> : null;
  } else {
    body = (
      <>
        <ContentHeader
          title="Conway's law check"
          description={`Analysed ${formatDateTime(report.generatedAt)}`}
        >
          <Box display="flex" style={{ gap: 8 }}>
            <Button
              variant="outlined"
              startIcon={<RefreshIcon />}
              onClick={refresh}
              disabled={refreshing}
            >
              Re-analyse
            </Button>
            <ExportButtons />
          </Box>
        </ContentHeader>
        {refreshError && (
          <Box mb={2}>
            <Alert severity="error">
              Re-analysis failed: {errorMessage(refreshError)}
            </Alert>
          </Box>
        )}
        <NamesProvider report={report}>
          <Summary report={report} />
          <Box mt={3} mb={2}>
            <Tabs
              value={tab}
              onChange={(_e, value: number) => setTabParam(tabIds[value])}
              indicatorColor="primary"
            >
              <Tab label="Organisation" />
              <Tab label={`Findings (${report.findings.length})`} />
              <Tab label="Team dependencies" />
              <Tab label="Actual ownership" />
              <Tab label="What if" />
              {extraTabs.map(t => (
                <Tab key={t.title} label={t.title} />
              ))}
            </Tabs>
          </Box>
          {tab === 0 && <OrgTree teams={report.teams} report={report} />}
          {tab === 1 && (
            <FindingsTable
              findings={report.findings}
              teams={report.teams}
              rootCauses={report.rootCauses}
            />
          )}
          {tab === 2 && (
            <>
              <TeamDependencies
                teams={report.teams}
                pairs={report.coupling.pairs}
              />
              <Box mt={3}>
                <DependencyFlow
                  cycles={report.dependencies?.cycles ?? []}
                  findings={report.findings}
                />
              </Box>
            </>
          )}
          {tab === 3 && <HistorySection />}
          {tab === 4 && <WhatIfPanel report={report} />}
          {tab >= OWN_TABS.length && extraTabs[tab - OWN_TABS.length]?.element}
        </NamesProvider>
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Ownership"
        subtitle="How the catalog's ownership lines up with the team structure"
      />
      <Content>{body}</Content>
    </Page>
  );
}
