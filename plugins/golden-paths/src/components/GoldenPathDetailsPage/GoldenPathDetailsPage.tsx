import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  MarkdownContent,
  Page,
  Progress,
} from '@backstage/core-components';
import { Link } from '@backstage/ui';
import {
  useApi,
  useRouteRef,
  useRouteRefParams,
} from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  GoldenPathDetails,
  GoldenPathService,
  goldenPathsFleetUpgradePermission,
} from '@conway/plugin-golden-paths-common';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { goldenPathRouteRef, rootRouteRef } from '../../routes';
import { ApiErrorAlert, formatDate } from '../common';
import { FleetUpgradeDialog } from '../UpgradeDialog/FleetUpgradeDialog';
import { UpgradeDialog } from '../UpgradeDialog/UpgradeDialog';
import { ServicesTable } from './ServicesTable';
import { quantity } from '@conway/plugin-conway-react';

/** Released versions, newest first, with their changelog and service counts. */
function Versions(props: { goldenPath: GoldenPathDetails }) {
  const { versions, currentVersion } = props.goldenPath;
  return (
    <InfoCard title="Versions" subheader="From the golden path's changelog">
      {versions.map(v => (
        <Box key={v.version} mb={2} component="section">
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="h6" component="h3">
              {v.version}
            </Typography>
            {v.version === currentVersion && (
              <Chip size="small" color="primary" label="current" />
            )}
            <Typography variant="body2" color="textSecondary">
              {v.date ? `released ${formatDate(v.date)} · ` : ''}
              {quantity(v.serviceCount, 'service')} on it
            </Typography>
          </Box>
          {v.changes.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No changelog entries.
            </Typography>
          ) : (
            // The entries are CHANGELOG.md's Markdown: shown as GitHub shows them.
            <MarkdownContent
              content={v.changes.map(change => `- ${change}`).join('\n')}
            />
          )}
        </Box>
      ))}
    </InfoCard>
  );
}

/** `/golden-paths/:name`: versions, services, drift and upgrades of one golden path. */
export function GoldenPathDetailsPage() {
  const { name } = useRouteRefParams(goldenPathRouteRef);
  const api = useApi(goldenPathsApiRef);
  const listLink = useRouteRef(rootRouteRef);
  const { allowed: fleetAllowed } = usePermission({
    permission: goldenPathsFleetUpgradePermission,
  });
  const [upgrading, setUpgrading] = useState<GoldenPathService>();
  const [fleetOpen, setFleetOpen] = useState(false);
  const {
    value: goldenPath,
    loading,
    error,
    retry,
  } = useAsyncRetry(() => api.getGoldenPath(name), [api, name]);

  const closed = (committed: boolean) => {
    setUpgrading(undefined);
    setFleetOpen(false);
    if (committed) retry();
  };

  let body;
  if (error) {
    body = (
      <ApiErrorAlert
        title={`Could not load the golden path '${name}'`}
        error={error}
      />
    );
  } else if (!goldenPath) {
    body = loading ? <Progress /> : null;
  } else {
    body = (
      <>
        <ContentHeader
          title={`${quantity(goldenPath.serviceCount, 'service')}, ${
            goldenPath.behindCount
          } behind ${goldenPath.currentVersion}`}
        >
          {fleetAllowed && goldenPath.behindCount > 0 && (
            <Button
              variant="contained"
              color="primary"
              onClick={() => setFleetOpen(true)}
            >
              Upgrade all behind ({goldenPath.behindCount})
            </Button>
          )}
        </ContentHeader>
        {goldenPath.description && (
          <Box mb={2}>
            <Typography color="textSecondary">
              {goldenPath.description}
            </Typography>
          </Box>
        )}
        <Box mb={3}>
          <Versions goldenPath={goldenPath} />
        </Box>
        <InfoCard title="Services">
          <ServicesTable
            services={goldenPath.services}
            onUpgrade={setUpgrading}
          />
        </InfoCard>
        {upgrading && (
          <UpgradeDialog
            service={upgrading}
            targetVersion={goldenPath.currentVersion}
            onClose={closed}
          />
        )}
        {fleetOpen && (
          <FleetUpgradeDialog
            template={goldenPath.name}
            title={goldenPath.title}
            targetVersion={goldenPath.currentVersion}
            behindCount={goldenPath.behindCount}
            onClose={closed}
          />
        )}
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title={goldenPath?.title ?? name}
        subtitle={
          goldenPath
            ? `${goldenPath.name} · current version ${goldenPath.currentVersion}`
            : 'Golden path'
        }
        type="Golden path"
        typeLink={listLink?.()}
      />
      <Content>
        {body}
        <Box mt={3}>
          {listLink && <Link href={listLink()}>← All golden paths</Link>}
        </Box>
      </Content>
    </Page>
  );
}
