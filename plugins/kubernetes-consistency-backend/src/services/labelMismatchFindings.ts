import {
  Annotated,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
} from './catalogIndex';
import {
  AddFinding,
  capitalize,
  podTemplatePath,
  refOf,
  unique,
  workloadLabel,
} from './findings';
import { matchesSelector } from './labelSelector';
import type { Workload } from './types';

/** `label-annotation-mismatch`: an entity's selector annotation is not a label selector. */
export function invalidSelectorFindings(
  annotatedEntities: Annotated[],
  add: AddFinding,
): void {
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
}

/**
 * `label-annotation-mismatch` on a workload: its `backstage.io/kubernetes-id`
 * differs from its pod template's or from a selecting entity's annotation, or
 * an entity selects it but not its pods.
 */
export function workloadLabelFindings(
  workloads: Workload[],
  matchesOf: Map<Workload, Annotated[]>,
  add: AddFinding,
): void {
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
}
