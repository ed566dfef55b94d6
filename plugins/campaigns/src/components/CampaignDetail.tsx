import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  Header,
  HeaderLabel,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  useApi,
  useRouteRef,
  useRouteRefParams,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Link } from '@backstage/ui';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  isTrackedOnly,
  SERVICE_STATES,
  type TeamProgress,
} from '@conway/plugin-campaigns-common';
import { EntityName, errorMessage } from '@conway/plugin-conway-react';
import { campaignsApiRef } from '../api';
import { campaignRouteRef, rootRouteRef } from '../routes';
import { BurndownChart } from './BurndownChart';
import { describeTarget, formatDate } from './common';
import { ExemptDialog } from './ExemptDialog';
import { ServiceRow } from './ServiceRow';
import { StateChip } from './StateChip';

type Service = TeamProgress['services'][number];

/**
 * The owners among `owners` that the catalog has. A campaign keeps the owner a
 * service named when it joined, which may since have left the catalog (or never
 * been in it); its heading must not link to a page that does not exist.
 */
function useOwnersInCatalog(owners: string[]): Set<string> | undefined {
  const catalog = useApi(catalogApiRef);
  const key = [...new Set(owners)].sort().join(',');
  const { value } = useAsync(async () => {
    const refs = key === '' ? [] : key.split(',');
    if (refs.length === 0) return { key, found: new Set<string>() };
    const { items } = await catalog.getEntitiesByRefs({
      entityRefs: refs,
      fields: ['kind', 'metadata.name'],
    });
    return {
      key,
      found: new Set(refs.filter((_, i) => items[i] !== undefined)),
    };
  }, [catalog, key]);
  // While a new answer loads, the previous one (for other owners) says nothing about these.
  return value?.key === key ? value.found : undefined;
}

/** A team's heading: its name linking to its page, or, when the catalog lacks it, its name saying so. */
function OwnerHeading(props: {
  team: TeamProgress;
  inCatalog: Set<string> | undefined;
}) {
  const { team, inCatalog } = props;
  // Until the catalog answers (or if it cannot), the heading is the usual link.
  if (inCatalog === undefined || inCatalog.has(team.owner)) {
    return <EntityName entityRef={team.owner} />;
  }
  return <span title={team.owner}>{team.ownerTitle} (not in the catalog)</span>;
}

/** One campaign: its progress, the burndown, and every service per team. */
export function CampaignDetail() {
  const { id } = useRouteRefParams(campaignRouteRef);
  const api = useApi(campaignsApiRef);
  const root = useRouteRef(rootRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getCampaign(id),
    [api, id],
  );
  const inCatalog = useOwnersInCatalog(value?.teams.map(t => t.owner) ?? []);
  const [exempting, setExempting] = useState<Service>();
  const [actionError, setActionError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const act = async (action: () => Promise<unknown>, done: string) => {
    setActionError(undefined);
    try {
      await action();
      setNotice(done);
      retry();
    } catch (e) {
      setActionError(errorMessage(e as Error));
    }
  };

  if (loading && !value) return <Progress />;
  if (error) {
    return (
      <Page themeId="tool">
        <Header title="Campaign" />
        <Content>
          <ResponseErrorPanel error={error} />
          <Link href={root?.() ?? '/campaigns'}>All campaigns</Link>
        </Content>
      </Page>
    );
  }
  if (!value) return null;
  const { campaign, teams, burndown, canManage, ownershipRefs } = value;
  const mine = new Set(ownershipRefs);
  const tracked = isTrackedOnly(campaign.target);
  return (
    <Page themeId="tool">
      <Header
        title={campaign.title}
        subtitle={describeTarget(campaign.target)}
        type="Campaign"
        typeLink={root?.() ?? '/campaigns'}
      >
        <HeaderLabel label="Deadline" value={formatDate(campaign.deadline)} />
        <HeaderLabel
          label="Status"
          value={campaign.status === 'active' ? 'Active' : 'Closed'}
        />
      </Header>
      <Content>
        {actionError && <Alert severity="error">{actionError}</Alert>}
        {notice && (
          <Alert severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        )}
        <Grid container spacing={3}>
          <Grid item xs={12} md={5}>
            <InfoCard title="Progress">
              <Typography variant="h4">
                {campaign.done} of {campaign.total} done
              </Typography>
              <Typography variant="body2" color="textSecondary" paragraph>
                Started by <EntityName entityRef={campaign.createdBy} /> on{' '}
                {formatDate(campaign.createdAt)}
                {campaign.overdue ? `; ${campaign.overdue} overdue` : ''}
              </Typography>
              {campaign.description && (
                <Typography paragraph>{campaign.description}</Typography>
              )}
              {tracked && (
                <Alert severity="info" style={{ marginBottom: 16 }}>
                  Tracked only: no upgrade fixes this check, so Conway prepares
                  no change. The owners fix their services; each one is done
                  when the check passes at the next scorecard evaluation.
                </Alert>
              )}
              <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
                {SERVICE_STATES.filter(s => campaign.counts[s] > 0).map(s => (
                  <Box
                    key={s}
                    display="flex"
                    alignItems="center"
                    style={{ gap: 4 }}
                  >
                    <StateChip state={s} tracked={tracked} />{' '}
                    <Typography variant="body2">
                      {campaign.counts[s]}
                    </Typography>
                  </Box>
                ))}
              </Box>
              {canManage && campaign.status === 'active' && (
                <Box mt={2} display="flex" style={{ gap: 8 }}>
                  <Button
                    variant="outlined"
                    onClick={() =>
                      act(
                        () => api.runCampaign(campaign.id),
                        tracked
                          ? 'Run started: services whose check passes are marked done.'
                          : 'Run started: branches and pull requests appear as each service is prepared.',
                      )
                    }
                  >
                    Run now
                  </Button>
                  <Button
                    variant="outlined"
                    color="secondary"
                    onClick={() =>
                      act(
                        () => api.closeCampaign(campaign.id),
                        'Campaign closed.',
                      )
                    }
                  >
                    Close campaign
                  </Button>
                </Box>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={7}>
            <InfoCard
              title="Burndown"
              subheader="Services left each day (solid) against a steady pace to the deadline (dashed)"
            >
              <BurndownChart points={burndown} />
            </InfoCard>
          </Grid>
          {teams.length === 0 && (
            <Grid item xs={12}>
              <Typography>
                No service is affected: every service already meets the target.
              </Typography>
            </Grid>
          )}
          {teams.map(team => (
            <Grid item xs={12} key={team.owner}>
              <InfoCard
                title={<OwnerHeading team={team} inCatalog={inCatalog} />}
                subheader={`${team.done} of ${team.total} done${
                  team.overdue ? `, ${team.overdue} overdue` : ''
                }`}
              >
                {team.services.map(service => (
                  <ServiceRow
                    key={service.entityRef}
                    service={service}
                    tracked={tracked}
                    canExempt={
                      campaign.status === 'active' && mine.has(team.owner)
                    }
                    onExempt={() => setExempting(service)}
                  />
                ))}
              </InfoCard>
            </Grid>
          ))}
        </Grid>
        {exempting && (
          <ExemptDialog
            serviceTitle={exempting.title}
            onClose={() => setExempting(undefined)}
            onExempt={async reason => {
              await api.exemptService(campaign.id, exempting.entityRef, reason);
              setExempting(undefined);
              setNotice(`${exempting.title} is exempted.`);
              retry();
            }}
          />
        )}
      </Content>
    </Page>
  );
}
