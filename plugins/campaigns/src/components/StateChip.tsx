import Chip from '@material-ui/core/Chip';
import type { ServiceState } from '@conway/plugin-campaigns-common';

/** Words and colours of each state, as the page shows them. */
export const STATE_LABELS: Record<ServiceState | 'overdue', string> = {
  'not-started': 'Not started',
  'branch-open': 'Branch open',
  'pr-open': 'Pull request open',
  conflicted: 'Conflicted',
  merged: 'Merged',
  exempted: 'Exempted',
  failed: 'Failed',
  overdue: 'Overdue',
};

const COLORS: Record<ServiceState | 'overdue', { bg: string; fg: string }> = {
  'not-started': { bg: '#eeeeee', fg: '#424242' },
  'branch-open': { bg: '#e3f2fd', fg: '#0d47a1' },
  'pr-open': { bg: '#e3f2fd', fg: '#0d47a1' },
  conflicted: { bg: '#fff3e0', fg: '#8a4b00' },
  merged: { bg: '#e8f5e9', fg: '#1b5e20' },
  exempted: { bg: '#f3e5f5', fg: '#4a148c' },
  failed: { bg: '#ffebee', fg: '#b71c1c' },
  overdue: { bg: '#b71c1c', fg: '#ffffff' },
};

/** What a tracked-only campaign's done state means: nothing was merged by Conway. */
export const TRACKED_DONE_LABEL = 'Check passes';

/** A service's state as a chip (dark red for overdue); `tracked` words a done service as its check passing. */
export function StateChip(props: {
  state: ServiceState | 'overdue';
  tracked?: boolean;
}) {
  const { bg, fg } = COLORS[props.state];
  return (
    <Chip
      size="small"
      label={
        props.tracked && props.state === 'merged'
          ? TRACKED_DONE_LABEL
          : STATE_LABELS[props.state]
      }
      style={{ backgroundColor: bg, color: fg, fontWeight: 500 }}
    />
  );
}
