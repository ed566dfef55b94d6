import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  MAX_SERVICES_PAGE,
  type RefreshResponse,
} from '@conway/plugin-scorecards-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  scorecardsReadPermission,
  scorecardsRefreshPermission,
} from './permissions';
import { resultsToCsv } from './services/exportCsv';
import { GuideReader } from './services/GuideReader';
import { FleetEvaluator } from './services/FleetEvaluator';
import { ScorecardService, ServiceFilter } from './services/ScorecardService';

/** A query value given once, repeated, or comma-separated. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform(v =>
    v === undefined
      ? undefined
      : [v]
          .flat()
          .flatMap(s => s.split(','))
          .map(s => s.trim())
          .filter(Boolean),
  );

const token = z
  .string()
  .trim()
  .max(200)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'must be an id');

const filterSchema = z.object({
  team: list,
  department: list,
  level: list.pipe(z.array(token).optional()),
  check: list.pipe(z.array(token).optional()),
  scorecard: token.optional(),
});

const overviewSchema = z.object({ team: z.string().max(300).optional() });
const pageSchema = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SERVICES_PAGE).optional(),
});

const guideSchema = z.object({ path: z.string().trim().min(1).max(300) });

const refreshSchema = z
  .object({ entityRef: z.string().trim().min(1).max(500).optional() })
  .strict();

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      const path = issue.path.join('.');
      return `${path ? `${path}: ` : ''}${issue.message}`;
    })
    .join('; ');
}

function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** `team-a`, `default/team-a` or `group:default/team-a` → `group:default/team-a`. */
function groupRef(value: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind: 'group', defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(`Invalid group ref '${value}'`);
  }
}

function serviceFilter(req: Request): ServiceFilter {
  const q = parse(filterSchema, req.query, 'query');
  return {
    ...(q.team?.length ? { team: q.team.map(groupRef) } : {}),
    ...(q.department?.length ? { department: q.department.map(groupRef) } : {}),
    ...(q.level?.length ? { level: q.level } : {}),
    ...(q.check?.length ? { check: q.check } : {}),
    ...(q.scorecard ? { scorecard: q.scorecard } : {}),
  };
}

function attachment(res: express.Response, type: string, filename: string) {
  res.type(type);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scorecards: ScorecardService;
  evaluator: FleetEvaluator;
  /** The repository's Markdown guides that checks link to as "how to fix". */
  guides: GuideReader;
  /** Starts a fleet run through the scheduler (once across replicas). */
  triggerFleetRun: () => Promise<void>;
}

/** The scorecards HTTP API: stored results only, so no request waits for an evaluation. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, scorecards, evaluator } = options;
  const router = Router();
  router.use(express.json({ limit: '10kb' }));

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission '${permission.name}'`);
    }
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.use(async req => {
    await authorize(req, scorecardsReadPermission);
    return 'next';
  });

  router.get('/overview', async (req, res) => {
    const { team } = parse(overviewSchema, req.query, 'query');
    res.json(await scorecards.overview(team ? { team: groupRef(team) } : {}));
  });

  router.get('/services', async (req, res) => {
    const page = parse(pageSchema, req.query, 'query');
    res.json(await scorecards.services(serviceFilter(req), page));
  });

  router.get('/entity/:kind/:namespace/:name', async (req, res) => {
    const { kind, namespace, name } = req.params;
    res.json(
      await scorecards.entity(stringifyEntityRef({ kind, namespace, name })),
    );
  });

  router.get('/export.csv', async (req, res) => {
    const { items } = await scorecards.allServices(serviceFilter(req));
    attachment(res, 'text/csv; charset=utf-8', 'scorecards.csv');
    res.send(resultsToCsv(items));
  });

  router.get('/export.json', async (req, res) => {
    const services = await scorecards.allServices(serviceFilter(req));
    attachment(res, 'application/json', 'scorecards.json');
    res.send(JSON.stringify(services, null, 2));
  });

  router.get('/guide', async (req, res) => {
    const { path } = parse(guideSchema, req.query, 'query');
    res.json(await options.guides.read(path));
  });

  router.post('/refresh', async (req, res) => {
    await authorize(req, scorecardsRefreshPermission);
    const { entityRef } = parse(refreshSchema, req.body ?? {}, 'refresh request');
    if (!entityRef) {
      await options.triggerFleetRun();
      const response: RefreshResponse = {
        serviceCount: 0,
        skipped: 'A fleet run was scheduled; its results appear when it ends',
      };
      res.status(202).json(response);
      return;
    }
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultKind: 'component', defaultNamespace: 'default' }),
      );
    } catch {
      throw new InputError(`entityRef: '${entityRef}' is not an entity ref`);
    }
    const { run } = await evaluator.evaluateOne(ref);
    const response: RefreshResponse = {
      ...(run ? { runId: run.id, trigger: run.trigger } : {}),
      serviceCount: run?.serviceCount ?? 0,
    };
    res.json(response);
  });

  return router;
}
