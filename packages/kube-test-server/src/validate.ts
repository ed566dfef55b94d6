import { getPath, isObject, Json, KubeObject } from './objects';
import { StatusCause } from './status';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

// Kinds whose names must be DNS-1123 labels rather than subdomains.
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

/** Where each workload kind keeps its pod template. */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

const SELECTOR_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
]);

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

const invalidValue = (
  field: string,
  value: unknown,
  detail: string,
): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  field,
});

function validateMetadata(object: KubeObject, causes: StatusCause[]) {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else if (LABEL_NAMED_KINDS.has(String(object.kind))) {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      causes.push(
        invalidValue(
          'metadata.name',
          name,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        ),
      );
    }
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    causes.push(
      invalidValue(
        'metadata.name',
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      ),
    );
  }
  validateLabels(object.metadata?.labels, 'metadata.labels', causes);
}

function validateLabels(labels: unknown, field: string, causes: StatusCause[]) {
  if (!isObject(labels)) {
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (name.length > 63 || !LABEL_NAME.test(name)) {
      causes.push(
        invalidValue(
          field,
          key,
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !LABEL_VALUE.test(value)
    ) {
      causes.push(
        invalidValue(
          field,
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
  }
}

function validatePodSpec(spec: unknown, field: string, causes: StatusCause[]) {
  const containers = isObject(spec) ? spec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required(`${field}.containers`));
    return;
  }
  containers.forEach((container: unknown, i) => {
    const at = `${field}.containers[${i}]`;
    const c: Json = isObject(container) ? container : {};
    if (typeof c.name !== 'string' || !c.name) {
      causes.push(required(`${at}.name`));
    }
    if (typeof c.image !== 'string' || !c.image.trim()) {
      causes.push(required(`${at}.image`));
    }
    const ports = Array.isArray(c.ports) ? c.ports : [];
    ports.forEach((port: unknown, j) => {
      const value = isObject(port) ? port.containerPort : undefined;
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < 1 ||
        value > 65535
      ) {
        causes.push(
          invalidValue(
            `${at}.ports[${j}].containerPort`,
            value ?? 0,
            'must be between 1 and 65535, inclusive',
          ),
        );
      }
    });
  });
}

/** Whether a `LabelSelector` (matchLabels and matchExpressions) selects these labels. */
export function selectorMatches(
  selector: unknown,
  labels: Record<string, string>,
): boolean {
  if (!isObject(selector)) {
    return false;
  }
  const matchLabels = isObject(selector.matchLabels)
    ? selector.matchLabels
    : {};
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    return false;
  }
  const labelsOk = Object.entries(matchLabels).every(
    ([k, v]) => labels[k] === v,
  );
  const expressionsOk = expressions.every((e: unknown) => {
    if (!isObject(e) || typeof e.key !== 'string') {
      return false;
    }
    const values = Array.isArray(e.values) ? e.values : [];
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
  return labelsOk && expressionsOk;
}

function goMap(labels: Record<string, string>): string {
  return `map[string]string{${Object.entries(labels)
    .map(([k, v]) => `"${k}":"${v}"`)
    .join(', ')}}`;
}

/**
 * The API server's validation, reduced to what Conway's manifests and tests
 * need: names, labels, pod templates (containers with a name and an image,
 * valid ports), workload selectors that match their templates, a CronJob
 * schedule, an HPA target, and immutable workload selectors on update.
 *
 * @returns the causes of a 422, empty when the object is valid
 */
export function validateObject(
  object: KubeObject,
  live?: KubeObject,
): StatusCause[] {
  const causes: StatusCause[] = [];
  validateMetadata(object, causes);
  const kind = String(object.kind);
  const templatePath = POD_TEMPLATE_PATHS[kind];
  if (templatePath) {
    const field = templatePath.join('.');
    const template = getPath(object, templatePath);
    const templateLabels = getPath(template, ['metadata', 'labels']);
    validateLabels(templateLabels, `${field}.metadata.labels`, causes);
    validatePodSpec(getPath(template, ['spec']), `${field}.spec`, causes);
    if (SELECTOR_KINDS.has(kind)) {
      const selector = getPath(object, ['spec', 'selector']);
      const labels = (isObject(templateLabels) ? templateLabels : {}) as Record<
        string,
        string
      >;
      if (!isObject(selector)) {
        causes.push(required('spec.selector'));
      } else if (!selectorMatches(selector, labels)) {
        causes.push(
          invalidValue(
            `${field}.metadata.labels`,
            goMap(labels),
            '`selector` does not match template `labels`',
          ),
        );
      }
      const liveSelector = live && getPath(live, ['spec', 'selector']);
      if (
        liveSelector !== undefined &&
        JSON.stringify(liveSelector) !== JSON.stringify(selector)
      ) {
        causes.push(
          invalidValue('spec.selector', selector, 'field is immutable'),
        );
      }
    }
  }
  if (kind === 'Pod') {
    validatePodSpec(getPath(object, ['spec']), 'spec', causes);
  }
  if (kind === 'CronJob' && !getPath(object, ['spec', 'schedule'])) {
    causes.push(required('spec.schedule'));
  }
  if (kind === 'HorizontalPodAutoscaler') {
    if (!getPath(object, ['spec', 'scaleTargetRef', 'name'])) {
      causes.push(required('spec.scaleTargetRef.name'));
    }
    const max = getPath(object, ['spec', 'maxReplicas']);
    const min = getPath(object, ['spec', 'minReplicas']) ?? 1;
    if (typeof max !== 'number') {
      causes.push(required('spec.maxReplicas'));
    } else if (typeof min === 'number' && max < min) {
      causes.push(
        invalidValue(
          'spec.maxReplicas',
          max,
          'must be greater than or equal to `minReplicas`',
        ),
      );
    }
  }
  return causes;
}
