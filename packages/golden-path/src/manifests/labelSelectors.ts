import { asObject, asObjects } from './objects';

/**
 * Whether a Kubernetes LabelSelector (matchLabels and matchExpressions)
 * selects a set of labels. An empty selector selects everything; a missing one nothing.
 */
export function selectorMatches(
  selector: unknown,
  labels: Record<string, string>,
): boolean {
  if (typeof selector !== 'object' || selector === null) {
    return false;
  }
  const matchLabels = asObject(asObject(selector).matchLabels);
  const expressions = asObjects(asObject(selector).matchExpressions);
  return (
    Object.entries(matchLabels).every(([k, v]) => labels[k] === String(v)) &&
    expressions.every(({ key, operator, values }) => {
      const has = Object.prototype.hasOwnProperty.call(labels, String(key));
      const inValues =
        Array.isArray(values) &&
        values.map(String).includes(labels[String(key)]);
      switch (operator) {
        case 'In':
          return has && inValues;
        case 'NotIn':
          return !has || !inValues;
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    })
  );
}

/** Whether a Service-style selector (a plain label map) selects a set of labels. */
export function mapSelectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
