/** How bad a finding is: errors fail a check run, warnings do not. @public */
export type Severity = 'error' | 'warning';

/** One problem found in manifests or catalog files. @public */
export interface Finding {
  /** Id of the check that produced it, one of {@link POLICY_CHECKS}. */
  id: string;
  severity: Severity;
  message: string;
  /** The object concerned, e.g. `Deployment/orders` or `component:default/orders`. */
  object?: string;
  /** File (or kustomize directory) the object came from. */
  source?: string;
  /** Index of the YAML document within the source. */
  index?: number;
}

/** Findings of the policy checks. @public */
export type PolicyFinding = Finding;
