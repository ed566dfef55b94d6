import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { Content, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  scaffolderApiRef,
  useTaskEventStream,
} from '@backstage/plugin-scaffolder-react';
import {
  DefaultTemplateOutputs,
  TaskLogStream,
  TaskSteps,
} from '@backstage/plugin-scaffolder-react/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';

// A stack frame ("    at fn (file:1:2)") means nothing to the person who
// ran the template; the backend's logs keep them.
const STACK_FRAME = /^\s+at\s.+/;

/** Log lines without stack frames; messages split into their lines. */
export function withoutStackTraces(
  logs: Record<string, string[]>,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(logs).map(([step, lines]) => [
      step,
      lines.flatMap(line =>
        line.split('\n').filter(part => !STACK_FRAME.test(part)),
      ),
    ]),
  );
}

/** The first line of an error message, without a stack trace. */
export function cleanErrorMessage(message: string): string {
  return message
    .split('\n')
    .filter(line => !STACK_FRAME.test(line))
    .join('\n')
    .trim();
}

/**
 * A task of a template: the steps that ran (skipped ones folded away behind
 * a button), the outputs, a failure in words, the log without stack traces.
 */
export const GoldenPathTaskPage = () => {
  const { taskId = '' } = useParams();
  const stream = useTaskEventStream(taskId);
  const scaffolderApi = useApi(scaffolderApiRef);
  const navigate = useNavigate();
  const templateLink = useRouteRef(scaffolderPlugin.routes.selectedTemplate);
  const [showSkipped, setShowSkipped] = useState(false);
  const [showLogs, setShowLogs] = useState<boolean | undefined>(undefined);

  const steps = useMemo(
    () =>
      stream.task?.spec.steps.map(step => ({
        ...step,
        ...stream.steps?.[step.id],
      })) ?? [],
    [stream],
  );
  const skipped = steps.filter(s => s.status === 'skipped');
  const shown = showSkipped ? steps : steps.filter(s => s.status !== 'skipped');
  const activeStep = Math.max(
    0,
    shown.map(s => s.status !== 'open').lastIndexOf(true),
  );
  const logs = useMemo(() => {
    const visible = Object.fromEntries(
      Object.entries(stream.stepLogs).filter(
        ([step]) => showSkipped || !skipped.some(s => s.id === step),
      ),
    );
    return withoutStackTraces(visible);
  }, [stream.stepLogs, skipped, showSkipped]);

  const running = !(stream.completed || stream.cancelled);
  const logsVisible = showLogs ?? Boolean(stream.error || stream.completed);

  const startOver = () => {
    const { namespace, name } =
      stream.task?.spec.templateInfo?.entity?.metadata ?? {};
    if (!name) return;
    const pathname =
      templateLink?.({
        namespace: namespace ?? 'default',
        templateName: name,
      }) ?? `/create/templates/${namespace ?? 'default'}/${name}`;
    const search = new URLSearchParams({
      formData: JSON.stringify(stream.task?.spec.parameters ?? {}),
    });
    navigate({ pathname, search: `?${search}` });
  };

  return (
    <Content>
      {stream.error && (
        <Box paddingBottom={2}>
          <WarningPanel
            severity="error"
            title="The task failed"
            message={cleanErrorMessage(stream.error.message)}
            defaultExpanded
          />
        </Box>
      )}
      <Box paddingBottom={2}>
        <TaskSteps
          steps={shown}
          activeStep={activeStep}
          isComplete={stream.completed}
          isError={Boolean(stream.error)}
        />
        {skipped.length > 0 && (
          <Box display="flex" alignItems="center" paddingTop={1}>
            <Typography variant="caption" color="textSecondary">
              {showSkipped
                ? 'Skipped steps are shown: their conditions did not apply to this service.'
                : `${skipped.length} step${
                    skipped.length === 1 ? '' : 's'
                  } did not apply to this service and ${
                    skipped.length === 1 ? 'is' : 'are'
                  } not shown.`}
            </Typography>
            <Button size="small" onClick={() => setShowSkipped(v => !v)}>
              {showSkipped ? 'Hide skipped steps' : 'Show skipped steps'}
            </Button>
          </Box>
        )}
      </Box>
      <DefaultTemplateOutputs output={stream.output} />
      <Box paddingBottom={2}>
        <Paper>
          <Box padding={2} display="flex" justifyContent="flex-end" gridGap={8}>
            {running && (
              <Button onClick={() => scaffolderApi.cancelTask(taskId)}>
                Cancel
              </Button>
            )}
            <Button
              variant="outlined"
              color="primary"
              onClick={() => setShowLogs(!logsVisible)}
            >
              {logsVisible ? 'Hide logs' : 'Show logs'}
            </Button>
            <Button
              variant="contained"
              color="primary"
              disabled={running}
              onClick={startOver}
            >
              Start over
            </Button>
          </Box>
        </Paper>
      </Box>
      {logsVisible && (
        <Paper style={{ height: '100%' }}>
          <Box padding={2} height="100%">
            <TaskLogStream logs={logs} />
          </Box>
        </Paper>
      )}
    </Content>
  );
};
