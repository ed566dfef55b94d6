import {
  ConsistencyFinding,
  ConsistencyFindingType,
  CONSISTENCY_FINDING_TYPES,
  Workload,
  WorkloadRef,
} from './types';

/** A workload's ref, without its labels. */
export const refOf = (w: WorkloadRef): WorkloadRef => ({
  cluster: w.cluster,
  kind: w.kind,
  namespace: w.namespace,
  name: w.name,
});
/** Identifies a workload in finding ids. */
export const workloadKey = (w: WorkloadRef) =>
  `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`;
/** Names a workload in finding messages. */
export const workloadLabel = (w: WorkloadRef) =>
  `${w.kind} ${w.namespace}/${w.name} (cluster '${w.cluster}')`;

/** A finding as a stage reports it; the collector gives it its id and severity. */
export type NewFinding = Omit<ConsistencyFinding, 'id' | 'type' | 'severity'>;

/** Reports a finding of a type. */
export type AddFinding = (
  type: ConsistencyFindingType,
  finding: NewFinding,
) => void;

/** Collects the findings of every stage, with stable ids and severities. */
export class FindingCollector {
  readonly #findings: ConsistencyFinding[] = [];

  readonly add: AddFinding = (type, finding) => {
    this.#findings.push({
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
  };

  /** The findings in a stable order: by type as CONSISTENCY_FINDING_TYPES lists them, then by id. */
  sorted(): ConsistencyFinding[] {
    const order = new Map(CONSISTENCY_FINDING_TYPES.map((t, i) => [t, i]));
    return [...this.#findings].sort(
      (a, b) =>
        order.get(a.type)! - order.get(b.type)! ||
        (a.id < b.id ? -1 : Number(a.id > b.id)),
    );
  }
}

/** How many findings there are of each type. */
export function countByType(
  findings: ConsistencyFinding[],
): Record<ConsistencyFindingType, number> {
  return Object.fromEntries(
    CONSISTENCY_FINDING_TYPES.map(t => [
      t,
      findings.filter(f => f.type === t).length,
    ]),
  ) as Record<ConsistencyFindingType, number>;
}

/** Where a workload's pod template is, for suggestions. */
export function podTemplatePath(w: Workload): string {
  return w.kind === 'CronJob'
    ? 'spec.jobTemplate.spec.template'
    : 'spec.template';
}

export function groupBy<T>(
  items: T[],
  key: (item: T) => string,
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k) ?? [];
    list.push(item);
    map.set(k, list);
  }
  return map;
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('en-US') + s.slice(1);
}
