import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { TextWithNames } from './EntityName';
import { Severity, SeverityChip } from './SeverityChip';

/**
 * Refs in messages have no spaces; let them break anywhere rather than
 * overflow the card.
 *
 * @public
 */
export const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/**
 * What {@link FindingList} reads of a finding.
 *
 * @public
 */
export interface FindingListItem {
  /** Stable id, the list's key. */
  id: string;
  severity: Severity;
  /** What is wrong; entity refs in it are shown by display name. */
  message: string;
  /** What to change, concretely. */
  suggestion: string;
}

/**
 * Findings as a dense list: severity, the message and the suggestion with
 * entities by display name, or `empty` in muted text when there are none.
 *
 * @public
 */
export function FindingList<F extends FindingListItem>(props: {
  findings: F[];
  empty: string;
  /** Lines shown between the message and the suggestion (the entity, workloads). */
  details?: (finding: F) => ReactNode;
}) {
  const { findings, empty, details } = props;
  if (findings.length === 0) {
    return <Typography color="textSecondary">{empty}</Typography>;
  }
  return (
    <List dense disablePadding>
      {findings.map(f => (
        <ListItem key={f.id} disableGutters alignItems="flex-start">
          <Box mr={1} mt={0.5}>
            <SeverityChip severity={f.severity} />
          </Box>
          <ListItemText
            primary={<TextWithNames text={f.message} />}
            primaryTypographyProps={{ style: WRAP }}
            secondaryTypographyProps={{ component: 'div', style: WRAP }}
            secondary={
              <>
                {details?.(f)}
                <div>
                  Suggestion: <TextWithNames text={f.suggestion} />
                </div>
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
