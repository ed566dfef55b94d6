import useAsync from 'react-use/esm/useAsync';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { Link } from '@backstage/ui';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { goldenPathRouteRef } from '../../routes';
import { ApiErrorAlert, formatDate } from '../common';

/** Services per version, newest version first, the current one marked. */
export function VersionBreakdown(props: { goldenPath: GoldenPathSummary }) {
  const { versions, currentVersion } = props.goldenPath;
  return (
    <Table size="small" aria-label={`Versions of ${props.goldenPath.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Version</TableCell>
          <TableCell>Released</TableCell>
          <TableCell align="right">Services</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {versions.map(v => (
          <TableRow key={v.version}>
            <TableCell>
              {v.version}{' '}
              {v.version === currentVersion && (
                <Chip size="small" label="current" color="primary" />
              )}
            </TableCell>
            <TableCell>{v.date ? formatDate(v.date) : '–'}</TableCell>
            <TableCell align="right">{v.serviceCount}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function GoldenPathCard(props: { goldenPath: GoldenPathSummary }) {
  const { goldenPath } = props;
  const detailsLink = useRouteRef(goldenPathRouteRef);
  const href = detailsLink?.({ name: goldenPath.name });
  return (
    <InfoCard
      title={
        href ? <Link href={href}>{goldenPath.title}</Link> : goldenPath.title
      }
      subheader={goldenPath.name}
    >
      {goldenPath.description && (
        <Box mb={2}>
          <Typography variant="body2" color="textSecondary">
            {goldenPath.description}
          </Typography>
        </Box>
      )}
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 24 }}>
        <div>
          <Typography variant="overline">Current version</Typography>
          <Typography variant="h5">{goldenPath.currentVersion}</Typography>
        </div>
        <div>
          <Typography variant="overline">Services</Typography>
          <Typography variant="h5">{goldenPath.serviceCount}</Typography>
        </div>
        <div>
          <Typography variant="overline">Behind</Typography>
          <Typography
            variant="h5"
            color={goldenPath.behindCount > 0 ? 'error' : 'initial'}
          >
            {goldenPath.behindCount}
          </Typography>
        </div>
      </Box>
      <VersionBreakdown goldenPath={goldenPath} />
    </InfoCard>
  );
}

/** `/golden-paths`: every golden path, its current version and how many services are behind. */
export function GoldenPathListPage() {
  const api = useApi(goldenPathsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listGoldenPaths(),
    [api],
  );

  let body;
  if (error) {
    body = (
      <ApiErrorAlert title="Could not load the golden paths" error={error} />
    );
  } else if (loading || !value) {
    body = <Progress />;
  } else if (value.items.length === 0) {
    body = (
      <Typography>
        No golden paths yet. A golden path is a software template with a
        conway.dev/template-version annotation.
      </Typography>
    );
  } else {
    body = (
      <Grid container spacing={3}>
        {value.items.map(goldenPath => (
          <Grid
            item
            xs={12}
            md={6}
            key={goldenPath.name}
            data-testid={`golden-path-${goldenPath.name}`}
          >
            <GoldenPathCard goldenPath={goldenPath} />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Golden paths"
        subtitle="Versions of each golden path and the services on them"
      />
      <Content>{body}</Content>
    </Page>
  );
}
