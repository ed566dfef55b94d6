import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { campaignsManagePermission } from '@conway/plugin-campaigns-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef, ServiceQuery } from '../../api/ScorecardsApi';
import type {
  FailingCheck,
  OverviewResponse,
} from '@conway/plugin-scorecards-common';
import { campaignsRouteRef } from '../../routes';
import { Filters, PageFilters, usePageFilters } from './Filters';
import { LevelDistribution } from './LevelDistribution';
import { ServicesSection } from './ServicesSection';
import { FailingChecksTable, TeamRollupTable } from './Tables';
import { TrendChart } from './TrendChart';
import { formatDateTime } from '@conway/plugin-conway-react';

/**
 * The Scorecards page: the fleet's level distribution per scorecard, the
 * trend, the teams' roll-ups, the failing checks with how to fix them, and
 * the services, filtered by department, team, level and check (kept in the
 * URL), with CSV and JSON exports of what is shown.
 */
export function ScorecardsPage() {
  const api = useApi(scorecardsApiRef);
  const [filters, setFilters] = usePageFilters();
  const overview = useAsync(
    () => api.getOverview(filters.team ? { team: filters.team } : {}),
    [api, filters.team],
  );
  return (
    <Page themeId="tool">
      <Header
        title="Scorecards"
        subtitle="Which services meet our standards, which teams are behind, and whether it is getting better"
      />
      <Content>
        {overview.loading && !overview.value && <Progress />}
        {overview.error && <ResponseErrorPanel error={overview.error} />}
        {overview.value && (
          <Overview overview={overview.value} filters={filters} onFilters={setFilters} />
        )}
      </Content>
    </Page>
  );
}

function query(filters: PageFilters): ServiceQuery {
  return { ...filters };
}

function Overview(props: {
  overview: OverviewResponse;
  filters: PageFilters;
  onFilters: (next: PageFilters) => void;
}) {
  const { overview, filters, onFilters } = props;
  // Only the platform team starts campaigns; the campaign page pre-fills its form.
  const campaigns = useRouteRef(campaignsRouteRef);
  const { allowed: mayStartCampaigns } = usePermission({
    permission: campaignsManagePermission,
  });
  const startCampaignLink =
    campaigns && mayStartCampaigns
      ? (c: FailingCheck) =>
          `${campaigns()}?${new URLSearchParams({
            scorecard: c.scorecardId,
            check: c.checkId,
          })}`
      : undefined;
  if (!overview.generatedAt) {
    return (
      <InfoCard title="Not evaluated yet">
        <Typography>
          The first evaluation of the fleet has not finished yet; it runs
          shortly after the portal starts. Come back in a minute.
        </Typography>
      </InfoCard>
    );
  }
  const teams = overview.teams.filter(
    t => !filters.department || t.department?.ref === filters.department,
  );
  const teamTitle = overview.teams.find(t => t.team.ref === filters.team)?.team.title;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          {overview.serviceCount} services evaluated · last run{' '}
          {formatDateTime(overview.generatedAt)}
        </Typography>
      </Grid>
      {overview.scorecards.map(scorecard => (
        <Grid item xs={12} md={6} key={scorecard.id}>
          <InfoCard title={scorecard.title} subheader="Services per level (the whole fleet)">
            <LevelDistribution scorecard={scorecard} />
          </InfoCard>
        </Grid>
      ))}
      <Grid item xs={12} md={6}>
        <InfoCard
          title={teamTitle ? `Trend: ${teamTitle}` : 'Trend: the organisation'}
          subheader="Share of evaluated checks that pass, per day"
        >
          <TrendChart trends={overview.trends} scorecards={overview.scorecards} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Filters">
          <Filters overview={overview} filters={filters} onChange={onFilters} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Teams" subheader="Levels per team; select a service count to list them">
          <TeamRollupTable
            teams={teams}
            scorecards={overview.scorecards}
            onSelectTeam={team => onFilters({ ...filters, team })}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Failing checks" subheader="Most severe first, across the fleet">
          <FailingChecksTable
            checks={overview.failingChecks}
            onSelectCheck={check => onFilters({ ...filters, check })}
            startCampaignLink={startCampaignLink}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <ServicesSection
          key={JSON.stringify(query(filters))}
          query={query(filters)}
          scorecards={overview.scorecards}
        />
      </Grid>
    </Grid>
  );
}
