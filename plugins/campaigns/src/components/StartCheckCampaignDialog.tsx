import { useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '@conway/plugin-conway-react';
import type { Campaign } from '@conway/plugin-campaigns-common';
import type { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import {
  TEMPLATE_VERSION_RULES,
  type ServiceResult,
} from '@conway/plugin-scorecards-common';
import { campaignsApiRef, type CheckRef } from '../api';

const inWeeks = (weeks: number) =>
  new Date(Date.now() + weeks * 7 * 24 * 3600_000).toISOString().slice(0, 10);

/** The check as the failing services' results describe it. */
function checkOf(services: ServiceResult[], ref: CheckRef) {
  for (const service of services) {
    const scorecard = service.scorecards.find(s => s.id === ref.scorecardId);
    const check = scorecard?.checks.find(c => c.checkId === ref.checkId);
    if (scorecard && check) return { scorecard, check };
  }
  return undefined;
}

/**
 * "Checkout (2), Payments (1)": the teams that own the failing services, by
 * display name. An owner the catalog does not have keeps its ref as title
 * (the scorecards have no name for it): it is said so.
 */
function teamsOf(services: ServiceResult[]): string {
  const counts = new Map<string, number>();
  for (const s of services) {
    const named = s.team ?? s.owner;
    let team = named?.title ?? 'no owner';
    if (named && named.title === named.ref) {
      team = `${named.ref.replace(
        /^[^:]+:(default\/)?/,
        '',
      )} (not in the catalog)`;
    }
    counts.set(team, (counts.get(team) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([team, n]) => `${team} (${n})`)
    .join(', ');
}

/**
 * The platform team's form for a campaign from a failing scorecard check:
 * the services failing it at the last evaluation, and what the campaign does
 * about them. A check on the golden-path version is fixed by the upgrade,
 * which Conway prepares; any other check is tracked only: the owners fix it
 * and a service is done when the check passes. The form says which.
 */
export function StartCheckCampaignDialog(props: {
  check: CheckRef;
  onClose: () => void;
  onStarted: (campaign: Campaign) => void;
}) {
  const { check } = props;
  const api = useApi(campaignsApiRef);
  const [services, setServices] = useState<ServiceResult[]>();
  const [paths, setPaths] = useState<GoldenPathSummary[]>([]);
  const [template, setTemplate] = useState('');
  const [version, setVersion] = useState('');
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState(inWeeks(6));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const described = useMemo(
    () => (services ? checkOf(services, check) : undefined),
    [services, check],
  );
  const upgrade =
    Boolean(described?.check.rule) &&
    TEMPLATE_VERSION_RULES.includes(described!.check.rule!);

  useEffect(() => {
    api
      .listFailingServices(check)
      .then(setServices)
      .catch(e => setError(errorMessage(e)));
  }, [api, check]);

  useEffect(() => {
    if (!upgrade) return;
    api
      .listGoldenPaths()
      .then(items => {
        setPaths(items);
        const first = items.find(p => p.behindCount > 0) ?? items[0];
        if (first) {
          setTemplate(first.name);
          setVersion(first.currentVersion);
        }
      })
      .catch(e => setError(errorMessage(e)));
  }, [api, upgrade]);

  const selected = paths.find(p => p.name === template);
  const suggestedTitle = described ? `Fix: ${described.check.title}` : '';
  const ready =
    Boolean(services?.length) &&
    Boolean(deadline) &&
    (!upgrade || Boolean(template && version));

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const campaign = await api.createCampaign({
        title: title.trim() || suggestedTitle,
        target: {
          type: 'scorecard-check',
          scorecardId: check.scorecardId,
          checkId: check.checkId,
          ...(described ? { checkTitle: described.check.title } : {}),
          entityRefs: (services ?? []).map(s => s.entityRef),
          ...(upgrade ? { template, minVersion: version } : {}),
        },
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
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>Start a campaign from a failing check</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        {services && services.length === 0 && (
          <Alert severity="success">
            No service fails this check at the last evaluation: there is nothing
            to campaign for.
          </Alert>
        )}
        {described && services && services.length > 0 && (
          <>
            <Typography variant="h6">{described.check.title}</Typography>
            <Typography variant="body2" color="textSecondary" paragraph>
              {described.scorecard.title} scorecard. {services.length}{' '}
              {services.length === 1 ? 'service fails' : 'services fail'} it:{' '}
              {teamsOf(services)}.
            </Typography>
            {upgrade ? (
              <Alert severity="info">
                Golden-path upgrade: Conway prepares the upgrade for the failing
                services made from the golden path chosen here (a branch, or a
                pull request on GitHub). Failing services of other golden paths
                are left out of this campaign.
              </Alert>
            ) : (
              <Alert severity="info">
                Tracked only: no upgrade fixes this check, so Conway prepares no
                change. The owners fix their services; each one is done when the
                check passes at the next scorecard evaluation.
              </Alert>
            )}
          </>
        )}
        {upgrade && (
          <>
            <TextField
              select
              fullWidth
              margin="normal"
              id="check-campaign-golden-path"
              label="Golden path"
              value={template}
              onChange={e => {
                setTemplate(e.target.value);
                setVersion(
                  paths.find(p => p.name === e.target.value)?.currentVersion ??
                    '',
                );
              }}
            >
              {paths.map(p => (
                <MenuItem key={p.name} value={p.name}>
                  {p.title}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              fullWidth
              margin="normal"
              id="check-campaign-release"
              label="Release to upgrade to"
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
          </>
        )}
        <TextField
          fullWidth
          margin="normal"
          id="check-campaign-title"
          label="Title"
          placeholder={suggestedTitle}
          value={title}
          onChange={e => setTitle(e.target.value)}
          helperText="Owners see it in their notifications."
        />
        <TextField
          fullWidth
          margin="normal"
          type="date"
          id="check-campaign-deadline"
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
          disabled={busy || !ready}
          onClick={submit}
        >
          Start campaign
        </Button>
      </DialogActions>
    </Dialog>
  );
}
