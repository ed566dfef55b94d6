import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { Finding } from '../../api/types';
import { SeverityChip } from '../common';
import { TextWithNames } from './EntityName';

/** Refs in messages have no spaces; let them break anywhere rather than overflow the card. */
export const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

export function isNotFound(error: Error | undefined): boolean {
  return (
    error !== undefined &&
    (error.name === 'NotFoundError' ||
      (error instanceof ResponseError && error.statusCode === 404))
  );
}

export function FindingItems(props: { findings: Finding[]; empty: string }) {
  if (props.findings.length === 0) {
    return <Typography color="textSecondary">{props.empty}</Typography>;
  }
  return (
    <List dense disablePadding>
      {props.findings.map(f => (
        <ListItem key={f.id} disableGutters alignItems="flex-start">
          <Box mr={1} mt={0.5}>
            <SeverityChip severity={f.severity} />
          </Box>
          <ListItemText
            primary={<TextWithNames text={f.message} />}
            secondary={
              <>
                Suggestion: <TextWithNames text={f.suggestion} />
              </>
            }
            primaryTypographyProps={{ style: WRAP }}
            secondaryTypographyProps={{ style: WRAP }}
          />
        </ListItem>
      ))}
    </List>
  );
}
