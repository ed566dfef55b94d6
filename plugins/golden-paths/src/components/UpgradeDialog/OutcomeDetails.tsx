import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  UpgradeConflictInfo,
  UpgradeFileChange,
  UpgradeOutcome,
} from '@conway/plugin-golden-paths-common';
import { quantity } from '@conway/plugin-conway-react';

/** The files an upgrade changes, in a scrolling table. */
export function ChangesTable(props: { changes: UpgradeFileChange[] }) {
  if (props.changes.length === 0) {
    return <Typography color="textSecondary">No file changes.</Typography>;
  }
  return (
    <Box maxHeight={320} overflow="auto">
      <Table size="small" aria-label="File changes">
        <TableHead>
          <TableRow>
            <TableCell>File</TableCell>
            <TableCell>Change</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.changes.map(change => (
            <TableRow key={`${change.action}:${change.path}`}>
              <TableCell>
                <code>{change.path}</code>
                {change.from && (
                  <Typography variant="caption" component="div">
                    from <code>{change.from}</code>
                  </Typography>
                )}
              </TableCell>
              <TableCell>{change.action}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** Files left with conflict markers (or delete/modify conflicts) for the team. */
export function ConflictList(props: { conflicts: UpgradeConflictInfo[] }) {
  return (
    <List dense disablePadding aria-label="Conflicts">
      {props.conflicts.map(conflict => (
        <ListItem key={conflict.path} disableGutters>
          <ListItemText
            primary={<code>{conflict.path}</code>}
            secondary={[conflict.kind, conflict.message]
              .filter(Boolean)
              .join(': ')}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** Where a committed upgrade went: branch, commit and pull request. */
export function CommitInfo(props: { outcome: UpgradeOutcome }) {
  const { branch, commit, pullRequestUrl } = props.outcome;
  if (!branch && !commit && !pullRequestUrl) return null;
  return (
    <Typography variant="body2" component="div">
      {branch && (
        <div>
          Branch: <code>{branch}</code>
        </div>
      )}
      {commit && (
        <div>
          Commit: <code>{commit}</code>
        </div>
      )}
      {pullRequestUrl && (
        <div>
          Pull request:{' '}
          <Link href={pullRequestUrl} target="_blank" rel="noopener">
            {pullRequestUrl}
          </Link>
        </div>
      )}
    </Typography>
  );
}

/**
 * Everything one upgrade outcome says: failure, conflicts, where it was
 * committed and which files changed.
 */
export function OutcomeDetails(props: { outcome: UpgradeOutcome }) {
  const { outcome } = props;
  const dryRun = outcome.status === 'dry-run';
  return (
    <>
      {outcome.status === 'failed' && (
        <Box mb={2}>
          <Alert severity="error">
            The upgrade failed: {outcome.error ?? 'no reason given'}
          </Alert>
        </Box>
      )}
      {dryRun && outcome.error && (
        <Box mb={2}>
          <Alert severity="error">{outcome.error}</Alert>
        </Box>
      )}
      {outcome.status === 'up-to-date' && (
        <Box mb={2}>
          <Alert severity="info">
            Already on {outcome.toVersion}: nothing to upgrade.
          </Alert>
        </Box>
      )}
      {outcome.conflicts.length > 0 && (
        <Box mb={2}>
          <Alert severity="warning">
            {dryRun
              ? `${quantity(
                  outcome.conflicts.length,
                  'file',
                )} will conflict with the team's edits and be committed with conflict markers for the team to resolve:`
              : `${quantity(outcome.conflicts.length, 'file')} ${
                  outcome.conflicts.length === 1 ? 'conflicts' : 'conflict'
                } with the team's edits and ${
                  outcome.conflicts.length === 1 ? 'was' : 'were'
                } committed with conflict markers for the team to resolve:`}
            <ConflictList conflicts={outcome.conflicts} />
          </Alert>
        </Box>
      )}
      {!dryRun && (
        <Box mb={2}>
          <CommitInfo outcome={outcome} />
        </Box>
      )}
      {outcome.status !== 'failed' && outcome.status !== 'up-to-date' && (
        <>
          <Typography variant="subtitle2">
            {dryRun ? 'Files the upgrade would change' : 'Files changed'} (
            {outcome.changes.length})
          </Typography>
          <ChangesTable changes={outcome.changes} />
        </>
      )}
    </>
  );
}
