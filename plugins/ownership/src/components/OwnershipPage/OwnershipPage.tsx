import { ReactNode, useState } from 'react';
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
import { errorMessage, percent, scoreBand } from '../common';
import { ExportButtons } from '../ExportButtons/ExportButtons';
import { FindingsTable } from '../FindingsTable/FindingsTable';
import { OrgTree } from '../OrgTree/OrgTree';
import { TeamGraph } from '../TeamGraph/TeamGraph';
import { WhatIfPanel } from '../WhatIfPanel/WhatIfPanel';

function Summary(props: { report: OwnershipReportResponse }) {
  const { summary } = props.report;
  const { ownership, cohesion, coupling } = summary.scoreBreakdown;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={3}>
        <InfoCard title="Alignment score">
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
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={3}>
        <InfoCard title="Score terms">
          <Typography>Ownership: {percent(ownership)}</Typography>
          <Typography>System cohesion: {percent(cohesion)}</Typography>
          <Typography>Interfaces over coupling: {percent(coupling)}</Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={3}>
        <InfoCard title="Ownership coverage">
          <Typography variant="h4">{percent(summary.coverage)}</Typography>
          <Typography color="textSecondary">
            {summary.orphanCount} of {summary.ownedEntityCount} owned entities
            without a valid owner
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={3}>
        <InfoCard title="Findings">
          <Typography>Errors: {summary.findingCounts.error}</Typography>
          <Typography>Warnings: {summary.findingCounts.warning}</Typography>
          <Typography>Info: {summary.findingCounts.info}</Typography>
          <Typography variant="caption" color="textSecondary">
            {summary.teamCount} teams, {summary.systemCount} systems,{' '}
            {summary.entityCount} entities
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

/**
 * The ownership page: organisation, findings, team dependencies and what-if,
 * then the tabs other plugins add.
 */
export function OwnershipPage(props: { tabs?: OwnershipPageTab[] }) {
  const extraTabs = props.tabs ?? [];
  const api = useApi(ownershipApiRef);
  const [tab, setTab] = useState(0);
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
          description={`Analysed ${new Date(
            report.generatedAt,
          ).toLocaleString()}`}
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
        <Summary report={report} />
        <Box mt={3} mb={2}>
          <Tabs
            value={tab}
            onChange={(_e, value) => setTab(value)}
            indicatorColor="primary"
          >
            <Tab label="Organisation" />
            <Tab label={`Findings (${report.findings.length})`} />
            <Tab label="Team dependencies" />
            <Tab label="What if" />
            {extraTabs.map(t => (
              <Tab key={t.title} label={t.title} />
            ))}
          </Tabs>
        </Box>
        {tab === 0 && <OrgTree teams={report.teams} />}
        {tab === 1 && (
          <FindingsTable findings={report.findings} teams={report.teams} />
        )}
        {tab === 2 && (
          <InfoCard
            title="Team dependencies"
            subheader="Which teams depend on which, through APIs or directly"
          >
            <TeamGraph teams={report.teams} pairs={report.coupling.pairs} />
          </InfoCard>
        )}
        {tab === 3 && <WhatIfPanel report={report} />}
        {tab >= 4 && extraTabs[tab - 4]?.element}
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
