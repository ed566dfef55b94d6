import { ReactNode, useEffect, useState } from 'react';
import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { ApiErrorAlert } from '../common';

type Step<T> =
  | { step: 'planning' }
  | { step: 'planned'; plan: T }
  | { step: 'committing'; plan: T }
  | { step: 'committed'; result: T }
  | { step: 'failed'; error: Error; during: 'dry run' | 'upgrade' };

/**
 * The upgrade dialogs' shared flow: it opens with a dry run (nothing
 * committed), shows the plan, and runs for real only when asked.
 */
export function DryRunCommitDialog<T>(props: {
  /** Id of the title element, for aria-labelledby. */
  titleId: string;
  title: ReactNode;
  maxWidth: 'md' | 'lg';
  /** Runs the upgrade; called once with `true` on open, then with `false` on commit. */
  run: (dryRun: boolean) => Promise<T>;
  /** Changes when `run` targets something else, to plan again. */
  runKey: string;
  planning: ReactNode;
  renderPlan: (plan: T) => ReactNode;
  renderResult: (result: T) => ReactNode;
  failureTitle: (during: 'dry run' | 'upgrade') => string;
  commitLabel: (plan: T) => string;
  canCommit: (plan: T) => boolean;
  /** `committed` is true when a repository may have changed. */
  onClose: (committed: boolean) => void;
}) {
  const { run, runKey, onClose } = props;
  const [state, setState] = useState<Step<T>>({ step: 'planning' });

  useEffect(() => {
    let cancelled = false;
    setState({ step: 'planning' });
    run(true).then(
      plan => !cancelled && setState({ step: 'planned', plan }),
      error =>
        !cancelled && setState({ step: 'failed', error, during: 'dry run' }),
    );
    return () => {
      cancelled = true;
    };
    // `runKey` names what `run` does; a new closure alone is no reason to plan again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runKey]);

  const commit = async (plan: T) => {
    setState({ step: 'committing', plan });
    try {
      setState({ step: 'committed', result: await run(false) });
    } catch (error) {
      setState({ step: 'failed', error: error as Error, during: 'upgrade' });
    }
  };

  const busy = state.step === 'planning' || state.step === 'committing';
  // After a commit attempt the page reloads whatever the outcome: a failed
  // request may still have left a branch behind.
  const attempted =
    state.step === 'committed' ||
    (state.step === 'failed' && state.during === 'upgrade');

  let body: ReactNode;
  switch (state.step) {
    case 'planning':
      body = (
        <>
          <Typography>{props.planning}</Typography>
          <Progress />
        </>
      );
      break;
    case 'planned':
    case 'committing':
      body = (
        <>
          {props.renderPlan(state.plan)}
          {state.step === 'committing' && <Progress />}
        </>
      );
      break;
    case 'committed':
      body = props.renderResult(state.result);
      break;
    default:
      body = (
        <ApiErrorAlert
          title={props.failureTitle(state.during)}
          error={state.error}
        />
      );
  }

  return (
    <Dialog
      open
      onClose={() => !busy && onClose(attempted)}
      maxWidth={props.maxWidth}
      fullWidth
      aria-labelledby={props.titleId}
    >
      <DialogTitle id={props.titleId}>{props.title}</DialogTitle>
      <DialogContent dividers>{body}</DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(attempted)} disabled={busy}>
          {state.step === 'committed' ? 'Close' : 'Cancel'}
        </Button>
        {(state.step === 'planned' || state.step === 'committing') && (
          <Button
            color="primary"
            variant="contained"
            disabled={busy || !props.canCommit(state.plan)}
            onClick={() => commit(state.plan)}
          >
            {props.commitLabel(state.plan)}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
