import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import { loadExampleOrg } from '@conway/plugin-ownership-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { ScorecardDefinitions, ScorecardEngine, ServiceFacts } from '../services/engine';
import { FleetEvaluator } from '../services/FleetEvaluator';
import { ScorecardStore } from '../services/ScorecardStore';
import type {
  ScorecardOutcome,
  ServiceCheckOutcome,
} from '@conway/plugin-scorecards-common';

/** An in-memory SQLite database as the plugin's database service. */
export function sqliteDatabase(): { database: DatabaseService; knex: Knex } {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  return { knex, database: { getClient: async () => knex } };
}

const LEVELS = [
  { id: 'bronze', title: 'Bronze' },
  { id: 'silver', title: 'Silver' },
];

/**
 * A stand-in for the scorecards library with one scorecard whose checks read
 * the facts directly: owner known, system set (bronze), repository readable
 * (silver). `definitionsVersion` changes the hash; `failLoad` makes the next
 * load throw like an invalid YAML file.
 */
export class FakeEngine implements ScorecardEngine {
  definitionsVersion = 1;
  failLoad: string | undefined;
  evaluated: string[] = [];

  async load(): Promise<ScorecardDefinitions> {
    if (this.failLoad) throw new Error(this.failLoad);
    return {
      hash: `v${this.definitionsVersion}`,
      errors: [],
      scorecards: [{ id: 'production-readiness', title: 'Production readiness' }],
    };
  }

  async evaluate(
    _definitions: ScorecardDefinitions,
    facts: ServiceFacts,
  ): Promise<ScorecardOutcome[]> {
    this.evaluated.push(facts.entity.metadata.name);
    const check = (
      id: string,
      level: string,
      severity: ServiceCheckOutcome['severity'],
      status: ServiceCheckOutcome['status'],
      reason?: string,
    ): ServiceCheckOutcome => ({
      checkId: id,
      title: id.replace(/-/g, ' '),
      description: `Checks ${id}`,
      severity,
      level,
      required: severity !== 'medium',
      status,
      ...(reason ? { reason } : {}),
      howToFix: `https://docs.example/scorecards/${id}`,
    });
    const checks = [
      check('owner-known', 'bronze', 'high', facts.owner ? 'pass' : 'fail'),
      check('system-set', 'bronze', 'medium', facts.entity.spec?.system ? 'pass' : 'fail'),
      'unknown' in facts.repository
        ? check('repository-readable', 'silver', 'critical', 'unknown', facts.repository.unknown)
        : check('repository-readable', 'silver', 'critical', 'pass'),
    ];
    const passes = (level: string) =>
      checks.filter(c => c.level === level).every(c => c.status === 'pass');
    let level: string | null = null;
    for (const l of LEVELS) {
      if (!passes(l.id)) break;
      level = l.id;
    }
    return [
      {
        id: 'production-readiness',
        title: 'Production readiness',
        levels: LEVELS,
        level,
        checks,
      },
    ];
  }
}

/** What {@link createFixture} returns. */
export interface Fixture {
  store: ScorecardStore;
  engine: FakeEngine;
  logger: LoggerService & { error: jest.Mock };
  evaluator: FleetEvaluator;
  entities(): Entity[];
  setEntities(next: Entity[]): void;
}

/** The example org with a mutable catalog, an engine and an evaluator over a store. */
export async function createFixture(
  options: { database?: DatabaseService; repositoriesDir?: string } = {},
): Promise<Fixture> {
  let entities: Entity[] = loadExampleOrg();
  let client = catalogServiceMock({ entities });
  const catalog = catalogServiceMock.mock({
    queryEntities: jest.fn((req, opts) => client.queryEntities(req, opts)),
    getEntityByRef: jest.fn((ref, opts) => client.getEntityByRef(ref, opts)),
  });
  const database = options.database ?? sqliteDatabase().database;
  const store = await ScorecardStore.create({ database });
  const engine = new FakeEngine();
  const logger = mockServices.logger.mock();
  const evaluator = FleetEvaluator.create({
    engine,
    store,
    catalog,
    auth: mockServices.auth(),
    logger,
    repositories: new LocalRepositories(options.repositoriesDir),
  });
  return {
    store,
    engine,
    logger: logger as unknown as LoggerService & { error: jest.Mock },
    evaluator,
    entities: () => entities,
    setEntities(next: Entity[]) {
      entities = next;
      client = catalogServiceMock({ entities });
    },
  };
}
