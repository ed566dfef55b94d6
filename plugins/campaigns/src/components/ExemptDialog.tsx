import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '@conway/plugin-conway-react';

/** An owner's exemption of their service: the reason is required. */
export function ExemptDialog(props: {
  serviceTitle: string;
  onExempt: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await props.onExempt(reason.trim());
    } catch (e) {
      setError(errorMessage(e as Error));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>Exempt {props.serviceTitle} from this campaign</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField
          id="campaign-exemption-reason"
          fullWidth
          multiline
          minRows={3}
          margin="normal"
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Shown on the campaign page with your name."
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !reason.trim()}
          onClick={submit}
        >
          Exempt
        </Button>
      </DialogActions>
    </Dialog>
  );
}
