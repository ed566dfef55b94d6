import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import CloseIcon from '@material-ui/icons/Close';
import FullscreenIcon from '@material-ui/icons/Fullscreen';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { TeamPair, TeamReport } from '../../api/types';
import { useQueryParam } from '../common/urlState';
import { DependencyMatrix, matrixTeams } from './DependencyMatrix';
import { TeamGraph } from './TeamGraph';

/** Above this many teams with dependencies the matrix is shown first: a graph that large is a tangle. */
export const MATRIX_THRESHOLD = 12;

/**
 * The team dependencies as a graph or a teams × teams matrix (`?view=`),
 * the matrix by default for more than {@link MATRIX_THRESHOLD} teams; the
 * graph can be opened full screen.
 */
export function TeamDependencies(props: {
  teams: TeamReport[];
  pairs: TeamPair[];
}) {
  const { teams, pairs } = props;
  const defaultView =
    matrixTeams(teams, pairs).length > MATRIX_THRESHOLD ? 'matrix' : 'graph';
  const [view, setView] = useQueryParam('view', defaultView);
  const [fullScreen, setFullScreen] = useState(false);

  return (
    <InfoCard
      title="Team dependencies"
      subheader="Which teams depend on which, through APIs or directly"
    >
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={view}
          onChange={(_e, value: string | null) => value && setView(value)}
          aria-label="View"
        >
          <ToggleButton value="graph">Graph</ToggleButton>
          <ToggleButton value="matrix">Matrix</ToggleButton>
        </ToggleButtonGroup>
        {view === 'graph' && (
          <Button
            size="small"
            startIcon={<FullscreenIcon />}
            onClick={() => setFullScreen(true)}
          >
            Full screen
          </Button>
        )}
      </Box>
      {view === 'matrix' ? (
        <DependencyMatrix teams={teams} pairs={pairs} />
      ) : (
        <TeamGraph teams={teams} pairs={pairs} />
      )}
      <Dialog
        fullScreen
        open={fullScreen}
        onClose={() => setFullScreen(false)}
        aria-labelledby="ownership-graph-title"
      >
        <DialogTitle id="ownership-graph-title">
          <Box display="flex" alignItems="center">
            <Box flexGrow={1}>Team dependencies</Box>
            <IconButton
              aria-label="Close full screen"
              onClick={() => setFullScreen(false)}
            >
              <CloseIcon />
            </IconButton>
          </Box>
        </DialogTitle>
        <DialogContent>
          <TeamGraph teams={teams} pairs={pairs} fill />
        </DialogContent>
      </Dialog>
    </InfoCard>
  );
}
