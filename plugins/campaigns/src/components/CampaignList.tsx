import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { Link } from '@backstage/ui';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { CampaignSummary } from '@conway/plugin-campaigns-common';
import { EntityName } from '@conway/plugin-conway-react';
import { campaignsApiRef } from '../api';
import { campaignRouteRef } from '../routes';
import { describeTarget, formatDate } from './common';
import { StartCampaignDialog } from './StartCampaignDialog';
import { StartCheckCampaignDialog } from './StartCheckCampaignDialog';

/**
 * Every campaign, newest first, with its progress; the start form for the
 * platform team. `?scorecard=<id>&check=<id>` (the Scorecards page's "Start
 * campaign" on a failing check) opens the form for that check.
 */
export function CampaignList() {
  const api = useApi(campaignsApiRef);
  const campaignLink = useRouteRef(campaignRouteRef);
  const [starting, setStarting] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  const scorecardId = searchParams.get('scorecard');
  const checkId = searchParams.get('check');
  const fromCheck = useMemo(
    () => (scorecardId && checkId ? { scorecardId, checkId } : undefined),
    [scorecardId, checkId],
  );
  const { value, loading, error } = useAsyncRetry(
    () => api.listCampaigns(),
    [api],
  );
  const link = (id: string) =>
    campaignLink?.({ id }) ?? `/campaigns/${encodeURIComponent(id)}`;

  const columns: TableColumn<CampaignSummary>[] = [
    {
      title: 'Campaign',
      field: 'title',
      render: c => (
        <>
          <Link href={link(c.id)}>{c.title}</Link>
          <Typography variant="body2" color="textSecondary">
            {describeTarget(c.target)}
          </Typography>
        </>
      ),
    },
    {
      title: 'Deadline',
      field: 'deadline',
      render: c => formatDate(c.deadline),
    },
    {
      title: 'Progress',
      render: c => (
        <div style={{ minWidth: 160 }}>
          <LinearProgress
            variant="determinate"
            value={c.total ? (100 * c.done) / c.total : 0}
          />
          <Typography variant="body2">
            {c.done} of {c.total} done
            {c.overdue ? `, ${c.overdue} overdue` : ''}
          </Typography>
        </div>
      ),
    },
    {
      title: 'Started by',
      render: c => <EntityName entityRef={c.createdBy} />,
    },
    {
      title: 'Status',
      render: c => (c.status === 'active' ? 'Active' : 'Closed'),
    },
  ];

  return (
    <Page themeId="tool">
      <Header
        title="Campaigns"
        subtitle="Changes shipped to every service by a date, tracked per team"
      />
      <Content>
        <ContentHeader title="">
          {value?.canManage && (
            <Button
              variant="contained"
              color="primary"
              onClick={() => setStarting(true)}
            >
              Start campaign
            </Button>
          )}
        </ContentHeader>
        {fromCheck && value && !value.canManage && (
          <Alert severity="warning">
            Only the platform team starts campaigns; ask them to start one for
            the check <code>{fromCheck.checkId}</code>.
          </Alert>
        )}
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Table
            title="Campaigns"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={columns}
            data={value.items}
            emptyContent={
              <Typography style={{ padding: 16 }}>
                No campaign yet.{' '}
                {value.canManage
                  ? 'Start one for a golden-path release (Start campaign), or for a check services fail (Scorecards page, Failing checks).'
                  : 'The platform team starts them, for a golden-path release or for a scorecard check that services fail.'}
              </Typography>
            }
          />
        )}
        <StartCampaignDialog
          open={starting}
          onClose={() => setStarting(false)}
          onStarted={campaign => window.location.assign(link(campaign.id))}
        />
        {fromCheck && value?.canManage && (
          <StartCheckCampaignDialog
            check={fromCheck}
            onClose={() => setSearchParams({})}
            onStarted={campaign => window.location.assign(link(campaign.id))}
          />
        )}
      </Content>
    </Page>
  );
}
