import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { parseLabelSelector, Requirement } from './labelSelector';

/** Annotations Backstage's Kubernetes tab reads. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** An annotated entity with the selector Backstage's Kubernetes tab uses for it. */
export interface Annotated {
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

/**
 * The selector Backstage's Kubernetes tab uses for an entity: its
 * `backstage.io/kubernetes-label-selector` annotation if set, else
 * `backstage.io/kubernetes-id=<id>`; undefined when it has neither.
 */
export function annotated(entity: Entity): Annotated | undefined {
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

/** The catalog as the comparison looks it up. */
export interface CatalogIndex {
  /** Every entity by its ref: owners are looked up here. */
  byRef: Map<string, Entity>;
  /** Components by name: which may claim a workload of that name. */
  componentsByName: Map<string, Entity[]>;
  /** The entities with Kubernetes annotations, in catalog order. */
  annotatedEntities: Annotated[];
}

/** Indexes the catalog's entities by ref, components by name, and the annotated ones with their selectors. */
export function indexCatalog(entities: Entity[]): CatalogIndex {
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
  return { byRef, componentsByName, annotatedEntities };
}
