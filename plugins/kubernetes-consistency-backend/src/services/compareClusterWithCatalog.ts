import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  matchesSelector,
  parseLabelSelector,
  Requirement,
} from './labelSelector';
import {
  ComparisonResult,
  ConsistencyFinding,
  ConsistencyFindingType,
  CONSISTENCY_FINDING_TYPES,
  Workload,
  WorkloadRef,
} from './types';

/** Annotations Backstage's Kubernetes tab reads. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** Options of {@link compareClusterWithCatalog}. @public */
export interface CompareOptions {
  /**
   * Group `spec.type` values that count as a team. Default: any Group in the
   * catalog owns as a team.
   */
  teamTypes?: string[];
  /**
   * Clusters that could not be read: an entity may have workloads there, so
   * its `entity-without-workload` finding says so.
   */
  unreadClusters?: string[];
}

/** An annotated entity with the selector Backstage's Kubernetes tab uses for it. */
interface Annotated {
  entity: Entity;
  ref: string;
  /** The `backstage.io/kubernetes-id` annotation, or the entity name when only a selector is set. */
  id: string;
  hasIdAnnotation: boolean;
  selectorText: string;
  requirements?: Requirement[];
  selectorError?: string;
  namespace?: string;
}

const refOf = (w: WorkloadRef): WorkloadRef => ({
  cluster: w.cluster,
  kind: w.kind,
  namespace: w.namespace,
  name: w.name,
});
const workloadKey = (w: WorkloadRef) =>
  `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`;
const workloadLabel = (w: WorkloadRef) =>
  `${w.kind} ${w.namespace}/${w.name} (cluster '${w.cluster}')`;

/**
 * The selector Backstage's Kubernetes tab uses for an entity: its
 * `backstage.io/kubernetes-label-selector` annotation if set, else
 * `backstage.io/kubernetes-id=<id>`; undefined when it has neither.
 */
function annotated(entity: Entity): Annotated | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ID];
  const selector = annotations[KUBERNETES_LABEL_SELECTOR];
  if (id === undefined && selector === undefined) {
    return undefined;
  }
  const selectorText =
    selector || `${KUBERNETES_ID}=${id || entity.metadata.name}`;
  const result: Annotated = {
    entity,
    ref: stringifyEntityRef(entity),
    id: id || entity.metadata.name,
    hasIdAnnotation: Boolean(id),
    selectorText,
    ...(annotations[KUBERNETES_NAMESPACE]
      ? { namespace: annotations[KUBERNETES_NAMESPACE] }
      : {}),
  };
  try {
    result.requirements = parseLabelSelector(selectorText);
  } catch (error) {
    result.selectorError = (error as Error).message;
  }
  return result;
}

/** Finds the annotated entities whose selector matches a workload's labels, without testing them all. */
class SelectorIndex {
  readonly #byEquality = new Map<string, Annotated[]>();
  readonly #scan: Annotated[] = [];

  constructor(entities: Annotated[]) {
    for (const a of entities) {
      const eq = a.requirements?.find(r => r.op === '=');
      if (!a.requirements) continue;
      if (eq && eq.op === '=') {
        const key = `${eq.key}\u0000${eq.value}`;
        const list = this.#byEquality.get(key) ?? [];
        list.push(a);
        this.#byEquality.set(key, list);
      } else {
        this.#scan.push(a);
      }
    }
  }

  matching(workload: Workload): Annotated[] {
    const candidates = [...this.#scan];
    for (const [k, v] of Object.entries(workload.labels)) {
      candidates.push(...(this.#byEquality.get(`${k}\u0000${v}`) ?? []));
    }
    return candidates.filter(
      a =>
        (!a.namespace || a.namespace === workload.namespace) &&
        matchesSelector(a.requirements!, workload.labels),
    );
  }
}

/**
 * Compares the workloads running in the clusters with the catalog, as
 * Backstage's Kubernetes tab connects them (an entity's label selector, or
 * `backstage.io/kubernetes-id=<id>`, against the workloads' labels).
 *
 * Findings:
 * - `workload-without-entity`: no entity selects the workload; nobody is
 *   accountable for it in the portal.
 * - `workload-entity-without-team-owner`: the entities that select a workload
 *   are owned by a user, by a group that does not exist, by a group that is
 *   not a team, or by no one.
 * - `entity-without-workload`: an entity with Kubernetes annotations selects
 *   no workload in any cluster read; its Kubernetes tab is empty.
 * - `label-annotation-mismatch`: labels and annotations disagree: a
 *   workload's `backstage.io/kubernetes-id` differs from its pod template's or
 *   from the entity's annotation, the pods are not selected with the
 *   workload, a selector annotation is invalid, or an entity's annotation
 *   misses a workload that is evidently its own (same name).
 *
 * Pure and synchronous: the same input gives the same findings, in a stable
 * order.
 *
 * @public
 */
export function compareClusterWithCatalog(
  input: { workloads: Workload[]; entities: Entity[] },
  options: CompareOptions = {},
): ComparisonResult {
  const { workloads, entities } = input;
  const findings: ConsistencyFinding[] = [];
  const add = (
    type: ConsistencyFindingType,
    finding: Omit<ConsistencyFinding, 'id' | 'type' | 'severity'>,
  ) =>
    findings.push({
      id: [
        type,
        finding.entityRef ?? '',
        ...finding.workloads.map(workloadKey),
      ].join(':'),
      type,
      severity:
        type === 'workload-without-entity' || type === 'entity-without-workload'
          ? 'warning'
          : 'error',
      ...finding,
    });

  const byRef = new Map<string, Entity>();
  const componentsByName = new Map<string, Entity[]>();
  const annotatedEntities: Annotated[] = [];
  for (const entity of entities) {
    byRef.set(stringifyEntityRef(entity), entity);
    if (entity.kind.toLocaleLowerCase('en-US') === 'component') {
      const list = componentsByName.get(entity.metadata.name) ?? [];
      list.push(entity);
      componentsByName.set(entity.metadata.name, list);
    }
    const a = annotated(entity);
    if (a) annotatedEntities.push(a);
  }

  for (const a of annotatedEntities) {
    if (a.selectorError) {
      add('label-annotation-mismatch', {
        entityRef: a.ref,
        workloads: [],
        message: `${a.ref} has ${KUBERNETES_LABEL_SELECTOR} '${a.selectorText}', which is not a label selector (${a.selectorError}); its Kubernetes tab shows nothing.`,
        suggestion: `Write it as kubectl -l accepts it, e.g. '${KUBERNETES_ID}=${a.id}' or 'app.kubernetes.io/name=${a.entity.metadata.name}'.`,
      });
    }
  }

  // 1. Which entities select which workloads.
  const index = new SelectorIndex(annotatedEntities);
  const matchesOf = new Map<Workload, Annotated[]>();
  const workloadsByEntity = new Map<string, WorkloadRef[]>(
    annotatedEntities.map(a => [a.ref, []]),
  );
  for (const w of workloads) {
    const matches = index.matching(w);
    matchesOf.set(w, matches);
    for (const a of matches) workloadsByEntity.get(a.ref)!.push(refOf(w));
  }

  // 2. Owners of the entities that select workloads.
  for (const a of annotatedEntities) {
    const selected = workloadsByEntity.get(a.ref)!;
    const problem = selected.length
      ? teamOwnerProblem(a, byRef, options.teamTypes)
      : undefined;
    if (problem) {
      add('workload-entity-without-team-owner', {
        entityRef: a.ref,
        workloads: selected,
        message: `${selected.length} workload(s) belong to ${a.ref}, which ${
          problem.message
        }: ${selected.slice(0, 3).map(workloadLabel).join(', ')}${
          selected.length > 3 ? ', …' : ''
        }.`,
        suggestion: problem.suggestion,
        ...(problem.related.length ? { relatedRefs: problem.related } : {}),
      });
    }
  }

  // 3. Label mismatches on each workload.
  for (const w of workloads) {
    const problems: string[] = [];
    const fixes: string[] = [];
    const matches = matchesOf.get(w)!;
    const id = w.labels[KUBERNETES_ID];
    const podId = w.podTemplateLabels[KUBERNETES_ID];
    if (id !== undefined && podId !== id) {
      problems.push(
        podId === undefined
          ? `its pod template has no ${KUBERNETES_ID} label (the workload has '${id}')`
          : `its pod template's ${KUBERNETES_ID} is '${podId}' but the workload's is '${id}'`,
      );
      fixes.push(
        `set ${KUBERNETES_ID}: ${id} in ${podTemplatePath(w)}.metadata.labels`,
      );
    }
    for (const a of matches) {
      if (a.hasIdAnnotation && id !== undefined && id !== a.id) {
        problems.push(
          `${a.ref} selects it (${a.selectorText}) but is annotated ${KUBERNETES_ID}: ${a.id} while the workload's label is '${id}'`,
        );
        fixes.push(
          `use one value, '${a.id}', in the label and in the annotation of ${a.ref}`,
        );
      }
      if (!matchesSelector(a.requirements!, w.podTemplateLabels)) {
        problems.push(
          `${a.ref} selects the workload (${a.selectorText}) but not its pods, so its Kubernetes tab shows the ${w.kind} without pods`,
        );
        fixes.push(
          `add the labels of '${a.selectorText}' to ${podTemplatePath(
            w,
          )}.metadata.labels`,
        );
      }
    }
    if (problems.length) {
      const related = matches.map(a => a.ref);
      add('label-annotation-mismatch', {
        ...(related.length === 1 ? { entityRef: related[0] } : {}),
        workloads: [refOf(w)],
        message: `${workloadLabel(w)}: ${problems.join('; ')}.`,
        suggestion: `${capitalize(unique(fixes).join('; '))}.`,
        ...(related.length > 1 ? { relatedRefs: related } : {}),
      });
    }
  }

  // 4. Annotated entities without workloads: evidently their own workload (same name), or none at all.
  const unmatched = workloads.filter(w => matchesOf.get(w)!.length === 0);
  const unmatchedByName = groupBy(unmatched, w => w.name);
  const unmatchedById = groupBy(
    unmatched.filter(w => w.labels[KUBERNETES_ID] !== undefined),
    w => w.labels[KUBERNETES_ID],
  );
  const explained = new Set<Workload>();
  for (const a of annotatedEntities) {
    if (workloadsByEntity.get(a.ref)!.length || a.selectorError) continue;
    const names = unique([a.id, a.entity.metadata.name]);
    const near = unique(
      names.flatMap(n => [
        ...(unmatchedByName.get(n) ?? []),
        ...(unmatchedById.get(n) ?? []),
      ]),
    );
    if (near.length) {
      for (const w of near) explained.add(w);
      // Selected by labels but outside the annotated namespace, or labelled otherwise.
      const elsewhere = near.filter(w =>
        matchesSelector(a.requirements!, w.labels),
      );
      const describe = (w: Workload) => {
        if (elsewhere.includes(w)) {
          return `${workloadLabel(w)} runs in namespace '${
            w.namespace
          }', not '${a.namespace}'`;
        }
        const label = w.labels[KUBERNETES_ID];
        return label !== undefined
          ? `${workloadLabel(w)} is labelled ${KUBERNETES_ID}: ${label}`
          : `${workloadLabel(w)} has no ${KUBERNETES_ID} label`;
      };
      const id = near.find(w => !elsewhere.includes(w))?.labels[KUBERNETES_ID];
      let suggestion = `Label the workload(s) and their pod templates so that '${a.selectorText}' selects them (e.g. ${KUBERNETES_ID}: ${a.id}).`;
      if (elsewhere.length === near.length) {
        suggestion = `Set ${KUBERNETES_NAMESPACE} of ${a.ref} to '${near[0].namespace}', or remove it.`;
      } else if (id !== undefined && id !== a.id) {
        suggestion = `Use one value: label the workload(s) and their pod templates ${KUBERNETES_ID}: ${a.id}, or annotate ${a.ref} with ${KUBERNETES_ID}: ${id}.`;
      }
      add('label-annotation-mismatch', {
        entityRef: a.ref,
        workloads: near.map(refOf),
        message: `${a.ref} selects '${a.selectorText}'${
          a.namespace ? ` in namespace '${a.namespace}'` : ''
        }, which misses its evident workload(s): ${near
          .map(describe)
          .join('; ')}. Its Kubernetes tab is empty.`,
        suggestion,
      });
      continue;
    }
    const unread = options.unreadClusters?.length
      ? ` It may run in ${options.unreadClusters
          .map(c => `'${c}'`)
          .join(', ')}, which could not be read.`
      : '';
    add('entity-without-workload', {
      entityRef: a.ref,
      workloads: [],
      message: `${a.ref} has Kubernetes annotations (${a.selectorText}${
        a.namespace ? `, namespace ${a.namespace}` : ''
      }) but no Deployment, StatefulSet or CronJob in the clusters read matches them; its Kubernetes tab is empty.${unread}`,
      suggestion: `Deploy it with the labels '${
        a.selectorText
      }' on the workload and its pods, or remove the ${
        a.hasIdAnnotation ? KUBERNETES_ID : KUBERNETES_LABEL_SELECTOR
      } annotation if it does not run on Kubernetes.`,
    });
  }

  // 5. Workloads nobody in the catalog selects.
  for (const w of unmatched) {
    if (explained.has(w)) continue;
    const id = w.labels[KUBERNETES_ID];
    const candidates = unique([
      ...(componentsByName.get(id ?? '') ?? []),
      ...(componentsByName.get(w.name) ?? []),
    ]).map(e => stringifyEntityRef(e));
    const claim = id ?? w.name;
    add('workload-without-entity', {
      workloads: [refOf(w)],
      message: `${workloadLabel(w)} ${
        id !== undefined
          ? `is labelled ${KUBERNETES_ID}: ${id}, but no catalog entity has that annotation`
          : `has no ${KUBERNETES_ID} label and no catalog entity's selector matches it`
      }; no team is accountable for it in the portal.`,
      suggestion: candidates.length
        ? `Annotate ${candidates.join(' or ')} with ${KUBERNETES_ID}: ${claim}${
            id === undefined
              ? `, and label the ${w.kind} and its pod template with it`
              : ''
          }.`
        : `Register the component that runs it, annotated ${KUBERNETES_ID}: ${claim}${
            id === undefined
              ? `, and label the ${w.kind} and its pod template with it`
              : ''
          }; or remove the ${w.kind} if nothing needs it.`,
      ...(candidates.length ? { relatedRefs: candidates } : {}),
    });
  }

  const order = new Map(CONSISTENCY_FINDING_TYPES.map((t, i) => [t, i]));
  findings.sort(
    (a, b) =>
      order.get(a.type)! - order.get(b.type)! ||
      (a.id < b.id ? -1 : Number(a.id > b.id)),
  );
  const findingsByType = Object.fromEntries(
    CONSISTENCY_FINDING_TYPES.map(t => [
      t,
      findings.filter(f => f.type === t).length,
    ]),
  ) as Record<ConsistencyFindingType, number>;
  return {
    findings,
    workloadsByEntity,
    selectorsByEntity: new Map(
      annotatedEntities.map(a => [a.ref, a.selectorText]),
    ),
    summary: {
      workloads: workloads.length,
      mappedWorkloads: workloads.length - unmatched.length,
      annotatedEntities: annotatedEntities.length,
      annotatedEntitiesWithWorkloads: annotatedEntities.filter(
        a => workloadsByEntity.get(a.ref)!.length > 0,
      ).length,
      findingsByType,
    },
  };
}

/** Why an entity's owner is not a team, with the fix; undefined when it is one. */
function teamOwnerProblem(
  a: Annotated,
  byRef: Map<string, Entity>,
  teamTypes: string[] | undefined,
): { message: string; suggestion: string; related: string[] } | undefined {
  const owner = (a.entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner.trim()) {
    return {
      message: 'has no owner',
      suggestion: `Set spec.owner of ${a.ref} to the team that runs it (a Group, e.g. group:default/team-…).`,
      related: [],
    };
  }
  let ref: string;
  try {
    ref = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: a.entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return {
      message: `has an owner that is not an entity ref ('${owner}')`,
      suggestion: `Set spec.owner of ${a.ref} to a team's entity ref, e.g. group:default/team-….`,
      related: [],
    };
  }
  const ownerEntity = byRef.get(ref);
  if (ref.startsWith('user:')) {
    const teams = (
      ((ownerEntity?.spec as { memberOf?: unknown } | undefined)?.memberOf as
        | string[]
        | undefined) ?? []
    )
      .map(m => {
        try {
          return stringifyEntityRef(
            parseEntityRef(m, {
              defaultKind: 'group',
              defaultNamespace: ownerEntity?.metadata.namespace ?? 'default',
            }),
          );
        } catch {
          return undefined;
        }
      })
      .filter((m): m is string =>
        Boolean(m && isTeam(byRef.get(m), teamTypes)),
      );
    return {
      message: `is owned by a person (${ref}), not a team`,
      suggestion: teams.length
        ? `Set spec.owner of ${a.ref} to ${teams.join(' or ')}, the team${
            teams.length > 1 ? 's' : ''
          } ${ref} belongs to.`
        : `Set spec.owner of ${a.ref} to the team that runs it.`,
      related: [ref, ...teams],
    };
  }
  if (!ownerEntity) {
    return {
      message: `is owned by ${ref}, which is not in the catalog`,
      suggestion: `Register ${ref}, or set spec.owner of ${a.ref} to an existing team.`,
      related: [ref],
    };
  }
  if (!ref.startsWith('group:') || !isTeam(ownerEntity, teamTypes)) {
    const type = (ownerEntity.spec as { type?: unknown } | undefined)?.type;
    return {
      message: `is owned by ${ref}, which is not a team${
        type ? ` (type '${type}')` : ''
      }`,
      suggestion: `Set spec.owner of ${a.ref} to the team within ${ref} that runs it.`,
      related: [ref],
    };
  }
  return undefined;
}

function isTeam(
  entity: Entity | undefined,
  teamTypes: string[] | undefined,
): boolean {
  if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'group')
    return false;
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return !teamTypes || teamTypes.includes(String(type));
}

function podTemplatePath(w: Workload): string {
  return w.kind === 'CronJob'
    ? 'spec.jobTemplate.spec.template'
    : 'spec.template';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k) ?? [];
    list.push(item);
    map.set(k, list);
  }
  return map;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('en-US') + s.slice(1);
}
