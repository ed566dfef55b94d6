import { healthyFacts } from './__testUtils__/facts';
import { RepositoryFacts, ServiceFacts } from './facts';
import { resolveRuleParams, RULES } from './rules';

function run(ruleId: string, facts = healthyFacts(), given = {}) {
  const rule = RULES.get(ruleId)!;
  const resolved = resolveRuleParams(rule, given);
  if ('error' in resolved) throw new Error(resolved.error);
  return rule.evaluate(facts, resolved.params);
}

const repository = (changes: Partial<RepositoryFacts>) =>
  healthyFacts({
    repository: {
      ...(healthyFacts().repository as RepositoryFacts),
      ...changes,
    },
  });

describe('rules', () => {
  it('passes every rule on a healthy service', () => {
    for (const id of RULES.keys()) {
      expect([id, run(id).status]).toEqual([id, 'pass']);
    }
  });

  it('never passes a repository check on an unreadable repository, and says why', () => {
    const facts = healthyFacts({
      repository: { unknown: "ENOENT: no such directory '/x'" },
    });
    const repositoryRules = [
      'manifests-pass-policy',
      'pipeline-valid',
      'tests-present',
      'lockfile-present',
      'dockerfile-non-root',
      'slo-alerts-present',
      'slo-dashboard-present',
    ];
    for (const id of repositoryRules) {
      expect(run(id, facts)).toMatchObject({
        status: 'unknown',
        reason:
          "unknown: repository could not be read: ENOENT: no such directory '/x'",
      });
    }
  });

  it('fails the Dockerfile running as root or without USER, passes a numeric uid', () => {
    expect(
      run(
        'dockerfile-non-root',
        repository({ dockerfile: { file: 'Dockerfile', user: 'root' } }),
      ).status,
    ).toBe('fail');
    expect(
      run(
        'dockerfile-non-root',
        repository({ dockerfile: { file: 'Dockerfile', user: '0:0' } }),
      ).status,
    ).toBe('fail');
    expect(
      run(
        'dockerfile-non-root',
        repository({ dockerfile: { file: 'Dockerfile', user: null } }),
      ).reason,
    ).toBe('Dockerfile sets no USER, so the container runs as root');
    expect(
      run('dockerfile-non-root', repository({ dockerfile: undefined })).reason,
    ).toBe('no Dockerfile found');
    expect(
      run(
        'dockerfile-non-root',
        repository({ dockerfile: { file: 'Dockerfile', user: '1000' } }),
      ).status,
    ).toBe('pass');
  });

  it('reports policy problems, and unknown when the checker could not run', () => {
    const failing = run(
      'manifests-pass-policy',
      repository({
        manifests: { files: ['k8s'], problems: ['a', 'b', 'c', 'd'] },
      }),
    );
    expect(failing).toMatchObject({
      status: 'fail',
      reason: 'a; b; c (and 1 more)',
    });
    expect(
      run(
        'manifests-pass-policy',
        repository({ manifests: { unknown: 'kustomize failed' } }),
      ).reason,
    ).toBe('unknown: manifests could not be checked: kustomize failed');
    expect(
      run('pipeline-valid', repository({ pipeline: undefined })).status,
    ).toBe('fail');
  });

  it('applies thresholds', () => {
    const behind = healthyFacts({
      goldenPath: {
        template: 't',
        version: '1.0.0',
        latestVersion: '1.2.0',
        versionsBehind: 2,
      },
    });
    expect(
      run('golden-path-current', behind, { maxVersionsBehind: 1 }),
    ).toMatchObject({
      status: 'fail',
      reason: 'at 1.0.0, 2 versions behind 1.2.0 (at most 1 allowed)',
    });
    expect(
      run('golden-path-current', behind, { maxVersionsBehind: 2 }).status,
    ).toBe('pass');
    expect(
      run(
        'golden-path-current',
        healthyFacts({ goldenPath: { template: 't', version: '1.0.0' } }),
      ).status,
    ).toBe('unknown');
    expect(
      run('tests-present', repository({ testFileCount: 1 }), { minFiles: 2 }),
    ).toMatchObject({
      status: 'fail',
      reason: '1 test file found, at least 2 required',
    });
    expect(
      run('lifecycle-set', healthyFacts(), { allowed: ['experimental'] })
        .status,
    ).toBe('fail');
  });

  it('checks the owner is a team with members, naming it, unknown when the owner is not in the catalog', () => {
    const owner = (o: ServiceFacts['owner']) =>
      run('owner-is-team', healthyFacts({ owner: o }));
    // People and teams by their display name, else their entity name; counts in words.
    expect(
      owner({
        ref: 'user:default/olga.petrova',
        title: 'Olga Petrova',
        kind: 'User',
        memberCount: 1,
      }).reason,
    ).toBe('owned by Olga Petrova, a person, not a team');
    expect(
      owner({ ref: 'user:default/jo', kind: 'User', memberCount: 0 }).reason,
    ).toBe('owned by jo, a person, not a team');
    expect(
      owner({
        ref: 'group:default/commerce',
        title: 'Commerce',
        kind: 'Group',
        type: 'department',
        memberCount: 4,
      }).reason,
    ).toBe("owned by Commerce, a group of type 'department', not a team");
    expect(
      owner({
        ref: 'group:default/e2e-no-teams',
        title: 'E2E No Teams',
        kind: 'Group',
        type: 'team',
        memberCount: 0,
      }),
    ).toMatchObject({
      status: 'fail',
      reason:
        'owned by the team E2E No Teams, which has 0 members (at least 1 needed)',
    });
    expect(
      owner({
        ref: 'group:default/team-a',
        title: 'Team A',
        kind: 'Group',
        type: 'team',
        memberCount: 1,
      }),
    ).toMatchObject({
      status: 'pass',
      reason: 'owned by the team Team A (1 member)',
    });
    expect(
      owner({ unknown: "owner 'group:default/team-a' is not in the catalog" }),
    ).toEqual({
      status: 'unknown',
      reason: "unknown: owner 'group:default/team-a' is not in the catalog",
      facts: {},
    });
    expect(owner({ unknown: 'not looked up offline' }).reason).toBe(
      "unknown: owner 'group:default/team-a': not looked up offline",
    );
  });

  it('counts ownership findings of the chosen severities; unknown without a report', () => {
    const facts = healthyFacts({
      ownershipFindings: [
        { type: 'unknown-owner', severity: 'error', message: 'owner missing' },
        { type: 'team-load', severity: 'info', message: 'busy' },
      ],
    });
    expect(run('no-ownership-findings', facts).status).toBe('fail');
    expect(run('no-ownership-findings', facts).reason).toBe(
      '2 ownership findings: owner missing; busy',
    );
    // The reason names the severities counted: '0' is not 'no finding at all'.
    expect(
      run('no-ownership-findings', facts, { severities: ['warning'] }),
    ).toMatchObject({
      status: 'pass',
      reason: '0 ownership findings of severity warning',
    });
    expect(
      run(
        'no-ownership-findings',
        healthyFacts({ ownershipFindings: { unknown: 'no report' } }),
      ).status,
    ).toBe('unknown');
    expect(
      run(
        'cluster-matches-catalog',
        healthyFacts({ cluster: { unknown: 'no cluster data' } }),
      ).status,
    ).toBe('unknown');
  });

  it('refuses bad parameters', () => {
    const rule = RULES.get('tests-present')!;
    expect(resolveRuleParams(rule, { minFiles: -1 })).toEqual({
      key: 'minFiles',
      error: "parameter 'minFiles' must be at least 1, got -1",
    });
    expect(resolveRuleParams(rule, { minFiles: 'many' })).toMatchObject({
      key: 'minFiles',
    });
    expect(resolveRuleParams(rule, { maxFiles: 3 })).toMatchObject({
      key: 'maxFiles',
    });
  });
});
