import { OwnershipEntity } from './types';

/** @public */
export interface SyntheticOrgOptions {
  /** Total number of entities to generate (exactly). */
  entities: number;
  /** Seed of the pseudo-random generator; the same seed gives the same org. Default 1. */
  seed?: number;
  /** Share of entities with a deliberate mistake (0..1). Default 0.01. */
  mistakeRate?: number;
}

/** mulberry32: small, fast, good enough for test data, identical everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const API_VERSION = 'backstage.io/v1alpha1';

function entity(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
): OwnershipEntity {
  return { apiVersion: API_VERSION, kind, metadata: { name }, spec };
}

/**
 * Generates a deterministic synthetic organisation for benchmarks and load
 * tests, in realistic proportions: about 2.5 % groups (one organisation,
 * departments of ~30 groups, teams, some sub-teams), 20 % users (~8 per team,
 * some in two teams), 0.3 % domains, 5 % systems, 12 % APIs, 15 % resources
 * and the rest components, which depend on resources of their system,
 * sometimes on components of other systems, and consume APIs, mostly of
 * their domain and otherwise of a few popular ones. About
 * `mistakeRate` of the entities carry the mistakes the analysis looks for:
 * user owners, unknown owners, missing owners, dangling references, parts
 * owned by other teams, empty teams, and one group cycle.
 *
 * @public
 */
export function generateSyntheticOrg(
  options: SyntheticOrgOptions,
): OwnershipEntity[] {
  const total = Math.max(0, Math.floor(options.entities));
  const random = prng(options.seed ?? 1);
  const mistakes = options.mistakeRate ?? 0.01;
  const pick = <T>(list: readonly T[]): T =>
    list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;

  const groupCount = Math.max(3, Math.round(total * 0.025));
  const departmentCount = Math.max(1, Math.round(groupCount / 30));
  const cycleGroups = groupCount >= 20 ? 2 : 0;
  const teamCount = Math.max(1, groupCount - 1 - departmentCount - cycleGroups);
  const domainCount = Math.max(1, Math.round(total * 0.003));
  const userCount = Math.round(total * 0.2);
  const systemCount = Math.max(1, Math.round(total * 0.05));
  const apiCount = Math.round(total * 0.12);
  const resourceCount = Math.round(total * 0.15);
  const others =
    1 +
    departmentCount +
    teamCount +
    cycleGroups +
    domainCount +
    userCount +
    systemCount +
    apiCount +
    resourceCount;
  const componentCount = Math.max(0, total - others);

  const out: OwnershipEntity[] = [];
  const org = 'group:default/northwind';
  out.push(
    entity('Group', 'northwind', { type: 'organization', children: [] }),
  );

  const departments: string[] = [];
  for (let d = 0; d < departmentCount; d++) {
    const name = `dept-${d}`;
    departments.push(`group:default/${name}`);
    out.push(
      entity('Group', name, { type: 'department', parent: org, children: [] }),
    );
  }

  // Teams, mostly under a department, some nested under an earlier team of it.
  const teams: string[] = [];
  const teamDepartment: number[] = [];
  const teamsByDepartment: number[][] = departments.map(() => []);
  for (let t = 0; t < teamCount; t++) {
    const d = t < departmentCount ? t : Math.floor(random() * departmentCount);
    const siblings = teamsByDepartment[d];
    const parent =
      siblings.length > 0 && chance(0.1)
        ? teams[pick(siblings)]
        : departments[d];
    const name = `team-${t}`;
    teams.push(`group:default/${name}`);
    teamDepartment.push(d);
    siblings.push(t);
    out.push(entity('Group', name, { type: 'team', parent, children: [] }));
  }
  if (cycleGroups === 2) {
    out.push(
      entity('Group', 'cycle-a', {
        type: 'team',
        parent: 'cycle-b',
        children: [],
      }),
    );
    out.push(
      entity('Group', 'cycle-b', {
        type: 'team',
        parent: 'cycle-a',
        children: [],
      }),
    );
  }

  // Users: every team but the deliberately empty ones gets members.
  const staffed: number[] = [];
  for (let t = 0; t < teamCount; t++) {
    if (t >= departmentCount && chance(mistakes)) continue;
    staffed.push(t);
  }
  if (staffed.length === 0) staffed.push(0);
  for (let u = 0; u < userCount; u++) {
    const first = u < staffed.length ? staffed[u] : pick(staffed);
    const memberOf = [teams[first]];
    if (chance(0.1)) {
      const second = pick(staffed);
      if (second !== first) memberOf.push(teams[second]);
    }
    out.push(entity('User', `user-${u}`, { memberOf }));
  }
  const someUser = () =>
    `user:default/user-${Math.floor(random() * Math.max(1, userCount))}`;

  const domainOwner: number[] = [];
  for (let d = 0; d < domainCount; d++) {
    const dept = d % departmentCount;
    domainOwner.push(dept);
    out.push(entity('Domain', `domain-${d}`, { owner: departments[dept] }));
  }

  // Owners of parts: mostly the system's owner; a mistake may go anywhere.
  let ghost = 0;
  const owner = (usual: string): string | undefined => {
    if (!chance(mistakes)) return usual;
    const r = random();
    if (r < 0.3) return someUser();
    if (r < 0.55) return `group:default/team-ghost-${ghost++}`;
    if (r < 0.7) return undefined;
    return pick(teams);
  };

  const systemTeam: number[] = [];
  for (let s = 0; s < systemCount; s++) {
    const domain = s % domainCount;
    const candidates = teamsByDepartment[domainOwner[domain]];
    const team =
      candidates.length > 0
        ? pick(candidates)
        : Math.floor(random() * teamCount);
    systemTeam.push(team);
    const spec: Record<string, unknown> = {
      type: 'product',
      domain: `domain-${domain}`,
    };
    const o = owner(teams[team]);
    if (o) spec.owner = o;
    out.push(entity('System', `system-${s}`, spec));
  }

  const partOwner = (s: number): string | undefined => {
    const team = systemTeam[s];
    // Now and then a sibling team owns a part: a real, mild misalignment.
    if (chance(0.05)) {
      const siblings = teamsByDepartment[teamDepartment[team]];
      return owner(teams[pick(siblings)]);
    }
    return owner(teams[team]);
  };

  const apisBySystem: number[][] = Array.from(
    { length: systemCount },
    () => [],
  );
  const apiSystem: number[] = [];
  for (let a = 0; a < apiCount; a++) {
    const s = Math.floor(random() * systemCount);
    apisBySystem[s].push(a);
    apiSystem.push(s);
    const spec: Record<string, unknown> = {
      type: 'openapi',
      lifecycle: 'production',
      system: `system-${s}`,
    };
    const o = partOwner(s);
    if (o) spec.owner = o;
    out.push(entity('API', `api-${a}`, spec));
  }

  const resourcesBySystem: number[][] = Array.from(
    { length: systemCount },
    () => [],
  );
  for (let r = 0; r < resourceCount; r++) {
    const s = Math.floor(random() * systemCount);
    resourcesBySystem[s].push(r);
    const spec: Record<string, unknown> = {
      type: 'database',
      system: `system-${s}`,
    };
    const o = partOwner(s);
    if (o) spec.owner = o;
    out.push(entity('Resource', `resource-${r}`, spec));
  }

  // Dependencies are not uniform: mostly within the domain, and across domains
  // towards a few popular APIs and services (identity, payments, ...).
  const popular = (n: number) => Math.floor(n * random() ** 3);
  const systemInDomainOf = (s: number) => {
    const d = s % domainCount;
    const inDomain = Math.ceil((systemCount - d) / domainCount);
    return d + Math.floor(random() * inDomain) * domainCount;
  };

  const componentSpecs: Array<Record<string, unknown>> = [];
  const componentsBySystem: number[][] = Array.from(
    { length: systemCount },
    () => [],
  );
  for (let c = 0; c < componentCount; c++) {
    const s = Math.floor(random() * systemCount);
    componentsBySystem[s].push(c);
    const spec: Record<string, unknown> = {
      type: 'service',
      lifecycle: 'production',
      system: `system-${s}`,
    };
    const o = partOwner(s);
    if (o) spec.owner = o;
    const dependsOn: string[] = [];
    const resources = resourcesBySystem[s];
    if (resources.length > 0) {
      dependsOn.push(`resource:resource-${pick(resources)}`);
      if (chance(0.3)) dependsOn.push(`resource:resource-${pick(resources)}`);
    }
    if (c > 0 && chance(0.1)) {
      const near = componentsBySystem[systemInDomainOf(s)];
      let target = near.length > 0 && chance(0.7) ? pick(near) : popular(c);
      if (target === c) target = popular(c);
      dependsOn.push(`component:component-${target}`);
    }
    if (chance(mistakes)) dependsOn.push(`component:missing-${c}`);
    if (dependsOn.length > 0) spec.dependsOn = [...new Set(dependsOn)];
    if (apiCount > 0) {
      const consumes = new Set<string>();
      const n = Math.floor(random() * 4);
      for (let i = 0; i < n; i++) {
        const near = apisBySystem[systemInDomainOf(s)];
        const a =
          near.length > 0 && chance(0.6) ? pick(near) : popular(apiCount);
        consumes.add(`api-${a}`);
      }
      if (consumes.size > 0) spec.consumesApis = [...consumes];
    }
    componentSpecs.push(spec);
    out.push(entity('Component', `component-${c}`, spec));
  }
  // Each API is provided by a component of its system, when there is one.
  for (let a = 0; a < apiCount; a++) {
    const candidates = componentsBySystem[apiSystem[a]];
    if (candidates.length === 0) continue;
    const spec = componentSpecs[pick(candidates)];
    const provides = (spec.providesApis as string[] | undefined) ?? [];
    provides.push(`api-${a}`);
    spec.providesApis = provides;
  }
  return out.length > total ? out.slice(0, total) : out;
}
