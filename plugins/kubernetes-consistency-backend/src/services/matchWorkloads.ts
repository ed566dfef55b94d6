import { matchesSelector } from './labelSelector';
import type { Annotated } from './catalogIndex';
import { refOf } from './findings';
import type { Workload, WorkloadRef } from './types';

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

/** Which annotated entities select which workloads, both ways round. */
export interface WorkloadMatches {
  /** Per workload, the entities whose selector matches it. */
  matchesOf: Map<Workload, Annotated[]>;
  /** Per annotated entity's ref, the workloads it selects (empty when none). */
  workloadsByEntity: Map<string, WorkloadRef[]>;
}

/** Matches every workload against the selectors of the annotated entities. */
export function matchWorkloads(
  workloads: Workload[],
  annotatedEntities: Annotated[],
): WorkloadMatches {
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
  return { matchesOf, workloadsByEntity };
}
