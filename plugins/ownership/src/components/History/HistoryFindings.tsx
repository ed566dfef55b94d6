import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { FindingList } from '@conway/plugin-conway-react';
import { Finding, FindingType } from '../../api/types';
import { useAuthorNames, withAuthorNames } from './historyNames';

/** What each history finding type means, as a manager reads it. */
export const HISTORY_FINDING_LABELS: Partial<Record<FindingType, string>> = {
  'actual-owner-mismatch': 'Another team does the work',
  'team-fragmentation': 'Changed by many teams',
  'team-coordination': 'Teams that must coordinate',
  'knowledge-at-risk': 'Knowledge at risk',
  'truck-factor-one': 'Truck factor 1',
  'unknown-authors': 'Authors not in the catalog',
  'history-unavailable': 'History unavailable',
};

/** The history findings with their suggestions; a chip per type filters them. */
export function HistoryFindings(props: { findings: Finding[] }) {
  const findings = withAuthorNames(props.findings, useAuthorNames());
  const [type, setType] = useState<FindingType>();
  const counts = new Map<FindingType, number>();
  for (const f of findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  const shown = type ? findings.filter(f => f.type === type) : findings;
  return (
    <>
      {counts.size > 1 && (
        <Box display="flex" flexWrap="wrap" mb={1} style={{ gap: 8 }}>
          {[...counts].map(([t, n]) => (
            <Chip
              key={t}
              size="small"
              clickable
              color={type === t ? 'primary' : 'default'}
              label={`${HISTORY_FINDING_LABELS[t] ?? t}: ${n}`}
              onClick={() => setType(type === t ? undefined : t)}
            />
          ))}
        </Box>
      )}
      <FindingList
        findings={shown}
        empty="The history shows nothing to act on."
      />
    </>
  );
}
