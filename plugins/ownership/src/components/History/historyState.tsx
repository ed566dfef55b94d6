import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { HistoryRunStamp } from '../../api/types';
import { formatDateTime } from '@conway/plugin-conway-react';

/** The config key that turns mining on (read by ownership-backend). */
export const HISTORY_ENABLED_KEY = 'ownership.history.enabled';

function time(iso: string | undefined): string | undefined {
  return iso ? formatDateTime(iso) : undefined;
}

/**
 * What to say while there are no results: mining is off (and how to turn it
 * on), or the first run has not completed. Nothing for `ready`.
 */
export function HistoryStateNotice(props: {
  stamp: HistoryRunStamp;
  /** Card-sized text (entity pages) instead of the page's. */
  dense?: boolean;
}) {
  const { stamp, dense } = props;
  if (stamp.state === 'disabled') {
    return (
      <Alert severity="info" data-testid="history-disabled">
        Git history is not mined: <code>{HISTORY_ENABLED_KEY}</code> is false.
        {!dense && (
          <>
            {' '}
            To see who actually changes what, set{' '}
            <code>{HISTORY_ENABLED_KEY}: true</code> in the backend&apos;s
            app-config.yaml and restart it; components are mined from the
            repository their <code>backstage.io/source-location</code>{' '}
            annotation names.
          </>
        )}
      </Alert>
    );
  }
  if (stamp.state === 'pending') {
    const next = time(stamp.nextRunAt);
    return (
      <Alert severity="info" data-testid="history-pending">
        No history yet: the first history run is scheduled
        {next ? ` (due ${next})` : ''}; results appear after it.
      </Alert>
    );
  }
  return null;
}

/** "From the history run of <time>; next run <time>." */
export function RunStampText(props: { stamp: HistoryRunStamp }) {
  const completed = time(props.stamp.completedAt);
  const next = time(props.stamp.nextRunAt);
  if (!completed) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="div">
      From the history run completed {completed}
      {next ? `; next run ${next}` : ''}.
    </Typography>
  );
}
