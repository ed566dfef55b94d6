import { createContext, ReactNode, useContext, useMemo } from 'react';
import {
  EntityDisplayName,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { Finding, OwnershipReport } from '../../api/types';

/** What the page knows about the entities a report names. */
export interface ReportNames {
  /** Display names (title, or profile display name) by lower-case ref. */
  titles: Map<string, string>;
  /** Lower-case refs of entities that exist in the catalog (links go somewhere). */
  known: Set<string>;
}

const EMPTY: ReportNames = { titles: new Map(), known: new Set() };

const NamesContext = createContext<ReportNames | undefined>(undefined);

const NOT_IN_CATALOG: ReadonlySet<Finding['type']> = new Set([
  'invalid-entity',
]);

/**
 * Titles and existence of every entity the report mentions: groups, systems,
 * domains and their parts, what groups own, and the entities findings are
 * about. A ref only a finding's message names (an owner that does not exist,
 * a dangling dependency) is not known, so it is shown as text, not a link.
 */
export function reportNames(
  report: Pick<
    OwnershipReport,
    'teams' | 'systems' | 'domains' | 'findings' | 'coupling'
  >,
): ReportNames {
  const titles = new Map<string, string>();
  const known = new Set<string>();
  const add = (ref: string | null | undefined, title?: string) => {
    if (!ref) return;
    const key = ref.toLowerCase();
    known.add(key);
    if (title) titles.set(key, title);
  };
  for (const t of report.teams) {
    add(t.ref, t.title);
    for (const list of Object.values(t.owned) as string[][])
      list.forEach(r => add(r));
  }
  for (const c of [...report.systems, ...report.domains]) {
    add(c.ref, c.title);
    c.parts.forEach(p => add(p.ref));
  }
  for (const p of report.coupling.pairs) {
    for (const e of p.edges) {
      add(e.fromRef);
      add(e.toRef);
    }
  }
  for (const f of report.findings) {
    if (NOT_IN_CATALOG.has(f.type)) continue;
    add(f.entityRef);
    // Parts, dependency targets, cycle members and duplicates all exist.
    if (f.type !== 'dangling-reference') f.relatedRefs?.forEach(r => add(r));
    // The person owning an entity exists (else it would be unknown-owner).
    if (f.type === 'user-owner') {
      const user =
        /\buser:[A-Za-z0-9._-]+\/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/.exec(
          f.message,
        );
      if (user) add(user[0]);
    }
  }
  return { titles, known };
}

/** Provides the names of a report to the components under it. */
export function NamesProvider(props: {
  report: Parameters<typeof reportNames>[0];
  children: ReactNode;
}) {
  const names = useMemo(() => reportNames(props.report), [props.report]);
  return (
    <NamesContext.Provider value={names}>
      {props.children}
    </NamesContext.Provider>
  );
}

export function useReportNames(): ReportNames {
  return useContext(NamesContext) ?? EMPTY;
}

/** `group:default/team-a` → `team-a`; `component:ns/x` → `ns/x`. */
export function refName(ref: string): string {
  const match = /^[^:]+:([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  return match[1] === 'default' ? match[2] : `${match[1]}/${match[2]}`;
}

/**
 * The name people read for a ref: the report's title for groups, systems and
 * domains, else the entity's name.
 */
export function useDisplayName(): (ref: string) => string {
  const { titles } = useReportNames();
  return (ref: string) => titles.get(ref.toLowerCase()) ?? refName(ref);
}

/**
 * An entity by its display name, linking to its page, with its ref in a
 * tooltip (and below the name with `showRef`). Entities the catalog does not
 * have are plain text that says so.
 */
export function EntityName(props: { entityRef: string; showRef?: boolean }) {
  const { entityRef, showRef } = props;
  const { titles, known } = useReportNames();
  const key = entityRef.toLowerCase();
  const title = titles.get(key);
  let name: ReactNode;
  if (!known.has(key)) {
    name = (
      <Tooltip title={`${entityRef} is not in the catalog`}>
        <span data-testid="missing-entity">{refName(entityRef)}</span>
      </Tooltip>
    );
  } else {
    name = (
      <Tooltip title={entityRef}>
        <EntityRefLink entityRef={entityRef}>
          {title ?? (
            <EntityDisplayName entityRef={entityRef} hideIcon disableTooltip />
          )}
        </EntityRefLink>
      </Tooltip>
    );
  }
  if (!showRef) return name;
  return (
    <>
      {name}
      <Typography variant="caption" color="textSecondary" component="div">
        {entityRef}
      </Typography>
    </>
  );
}

const REF_PATTERN =
  /\b(?:domain|system|component|api|resource|group|user|location|template):[A-Za-z0-9._-]+\/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/gi;

/**
 * Text from the analysis (a finding's message or suggestion) with every
 * entity ref in it shown as the entity's display name and link.
 */
export function RefText(props: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of props.text.matchAll(REF_PATTERN)) {
    const at = match.index ?? 0;
    if (at > last) out.push(props.text.slice(last, at));
    out.push(<EntityName key={at} entityRef={match[0]} />);
    last = at + match[0].length;
  }
  if (last < props.text.length) out.push(props.text.slice(last));
  return <>{out}</>;
}
