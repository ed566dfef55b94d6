import type { CheckStatus, JsonValue } from './apiTypes';
import {
  isUnknown,
  ON_CALL_ANNOTATIONS,
  OwnerFacts,
  ProblemsFact,
  RepositoryFacts,
  ServiceFacts,
  UnknownFact,
} from './facts';

/** What a rule returns. @public */
export interface RuleOutcome {
  status: CheckStatus;
  reason: string;
  facts: Record<string, JsonValue>;
}

/** A parameter a rule accepts, checked when a scorecard is loaded. @public */
export interface RuleParameter {
  type: 'integer' | 'string-list';
  description: string;
  /** Smallest allowed value of an integer. */
  minimum?: number;
  default: JsonValue;
}

/** A rule: a pure function from a service's facts (and parameters) to an outcome. @public */
export interface Rule {
  id: string;
  description: string;
  params: Record<string, RuleParameter>;
  evaluate(facts: ServiceFacts, params: Record<string, JsonValue>): RuleOutcome;
}

const pass = (
  reason: string,
  facts: Record<string, JsonValue> = {},
): RuleOutcome => ({
  status: 'pass',
  reason,
  facts,
});
const fail = (
  reason: string,
  facts: Record<string, JsonValue> = {},
): RuleOutcome => ({
  status: 'fail',
  reason,
  facts,
});
const unknown = (reason: string): RuleOutcome => ({
  status: 'unknown',
  reason: `unknown: ${reason}`,
  facts: {},
});

/** `1 member`, `0 members`: a count with its noun in the right number. */
const count = (n: number, noun: string): string =>
  `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The owner as people know it: its display name, else its entity name (not its ref). */
const ownerName = (owner: OwnerFacts): string =>
  owner.title ?? owner.ref.slice(owner.ref.indexOf('/') + 1);

/** Runs `then` on the repository facts, or reports why the repository is unknown. */
function withRepository(
  facts: ServiceFacts,
  then: (repository: RepositoryFacts) => RuleOutcome,
): RuleOutcome {
  if (isUnknown(facts.repository)) {
    return unknown(`repository could not be read: ${facts.repository.unknown}`);
  }
  return then(facts.repository);
}

function problemsRule(
  fact: ProblemsFact | UnknownFact | undefined,
  what: string,
  absent: string,
): RuleOutcome {
  if (fact === undefined) return fail(absent);
  if (isUnknown(fact))
    return unknown(`${what} could not be checked: ${fact.unknown}`);
  const facts = { files: fact.files, problems: fact.problems };
  if (fact.problems.length > 0) {
    const more =
      fact.problems.length > 3 ? ` (and ${fact.problems.length - 3} more)` : '';
    return fail(`${fact.problems.slice(0, 3).join('; ')}${more}`, facts);
  }
  const skipped = fact.skipped?.length ? ` (${fact.skipped.join('; ')})` : '';
  return pass(`${what} pass: ${fact.files.join(', ')}${skipped}`, facts);
}

const integer = (
  description: string,
  minimum: number,
  def: number,
): RuleParameter => ({
  type: 'integer',
  description,
  minimum,
  default: def,
});

const RULE_LIST: Rule[] = [
  {
    id: 'owner-is-team',
    description:
      'The owner is a group of type team in the catalog, with members.',
    params: { minMembers: integer('Fewest members the team must have', 1, 1) },
    evaluate(facts, params) {
      if (!facts.catalog.owner) return fail('spec.owner is not set');
      if (isUnknown(facts.owner)) {
        // Name the owner once: most sources' reasons already do.
        const why = facts.owner.unknown;
        return unknown(
          why.includes(facts.catalog.owner)
            ? why
            : `owner '${facts.catalog.owner}': ${why}`,
        );
      }
      const o = facts.owner;
      const f = {
        owner: o.ref,
        kind: o.kind,
        type: o.type ?? null,
        members: o.memberCount,
      };
      const name = ownerName(o);
      const kind = o.kind.toLocaleLowerCase('en-US');
      if (kind !== 'group') {
        const what = kind === 'user' ? 'person' : kind;
        return fail(`owned by ${name}, a ${what}, not a team`, f);
      }
      if (o.type !== undefined && o.type !== 'team') {
        return fail(
          `owned by ${name}, a group of type '${o.type}', not a team`,
          f,
        );
      }
      const min = params.minMembers as number;
      const members = count(o.memberCount, 'member');
      if (o.memberCount < min) {
        return fail(
          `owned by the team ${name}, which has ${members} (at least ${min} needed)`,
          f,
        );
      }
      return pass(`owned by the team ${name} (${members})`, f);
    },
  },
  {
    id: 'system-set',
    description: 'spec.system names the system the service belongs to.',
    params: {},
    evaluate: ({ catalog }) =>
      catalog.system
        ? pass(`part of system '${catalog.system}'`, { system: catalog.system })
        : fail('spec.system is not set'),
  },
  {
    id: 'lifecycle-set',
    description: 'spec.lifecycle is one of the allowed values.',
    params: {
      allowed: {
        type: 'string-list',
        description: 'Allowed lifecycles; any non-empty value when empty',
        default: [],
      },
    },
    evaluate({ catalog }, params) {
      const allowed = params.allowed as string[];
      if (!catalog.lifecycle) return fail('spec.lifecycle is not set');
      const f = { lifecycle: catalog.lifecycle };
      if (allowed.length > 0 && !allowed.includes(catalog.lifecycle)) {
        return fail(
          `lifecycle '${catalog.lifecycle}' is not one of ${allowed.join(
            ', ',
          )}`,
          f,
        );
      }
      return pass(`lifecycle '${catalog.lifecycle}'`, f);
    },
  },
  {
    id: 'api-defined',
    description:
      'The service provides at least one API entity (spec.providesApis).',
    params: {},
    evaluate: ({ catalog }) =>
      catalog.providesApis.length > 0
        ? pass(`provides ${catalog.providesApis.join(', ')}`, {
            apis: catalog.providesApis,
          })
        : fail('spec.providesApis is empty'),
  },
  {
    id: 'on-call-annotation',
    description: `The entity names its on-call: one of ${ON_CALL_ANNOTATIONS.join(
      ', ',
    )}.`,
    params: {},
    evaluate: ({ catalog }) =>
      catalog.onCall
        ? pass(`${catalog.onCall.annotation}: ${catalog.onCall.value}`, {
            annotation: catalog.onCall.annotation,
          })
        : fail(
            `none of the annotations ${ON_CALL_ANNOTATIONS.join(', ')} is set`,
          ),
  },
  {
    id: 'golden-path-template',
    description:
      'The service was generated from a golden-path template and says which.',
    params: {},
    evaluate({ goldenPath }) {
      if (isUnknown(goldenPath)) return unknown(goldenPath.unknown);
      if (!goldenPath.template)
        return fail('no golden-path template recorded (conway.dev/template)');
      const f = {
        template: goldenPath.template,
        version: goldenPath.version ?? null,
      };
      if (!goldenPath.version) {
        return fail(`template '${goldenPath.template}' without a version`, f);
      }
      return pass(`${goldenPath.template} ${goldenPath.version}`, f);
    },
  },
  {
    id: 'golden-path-current',
    description:
      'The service is at most maxVersionsBehind released versions behind its template.',
    params: {
      maxVersionsBehind: integer('Released versions the service may lag', 0, 0),
    },
    evaluate({ goldenPath }, params) {
      if (isUnknown(goldenPath)) return unknown(goldenPath.unknown);
      if (!goldenPath.template || !goldenPath.version) {
        return fail('no golden-path template version recorded');
      }
      if (
        goldenPath.versionsBehind === undefined ||
        !goldenPath.latestVersion
      ) {
        return unknown(
          `the released versions of '${goldenPath.template}' are not known`,
        );
      }
      const max = params.maxVersionsBehind as number;
      const f = {
        version: goldenPath.version,
        latestVersion: goldenPath.latestVersion,
        versionsBehind: goldenPath.versionsBehind,
      };
      return goldenPath.versionsBehind <= max
        ? pass(
            `at ${goldenPath.version}, latest ${goldenPath.latestVersion}`,
            f,
          )
        : fail(
            `at ${goldenPath.version}, ${count(
              goldenPath.versionsBehind,
              'version',
            )} behind ${goldenPath.latestVersion} (at most ${max} allowed)`,
            f,
          );
    },
  },
  {
    id: 'manifests-pass-policy',
    description:
      "The Kubernetes manifests pass the golden path's schema and policy checks.",
    params: {},
    evaluate: facts =>
      withRepository(facts, r =>
        problemsRule(
          r.manifests,
          'manifests',
          'no Kubernetes manifests found (k8s/)',
        ),
      ),
  },
  {
    id: 'pipeline-valid',
    description:
      "A CI pipeline exists and passes the golden path's pipeline checks.",
    params: {},
    evaluate: facts =>
      withRepository(facts, r =>
        problemsRule(
          r.pipeline,
          'pipeline',
          'no CI pipeline found (.github/workflows/*.yaml or .gitlab-ci.yml)',
        ),
      ),
  },
  {
    id: 'tests-present',
    description: 'The repository has at least minFiles test files.',
    params: { minFiles: integer('Fewest test files', 1, 1) },
    evaluate: (facts, params) =>
      withRepository(facts, r => {
        const min = params.minFiles as number;
        const f = { testFileCount: r.testFileCount, examples: r.testFiles };
        return r.testFileCount >= min
          ? pass(count(r.testFileCount, 'test file'), f)
          : fail(
              `${count(
                r.testFileCount,
                'test file',
              )} found, at least ${min} required`,
              f,
            );
      }),
  },
  {
    id: 'lockfile-present',
    description:
      'Dependencies are locked (package-lock.json, yarn.lock, pnpm-lock.yaml...).',
    params: {},
    evaluate: facts =>
      withRepository(facts, r =>
        r.lockfile
          ? pass(`${r.lockfile} present`, { lockfile: r.lockfile })
          : fail('no lockfile found'),
      ),
  },
  {
    id: 'dockerfile-non-root',
    description: "The Dockerfile's final stage runs as a non-root USER.",
    params: {},
    evaluate: facts =>
      withRepository(facts, r => {
        if (!r.dockerfile) return fail('no Dockerfile found');
        const { file, user } = r.dockerfile;
        if (user === null)
          return fail(`${file} sets no USER, so the container runs as root`, {
            file,
          });
        const name = user.split(':')[0];
        if (name === 'root' || name === '0') {
          return fail(`${file} runs as USER ${user}`, { file, user });
        }
        return pass(`${file} runs as USER ${user}`, { file, user });
      }),
  },
  {
    id: 'slo-alerts-present',
    description: "Alert rules for the service's SLOs are in the repository.",
    params: {},
    evaluate: facts =>
      withRepository(facts, r =>
        r.alertFiles.length > 0
          ? pass(`alert rules in ${r.alertFiles.join(', ')}`, {
              files: r.alertFiles,
            })
          : fail(
              'no alert rules found (observability/alerts.yaml or a PrometheusRule in k8s/)',
            ),
      ),
  },
  {
    id: 'slo-dashboard-present',
    description: 'A dashboard for the service is in the repository.',
    params: {},
    evaluate: facts =>
      withRepository(facts, r =>
        r.dashboardFiles.length > 0
          ? pass(`dashboard ${r.dashboardFiles.join(', ')}`, {
              files: r.dashboardFiles,
            })
          : fail('no dashboard found (observability/dashboard.json)'),
      ),
  },
  {
    id: 'no-ownership-findings',
    description:
      'Ownership analysis reports at most maxFindings findings on the service.',
    params: {
      maxFindings: integer('Findings tolerated', 0, 0),
      severities: {
        type: 'string-list',
        description: 'Severities counted; all when empty',
        default: [],
      },
    },
    evaluate({ ownershipFindings }, params) {
      if (isUnknown(ownershipFindings))
        return unknown(ownershipFindings.unknown);
      const severities = params.severities as string[];
      const counted = ownershipFindings.filter(
        f => severities.length === 0 || severities.includes(f.severity),
      );
      const max = params.maxFindings as number;
      const f = {
        findings: counted.map(x => `${x.severity} ${x.type}: ${x.message}`),
      };
      // Name the severities counted, so '0 findings' is not read as 'no finding at all'.
      const what = `${count(counted.length, 'ownership finding')}${
        severities.length > 0 ? ` of severity ${severities.join(' or ')}` : ''
      }`;
      return counted.length <= max
        ? pass(what, f)
        : fail(
            `${what}: ${counted
              .slice(0, 3)
              .map(x => x.message)
              .join('; ')}`,
            f,
          );
    },
  },
  {
    id: 'cluster-matches-catalog',
    description: 'What runs in the clusters matches the catalog.',
    params: {},
    evaluate({ cluster }) {
      if (isUnknown(cluster)) return unknown(cluster.unknown);
      return cluster.matches
        ? pass('workloads match the catalog')
        : fail(
            cluster.differences.join('; ') ||
              'workloads differ from the catalog',
            {
              differences: cluster.differences,
            },
          );
    },
  },
];

/** Every rule a scorecard's checks can use, by id. @public */
export const RULES: ReadonlyMap<string, Rule> = new Map(
  RULE_LIST.map(r => [r.id, r]),
);

/**
 * Checks a check's parameters against its rule and fills in defaults.
 *
 * @returns the parameters, or the first problem as `{ error, key }`
 * @public
 */
export function resolveRuleParams(
  rule: Rule,
  given: Record<string, JsonValue>,
): { params: Record<string, JsonValue> } | { error: string; key?: string } {
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(rule.params, key)) {
      const known = Object.keys(rule.params);
      return {
        key,
        error: `rule '${rule.id}' has no parameter '${key}'${
          known.length ? ` (it has ${known.join(', ')})` : ''
        }`,
      };
    }
  }
  const params: Record<string, JsonValue> = {};
  for (const [key, spec] of Object.entries(rule.params)) {
    const value = Object.prototype.hasOwnProperty.call(given, key)
      ? given[key]
      : spec.default;
    if (spec.type === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return {
          key,
          error: `parameter '${key}' must be an integer, got ${JSON.stringify(
            value,
          )}`,
        };
      }
      if (spec.minimum !== undefined && value < spec.minimum) {
        return {
          key,
          error: `parameter '${key}' must be at least ${spec.minimum}, got ${value}`,
        };
      }
    } else if (
      !Array.isArray(value) ||
      value.some(v => typeof v !== 'string')
    ) {
      return { key, error: `parameter '${key}' must be a list of strings` };
    }
    params[key] = value;
  }
  return { params };
}
