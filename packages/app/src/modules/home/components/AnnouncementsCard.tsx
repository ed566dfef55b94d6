import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Link } from '@backstage/ui';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import { latestReleases } from '../lib/announcements';
import { paths } from './paths';
import { Empty, isForbidden, shorten } from './shared';
import { formatDay } from '@conway/plugin-conway-react';

/** Releases shown, and changelog lines per release. */
export const RELEASES_SHOWN = 3;
export const CHANGES_SHOWN = 3;

/** The platform's announcements: the newest golden-path releases from their changelogs. */
export function AnnouncementsCard(props: {
  goldenPaths: {
    loading: boolean;
    error?: Error;
    value?: GoldenPathSummary[];
  };
}) {
  const { goldenPaths } = props;
  let content;
  if (goldenPaths.loading) {
    content = <Progress />;
  } else if (goldenPaths.error) {
    content = isForbidden(goldenPaths.error) ? (
      <Empty>
        You may not read the golden paths, so their releases are not shown.
      </Empty>
    ) : (
      <ResponseErrorPanel error={goldenPaths.error} />
    );
  } else {
    const releases = latestReleases(goldenPaths.value ?? [], RELEASES_SHOWN);
    content =
      releases.length === 0 ? (
        <Empty>
          No golden path has released a version yet. Releases appear here from
          each golden path's CHANGELOG.md.
        </Empty>
      ) : (
        releases.map(release => (
          <Box
            key={`${release.goldenPath.name}@${release.version}`}
            mb={2}
            component="article"
            aria-label={`${release.goldenPath.title} ${release.version}`}
          >
            <Typography variant="subtitle2" component="h3">
              <Link href={paths.goldenPath(release.goldenPath.name)}>
                {release.goldenPath.title} {release.version}
              </Link>{' '}
              {release.current && (
                <Chip size="small" label="current" color="primary" />
              )}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {release.date
                ? `Released ${formatDay(release.date)}`
                : 'Release date not recorded'}
            </Typography>
            {release.changes.length === 0 ? (
              <Empty>No changelog entries.</Empty>
            ) : (
              <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
                {release.changes.slice(0, CHANGES_SHOWN).map((change, i) => (
                  <li key={i}>
                    <Typography variant="body2">
                      {shorten(change, 140)}
                    </Typography>
                  </li>
                ))}
              </ul>
            )}
            {release.changes.length > CHANGES_SHOWN && (
              <Typography variant="body2">
                <Link href={paths.goldenPath(release.goldenPath.name)}>
                  {release.changes.length - CHANGES_SHOWN} more{' '}
                  {release.changes.length - CHANGES_SHOWN === 1
                    ? 'change'
                    : 'changes'}{' '}
                  in the changelog
                </Link>
              </Typography>
            )}
          </Box>
        ))
      );
  }
  return (
    <InfoCard
      title="Announcements"
      subheader="Golden-path releases"
      deepLink={{ link: paths.goldenPaths, title: 'All golden paths' }}
    >
      {content}
    </InfoCard>
  );
}
