import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../../routes';
import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type {
  ServiceCheckOutcome,
  CheckSeverity,
  NamedRef,
  ScorecardOutcome,
} from '@conway/plugin-scorecards-common';
import { ExportedFile } from '../../api/ScorecardsApi';

/** The level key of services below every level. */
export const NO_LEVEL = 'none';

/** Severity order, most severe first. */
export const SEVERITY_RANK: Record<CheckSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

/** Colours of the levels, lowest first; `none` is grey. */
export const LEVEL_COLOURS = ['#b87333', '#9e9e9e', '#d4af37', '#4caf50', '#2196f3'];
export const NO_LEVEL_COLOUR = '#e0e0e0';

export function levelColour(
  levels: Array<{ id: string }>,
  level: string | null,
): string {
  const index = levels.findIndex(l => l.id === level);
  return index < 0 ? NO_LEVEL_COLOUR : LEVEL_COLOURS[index % LEVEL_COLOURS.length];
}

/** A level's display name; "No level" below the first. */
export function levelTitle(
  levels: Array<{ id: string; title: string }>,
  level: string | null,
): string {
  if (level === null || level === NO_LEVEL) return 'No level';
  return levels.find(l => l.id === level)?.title ?? level;
}

/** The level a service reaches, as a coloured chip. */
export function LevelChip(props: {
  scorecard: Pick<ScorecardOutcome, 'levels' | 'level'>;
}) {
  const { levels, level } = props.scorecard;
  const colour = levelColour(levels, level);
  return (
    <Chip
      size="small"
      label={levelTitle(levels, level)}
      style={{
        backgroundColor: colour,
        color: level === null ? '#424242' : '#ffffff',
        fontWeight: 600,
      }}
    />
  );
}

const useSeverityStyles = makeStyles((theme: Theme) => ({
  critical: { backgroundColor: theme.palette.error.dark, color: '#fff' },
  high: { backgroundColor: theme.palette.error.main, color: '#fff' },
  medium: { backgroundColor: theme.palette.warning.main, color: '#000' },
  low: { backgroundColor: theme.palette.info.main, color: '#fff' },
}));

/** A check's severity as a small chip. */
export function CheckSeverityChip(props: { severity: CheckSeverity }) {
  const classes = useSeverityStyles();
  return (
    <Chip
      size="small"
      label={props.severity}
      className={classes[props.severity]}
    />
  );
}

/**
 * The portal path of a repository guide (`docs/scorecards.md#x`) on the
 * Scorecards page's guide view; undefined for anything else.
 */
export function guideLink(
  pageRoot: string | undefined,
  target: string,
): string | undefined {
  const match = /^([^#?]+\.md)(#[\w-]+)?$/.exec(target);
  if (!pageRoot || !match || match[1].startsWith('/')) return undefined;
  return `${pageRoot}/guide/${match[1]}${match[2] ?? ''}`;
}

/**
 * Where to read how to fix a check: the definition's URL, or the
 * repository guide it names shown in the portal.
 */
export function HowToFix(props: { check: Pick<ServiceCheckOutcome, 'howToFix'> }) {
  const pageLink = useRouteRef(rootRouteRef);
  const target = props.check.howToFix;
  if (!target) return null;
  if (/^https?:\/\//.test(target)) {
    return <Link to={target}>How to fix</Link>;
  }
  const local = guideLink(pageLink?.(), target);
  return local ? (
    <Link to={local} title={target}>
      How to fix
    </Link>
  ) : (
    <span>How to fix: {target}</span>
  );
}

/** 0..1 as a whole percentage; "–" without data. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined
    ? '–'
    : `${Math.round(value * 100)}%`;
}

/** Hands a downloaded file to the browser as a download. */
export function saveFile(file: ExportedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** The checks to fix first: failing required ones, most severe first, then the other failures. */
export function fixFirst<T extends { check: ServiceCheckOutcome }>(items: T[]): T[] {
  return items
    .filter(i => i.check.status === 'fail')
    .sort(
      (a, b) =>
        Number(b.check.required) - Number(a.check.required) ||
        SEVERITY_RANK[a.check.severity] - SEVERITY_RANK[b.check.severity] ||
        a.check.title.localeCompare(b.check.title),
    );
}

/** An entity by the display name the backend resolved, linking to its page (the ref as tooltip). */
export function NamedLink(props: { named: NamedRef }) {
  const entityLink = useEntityRefLink();
  return (
    <Link to={entityLink(props.named.ref)} title={props.named.ref}>
      {props.named.title}
    </Link>
  );
}
