import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  GoldenPathService,
  UpgradeOutcome,
} from '@conway/plugin-golden-paths-common';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { OutcomeStatusChip, shortRef } from '../common';
import { DryRunCommitDialog } from './DryRunCommitDialog';
import { OutcomeDetails } from './OutcomeDetails';

/** A plan the team can commit: it computed and there is something to do. */
function committable(plan: UpgradeOutcome): boolean {
  return plan.status === 'dry-run' && !plan.error;
}

/**
 * Upgrades one service: opens with a dry run (changes and conflicts, nothing
 * committed), then commits on a new branch when asked and shows where.
 */
export function UpgradeDialog(props: {
  service: GoldenPathService;
  /** The version to upgrade to (the golden path's current version). */
  targetVersion: string;
  /** `committed` is true when the service's repository changed. */
  onClose: (committed: boolean) => void;
}) {
  const { service, targetVersion, onClose } = props;
  const api = useApi(goldenPathsApiRef);
  return (
    <DryRunCommitDialog<UpgradeOutcome>
      titleId="golden-path-upgrade-title"
      title={`Upgrade ${shortRef(service.entityRef)} from ${
        service.version
      } to ${targetVersion}`}
      maxWidth="md"
      run={dryRun =>
        api.upgradeService({
          entityRef: service.entityRef,
          targetVersion,
          ...(dryRun && { dryRun }),
        })
      }
      runKey={`${service.entityRef}@${targetVersion}`}
      planning="Computing the upgrade (dry run)…"
      renderPlan={plan => (
        <>
          <Box mb={2} display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography>
              Dry run: {plan.fromVersion} → {plan.toVersion}. Nothing has been
              committed yet.
            </Typography>
            <OutcomeStatusChip outcome={plan} />
          </Box>
          <OutcomeDetails outcome={plan} />
        </>
      )}
      renderResult={result => (
        <>
          <Box mb={2} display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography>
              {result.fromVersion} → {result.toVersion}
            </Typography>
            <OutcomeStatusChip outcome={result} />
          </Box>
          {(result.status === 'upgraded' || result.status === 'conflicts') && (
            <Box mb={2}>
              <Alert severity="success">
                Upgrade committed on a new branch; the team's edits are kept.
              </Alert>
            </Box>
          )}
          <OutcomeDetails outcome={result} />
        </>
      )}
      failureTitle={during =>
        during === 'dry run' ? 'The dry run failed' : 'The upgrade failed'
      }
      commitLabel={plan =>
        plan.conflicts.length > 0
          ? 'Commit upgrade with conflicts'
          : 'Commit upgrade'
      }
      canCommit={committable}
      onClose={onClose}
    />
  );
}
