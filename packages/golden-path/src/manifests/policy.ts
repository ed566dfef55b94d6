import type { Entity } from '@backstage/catalog-model';
import type { Finding, PolicyFinding } from '../findings';
import { isJsonObject } from '../types';
import { POLICY_CHECKS } from './checks';
import { mapSelectorMatches, selectorMatches } from './labelSelectors';
import {
  asObject,
  asObjects,
  describeObject,
  findingFor,
  kindOf,
  labelsOf,
  nameOf,
  namespaceOf,
} from './objects';
import type { ManifestObject } from './types';
import {
  containersOf,
  LONG_RUNNING_KINDS,
  PodTemplate,
  podTemplates,
} from './workloads';

/** The label (and catalog annotation) that links Kubernetes objects to a catalog entity. @public */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** Options for {@link checkPolicies}. @public */
export interface CheckPoliciesOptions {
  /** The component the manifests deploy; its kubernetes-id annotation must match the labels. */
  catalogEntity?: Entity;
}

interface CheckContext {
  objects: ManifestObject[];
  templates: PodTemplate[];
  catalogEntity?: Entity;
}

type Report = (m: ManifestObject | undefined, message: string) => void;
type Check = (ctx: CheckContext, report: Report) => void;

const sameNamespace = (a: ManifestObject, b: ManifestObject) =>
  namespaceOf(a) === namespaceOf(b);
const ofKind = (objects: ManifestObject[], ...kinds: string[]) =>
  objects.filter(m => kinds.includes(kindOf(m)));
const specOf = (m: ManifestObject) => asObject(m.object.spec);

/** Reports once per container that fails a test; `problem` returns what is wrong, or undefined. */
function eachContainer(
  templates: PodTemplate[],
  report: Report,
  problem: (
    container: Record<string, unknown>,
    template: PodTemplate,
  ) => string | undefined,
  options: { initContainers?: boolean; kinds?: string[] } = {},
) {
  for (const template of templates) {
    if (options.kinds && !options.kinds.includes(kindOf(template.workload))) {
      continue;
    }
    for (const { name, init, container } of containersOf(template.spec)) {
      const message =
        init && options.initContainers === false
          ? undefined
          : problem(container, template);
      if (message) {
        report(template.workload, `container "${name}" ${message}`);
      }
    }
  }
}

function securityContext(container: Record<string, unknown>) {
  return asObject(container.securityContext);
}

/** A container setting, falling back to the pod's securityContext. */
function effective(
  container: Record<string, unknown>,
  template: PodTemplate,
  key: string,
) {
  return (
    securityContext(container)[key] ??
    asObject(template.spec.securityContext)[key]
  );
}

function imageProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') {
    return 'has no image';
  }
  if (image.includes('@')) {
    return undefined;
  }
  const tagStart = image.lastIndexOf(':');
  if (tagStart <= image.lastIndexOf('/')) {
    return `uses image "${image}" without a tag`;
  }
  return image.slice(tagStart + 1) === 'latest'
    ? `uses image "${image}" with the latest tag`
    : undefined;
}

function isSecretName(name: string): boolean {
  const upper = name.toLocaleUpperCase('en-US');
  return (
    /PASSWORD|PASSWD|SECRET|TOKEN/.test(upper) ||
    upper.split(/[^A-Z0-9]+/).some(word => word.endsWith('KEY'))
  );
}

const percent = (value: unknown) => {
  const match = /^(\d+)%$/.exec(String(value));
  return match ? Number(match[1]) : NaN;
};

/** Why a PDB allows no voluntary eviction of a workload with this many replicas, if it does not. */
function evictionProblem(pdb: ManifestObject, replicas: number) {
  const { maxUnavailable, minAvailable } = specOf(pdb);
  if (maxUnavailable !== undefined) {
    const allows =
      typeof maxUnavailable === 'number'
        ? maxUnavailable >= 1
        : percent(maxUnavailable) > 0;
    return allows
      ? undefined
      : `maxUnavailable ${JSON.stringify(maxUnavailable)} allows no eviction`;
  }
  if (minAvailable !== undefined) {
    const required =
      typeof minAvailable === 'number'
        ? minAvailable
        : Math.ceil((percent(minAvailable) * replicas) / 100);
    return required < replicas
      ? undefined
      : `minAvailable ${JSON.stringify(
          minAvailable,
        )} with ${replicas} replica(s) allows no eviction`;
  }
  return 'sets neither minAvailable nor maxUnavailable';
}

function hpaFor(objects: ManifestObject[], workload: ManifestObject) {
  return ofKind(objects, 'HorizontalPodAutoscaler').find(hpa => {
    const ref = asObject(specOf(hpa).scaleTargetRef);
    return (
      sameNamespace(hpa, workload) &&
      ref.kind === kindOf(workload) &&
      ref.name === nameOf(workload)
    );
  });
}

const checks: Record<string, Check> = {
  probes: ({ templates }, report) =>
    eachContainer(
      templates,
      report,
      container => {
        const missing = ['livenessProbe', 'readinessProbe'].filter(
          probe => !isJsonObject(container[probe]),
        );
        return missing.length ? `has no ${missing.join(' and ')}` : undefined;
      },
      { initContainers: false, kinds: LONG_RUNNING_KINDS },
    ),

  resources: ({ templates }, report) =>
    eachContainer(templates, report, container => {
      const resources = asObject(container.resources);
      const missing = ['requests', 'limits'].flatMap(group =>
        ['cpu', 'memory']
          .filter(r => asObject(resources[group])[r] === undefined)
          .map(r => `resources.${group}.${r}`),
      );
      return missing.length ? `does not set ${missing.join(', ')}` : undefined;
    }),

  'image-tag-pinned': ({ templates }, report) =>
    eachContainer(templates, report, container =>
      imageProblem(container.image),
    ),

  'run-as-non-root': ({ templates }, report) =>
    eachContainer(templates, report, (container, template) => {
      const nonRoot = effective(container, template, 'runAsNonRoot');
      const user = effective(container, template, 'runAsUser');
      return nonRoot === true && typeof user === 'number' && user >= 10000
        ? undefined
        : `must set runAsNonRoot: true and runAsUser >= 10000 (has runAsNonRoot ${JSON.stringify(
            nonRoot ?? null,
          )}, runAsUser ${JSON.stringify(user ?? null)})`;
    }),

  'read-only-root-filesystem': ({ templates }, report) =>
    eachContainer(templates, report, container =>
      securityContext(container).readOnlyRootFilesystem === true
        ? undefined
        : 'does not set readOnlyRootFilesystem: true',
    ),

  'no-privilege-escalation': ({ templates }, report) =>
    eachContainer(templates, report, container => {
      const sc = securityContext(container);
      if (sc.privileged === true) {
        return 'is privileged';
      }
      return sc.allowPrivilegeEscalation === false
        ? undefined
        : 'does not set allowPrivilegeEscalation: false';
    }),

  'drop-all-capabilities': ({ templates }, report) =>
    eachContainer(templates, report, container => {
      const drop = asObject(securityContext(container).capabilities).drop;
      return Array.isArray(drop) &&
        drop.some(c => String(c).toLocaleUpperCase('en-US') === 'ALL')
        ? undefined
        : 'does not drop ALL capabilities';
    }),

  'seccomp-profile': ({ templates }, report) =>
    eachContainer(templates, report, (container, template) => {
      const type = asObject(
        effective(container, template, 'seccompProfile'),
      ).type;
      return type === 'RuntimeDefault' || type === 'Localhost'
        ? undefined
        : `has seccompProfile ${JSON.stringify(
            type ?? null,
          )}; use RuntimeDefault or Localhost`;
    }),

  'no-host-namespaces': ({ templates }, report) => {
    for (const { workload, spec } of templates) {
      const used = ['hostNetwork', 'hostPID', 'hostIPC'].filter(
        key => spec[key] === true,
      );
      if (used.length) {
        report(workload, `pod template sets ${used.join(', ')}`);
      }
    }
  },

  'no-service-account-token': ({ objects, templates }, report) => {
    for (const { workload, spec } of templates) {
      if (spec.automountServiceAccountToken === false) {
        continue;
      }
      const accountName = String(spec.serviceAccountName ?? 'default');
      const account = ofKind(objects, 'ServiceAccount').find(
        sa => nameOf(sa) === accountName && sameNamespace(sa, workload),
      );
      const accountDisables =
        spec.automountServiceAccountToken === undefined &&
        account?.object.automountServiceAccountToken === false;
      if (!accountDisables) {
        report(
          workload,
          'pod template mounts a service account token; set automountServiceAccountToken: false',
        );
      }
    }
  },

  'pod-disruption-budget': ({ objects, templates }, report) => {
    const pdbs = ofKind(objects, 'PodDisruptionBudget');
    const selects = (pdb: ManifestObject, template: PodTemplate) =>
      sameNamespace(pdb, template.workload) &&
      selectorMatches(specOf(pdb).selector, template.labels);
    for (const template of templates) {
      if (!['Deployment', 'StatefulSet'].includes(kindOf(template.workload))) {
        continue;
      }
      const matching = pdbs.filter(pdb => selects(pdb, template));
      if (matching.length === 0) {
        report(template.workload, 'no PodDisruptionBudget selects its pods');
      } else if (matching.length > 1) {
        report(
          template.workload,
          `its pods are selected by ${matching
            .map(describeObject)
            .join(
              ' and ',
            )}; the eviction API refuses pods with more than one PodDisruptionBudget`,
        );
      } else {
        const hpa = hpaFor(objects, template.workload);
        const replicas = Number(
          hpa
            ? specOf(hpa).minReplicas ?? 1
            : specOf(template.workload).replicas ?? 1,
        );
        const problem = evictionProblem(matching[0], replicas);
        if (problem) {
          report(
            matching[0],
            `${problem} for ${describeObject(template.workload)}`,
          );
        }
      }
    }
    for (const pdb of pdbs) {
      if (!templates.some(template => selects(pdb, template))) {
        report(pdb, 'selects no pods of the workloads in these manifests');
      }
    }
  },

  'network-policy': ({ objects, templates }, report) => {
    const policies = ofKind(objects, 'NetworkPolicy');
    for (const template of templates) {
      if (!LONG_RUNNING_KINDS.includes(kindOf(template.workload))) {
        continue;
      }
      const selected = policies.some(
        policy =>
          sameNamespace(policy, template.workload) &&
          selectorMatches(specOf(policy).podSelector, template.labels),
      );
      if (!selected) {
        report(template.workload, 'no NetworkPolicy selects its pods');
      }
    }
  },

  'horizontal-pod-autoscaler': ({ objects }, report) => {
    for (const deployment of ofKind(objects, 'Deployment')) {
      if (!hpaFor(objects, deployment)) {
        report(deployment, 'no HorizontalPodAutoscaler targets it');
      }
    }
    for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
      const spec = specOf(hpa);
      const minReplicas = spec.minReplicas ?? 1;
      if (typeof minReplicas !== 'number' || minReplicas < 2) {
        report(
          hpa,
          `minReplicas is ${JSON.stringify(minReplicas)}; use at least 2`,
        );
      }
      const metrics = asObjects(spec.metrics);
      if (metrics.length === 0) {
        report(
          hpa,
          'has no metrics; set explicit metric targets (autoscaling/v2)',
        );
      }
      metrics.forEach((metric, i) => {
        // autoscaling/v2 keeps a metric's settings under its type: {type: Resource, resource: {...}}
        const type = String(metric.type ?? '');
        const source = asObject(
          metric[type.charAt(0).toLowerCase() + type.slice(1)],
        );
        const target = asObject(source.target);
        const hasValue = ['averageUtilization', 'averageValue', 'value'].some(
          key => target[key] !== undefined,
        );
        if (!target.type || !hasValue) {
          report(hpa, `metric ${i} (${type || 'no type'}) has no target`);
        }
      });
      const ref = asObject(spec.scaleTargetRef);
      const exists = objects.some(
        m =>
          kindOf(m) === ref.kind &&
          nameOf(m) === ref.name &&
          sameNamespace(m, hpa),
      );
      if (!exists) {
        report(
          hpa,
          `targets ${ref.kind}/${ref.name}, which is not in these manifests`,
        );
      }
    }
  },

  'selector-matches-template': ({ templates }, report) => {
    for (const { workload, labels } of templates) {
      if (
        !['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(
          kindOf(workload),
        )
      ) {
        continue;
      }
      const selector = asObject(specOf(workload).selector);
      const empty =
        Object.keys(asObject(selector.matchLabels)).length === 0 &&
        asObjects(selector.matchExpressions).length === 0;
      if (empty) {
        report(workload, 'has no spec.selector');
      } else if (!selectorMatches(selector, labels)) {
        report(
          workload,
          `spec.selector does not match the pod template labels ${JSON.stringify(
            labels,
          )}`,
        );
      }
    }
  },

  'service-selector-matches': ({ objects, templates }, report) => {
    for (const service of ofKind(objects, 'Service')) {
      const selector = labelsOf(specOf(service).selector);
      if (Object.keys(selector).length === 0) {
        continue; // no selector: endpoints are managed elsewhere
      }
      const matched = templates.some(
        t =>
          sameNamespace(service, t.workload) &&
          mapSelectorMatches(selector, t.labels),
      );
      if (!matched) {
        report(
          service,
          `selector ${JSON.stringify(selector)} matches no pod template`,
        );
      }
    }
  },

  'duplicate-env': ({ templates }, report) =>
    eachContainer(templates, report, container => {
      const names = asObjects(container.env).map(e => String(e.name));
      const duplicates = [
        ...new Set(names.filter((n, i) => names.indexOf(n) !== i)),
      ];
      return duplicates.length
        ? `defines ${duplicates.join(', ')} more than once`
        : undefined;
    }),

  'secret-in-env': ({ templates }, report) =>
    eachContainer(templates, report, container => {
      const literal = asObjects(container.env)
        .filter(e => e.value !== undefined && isSecretName(String(e.name)))
        .map(e => String(e.name));
      return literal.length
        ? `sets ${literal.join(
            ', ',
          )} from a literal value; use valueFrom.secretKeyRef`
        : undefined;
    }),

  'kubernetes-id-label': ({ templates, catalogEntity }, report) => {
    const expected = catalogEntity?.metadata.annotations?.[KUBERNETES_ID];
    const entityRef = catalogEntity
      ? `${catalogEntity.kind}:${
          catalogEntity.metadata.namespace ?? 'default'
        }/${catalogEntity.metadata.name}`
      : '';
    if (catalogEntity && !expected) {
      report(
        undefined,
        `catalog entity ${entityRef} has no ${KUBERNETES_ID} annotation`,
      );
    }
    for (const { workload, labels } of templates) {
      const places: [string, Record<string, string>][] = [
        [
          'metadata.labels',
          labelsOf(asObject(workload.object.metadata).labels),
        ],
      ];
      if (kindOf(workload) !== 'Pod') {
        places.push(['pod template labels', labels]);
      }
      for (const [where, found] of places) {
        const value = found[KUBERNETES_ID];
        if (value === undefined) {
          report(workload, `${where} lack ${KUBERNETES_ID}`);
        } else if (expected && value !== expected) {
          report(
            workload,
            `${where} have ${KUBERNETES_ID} "${value}" but catalog entity ${entityRef} has "${expected}"`,
          );
        }
      }
    }
  },
};

/**
 * Runs the golden-path policy checks ({@link POLICY_CHECKS}) over a set of
 * objects that are deployed together, such as one rendered overlay.
 *
 * @public
 */
export function checkPolicies(
  objects: ManifestObject[],
  options: CheckPoliciesOptions = {},
): PolicyFinding[] {
  const ctx: CheckContext = {
    objects,
    templates: podTemplates(objects),
    catalogEntity: options.catalogEntity,
  };
  return POLICY_CHECKS.flatMap(({ id, severity }) => {
    const check = checks[id];
    const findings: Finding[] = [];
    check?.(ctx, (m, message) =>
      findings.push(
        m ? findingFor(m, id, severity, message) : { id, severity, message },
      ),
    );
    return findings;
  });
}
