import { useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '@conway/plugin-conway-react';
import type { Campaign } from '@conway/plugin-campaigns-common';
import type { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import { campaignsApiRef } from '../api';

const inWeeks = (weeks: number) =>
  new Date(Date.now() + weeks * 7 * 24 * 3600_000).toISOString().slice(0, 10);

/**
 * What the golden path's figures say about the chosen release. They count
 * services behind the path's current version only, so for another release
 * they are not the campaign's size and are not offered as such.
 */
export function describePath(
  path: GoldenPathSummary | undefined,
  version: string,
): string | undefined {
  if (!path) return undefined;
  const services = `${path.serviceCount} ${
    path.serviceCount === 1 ? 'service' : 'services'
  }`;
  return version === path.currentVersion
    ? `${path.behindCount} of ${services} behind ${path.currentVersion}`
    : `${services} on this golden path; those before ${version} join the campaign`;
}

/** The platform team's form: a golden-path release, a title and a deadline. */
export function StartCampaignDialog(props: {
  open: boolean;
  onClose: () => void;
  onStarted: (campaign: Campaign) => void;
}) {
  const api = useApi(campaignsApiRef);
  const [paths, setPaths] = useState<GoldenPathSummary[]>();
  const [template, setTemplate] = useState('');
  const [version, setVersion] = useState('');
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState(inWeeks(6));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!props.open || paths) return;
    api
      .listGoldenPaths()
      .then(items => {
        setPaths(items);
        const first = items[0];
        if (first) {
          setTemplate(first.name);
          setVersion(first.currentVersion);
        }
      })
      .catch(e => setError(errorMessage(e)));
  }, [api, props.open, paths]);

  const selected = useMemo(
    () => paths?.find(p => p.name === template),
    [paths, template],
  );
  const suggestedTitle = selected ? `${selected.title} ${version}` : '';

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const campaign = await api.createCampaign({
        title: title.trim() || suggestedTitle,
        target: { type: 'template-release', template, minVersion: version },
        deadline,
      });
      props.onStarted(campaign);
    } catch (e) {
      setError(errorMessage(e as Error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>Start a campaign from a golden-path release</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField
          select
          fullWidth
          margin="normal"
          id="campaign-golden-path"
          label="Golden path"
          value={template}
          onChange={e => {
            setTemplate(e.target.value);
            setVersion(
              paths?.find(p => p.name === e.target.value)?.currentVersion ?? '',
            );
          }}
          helperText={describePath(selected, version)}
        >
          {(paths ?? []).map(p => (
            <MenuItem key={p.name} value={p.name}>
              {p.title}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          fullWidth
          margin="normal"
          id="campaign-release"
          label="Release every service must reach"
          value={version}
          onChange={e => setVersion(e.target.value)}
        >
          {(selected?.versions ?? []).map(v => (
            <MenuItem key={v.version} value={v.version}>
              {v.version}
              {v.date ? ` (${v.date})` : ''}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          fullWidth
          margin="normal"
          id="campaign-title"
          label="Title"
          placeholder={suggestedTitle}
          value={title}
          onChange={e => setTitle(e.target.value)}
          helperText="Owners see it in their notifications and pull requests."
        />
        <TextField
          fullWidth
          margin="normal"
          type="date"
          id="campaign-deadline"
          label="Deadline"
          value={deadline}
          onChange={e => setDeadline(e.target.value)}
          InputLabelProps={{ shrink: true }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !template || !version || !deadline}
          onClick={submit}
        >
          Start campaign
        </Button>
      </DialogActions>
    </Dialog>
  );
}
