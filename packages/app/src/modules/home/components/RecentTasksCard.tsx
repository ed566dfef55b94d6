import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Link } from '@backstage/ui';
import type { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import { paths } from './paths';
import { Empty, formatWhen } from './shared';

const useStyles = makeStyles(theme => ({
  completed: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  other: {},
  wrap: { overflowWrap: 'anywhere' },
}));

const STATUS_LABELS: Record<string, string> = {
  open: 'waiting',
  processing: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

/** "TypeScript service (Fastify): orders-api" from the task's template and its name answer. */
export function taskTitle(task: ScaffolderTask): string {
  const template =
    task.spec.templateInfo?.entity?.metadata.title ??
    task.spec.templateInfo?.entity?.metadata.name ??
    task.spec.templateInfo?.entityRef?.replace(/^.*\//, '') ??
    'Software template';
  const name = (task.spec.parameters as Record<string, unknown> | undefined)
    ?.name;
  return typeof name === 'string' && name ? `${template}: ${name}` : template;
}

/** The signed-in user's newest scaffolder tasks, each linking to its task page. */
export function RecentTasksCard(props: {
  tasks: { loading: boolean; error?: Error; value?: ScaffolderTask[] };
}) {
  const classes = useStyles();
  const { tasks } = props;
  let content;
  if (tasks.loading) {
    content = <Progress />;
  } else if (tasks.error) {
    content = <ResponseErrorPanel error={tasks.error} />;
  } else if (!tasks.value?.length) {
    content = (
      <Empty>
        You have not run a software template yet.{' '}
        <Link href={paths.create}>Create a service</Link> from a golden path;
        its task shows up here.
      </Empty>
    );
  } else {
    content = (
      <List dense disablePadding aria-label="Your recent tasks">
        {tasks.value.map(task => (
          <ListItem key={task.id} disableGutters>
            <ListItemText
              primary={
                <Link
                  href={paths.task(task.id)}
                  style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
                >
                  {taskTitle(task)}
                </Link>
              }
              secondary={`Started ${formatWhen(task.createdAt)}`}
              primaryTypographyProps={{ className: classes.wrap }}
            />
            <Chip
              style={{ marginLeft: 8, flexShrink: 0 }}
              size="small"
              label={STATUS_LABELS[task.status] ?? task.status}
              className={
                task.status === 'completed' || task.status === 'failed'
                  ? classes[task.status]
                  : classes.other
              }
            />
          </ListItem>
        ))}
      </List>
    );
  }
  return <InfoCard title="Your recent tasks">{content}</InfoCard>;
}
