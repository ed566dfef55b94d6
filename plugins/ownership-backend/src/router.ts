import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FINDING_TYPES,
  InvalidChangeError,
  parseRef,
  ProposedChange,
  stringifyRef,
} from '@conway/plugin-ownership-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ownershipReportReadPermission } from './permissions';
import { OwnershipService } from './services/OwnershipService';
import { addHistoryRoutes, HistoryRouteOptions } from './historyRoutes';
import type { FindingFilter } from '@conway/plugin-ownership-common';

/** At most this many changes in one what-if request: each one re-runs the analysis. */
const MAX_CHANGES = 20;

const ref = z.string().trim().min(1, 'must not be empty').max(500);

const changeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('transfer'), entityRef: ref, toOwnerRef: ref }),
  z.object({
    type: z.literal('reparent'),
    groupRef: ref,
    newParentRef: ref.nullable(),
  }),
  z.object({ type: z.literal('merge'), fromGroupRef: ref, intoGroupRef: ref }),
  z.object({
    type: z.literal('moveToSystem'),
    entityRef: ref,
    toSystemRef: ref,
  }),
  z.object({ type: z.literal('addDependency'), fromRef: ref, toRef: ref }),
  z.object({ type: z.literal('removeDependency'), fromRef: ref, toRef: ref }),
]);

const whatIfSchema = z.object({
  changes: z.array(changeSchema).min(1).max(MAX_CHANGES),
});

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

const findingQuerySchema = z.object({
  severity: list.pipe(z.array(z.enum(['error', 'warning', 'info'])).optional()),
  type: list.pipe(z.array(z.enum(FINDING_TYPES)).optional()),
  team: list,
});

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

function findingFilter(req: Request): FindingFilter {
  const q = parse(findingQuerySchema, req.query, 'query');
  return {
    ...(q.severity?.length ? { severity: q.severity } : {}),
    ...(q.type?.length ? { type: q.type } : {}),
    ...(q.team?.length ? { team: q.team.map(teamRef) } : {}),
  };
}

/** `team-a`, `default/team-a` or `group:default/team-a` → `group:default/team-a`. */
function teamRef(value: string): string {
  const parsed = parseRef(value, { defaultKind: 'group' });
  if (!parsed) {
    throw new InputError(`Invalid team ref '${value}'`);
  }
  return stringifyRef(parsed);
}

function attachment(res: express.Response, type: string, filename: string) {
  res.type(type);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  ownership: OwnershipService;
  /** Actual ownership from git history; without it the history routes are absent. */
  history?: HistoryRouteOptions;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, ownership } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  // Liveness only, without organisation data: open to unauthenticated probes.
  router.get('/health', (_req, res) => {
    res.json(ownership.health());
  });

  router.use(async req => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: ownershipReportReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Missing permission '${ownershipReportReadPermission.name}'`,
      );
    }
    return 'next';
  });

  router.get('/report', async (_req, res) => {
    res.json(await ownership.getReport());
  });

  router.get('/summary', async (_req, res) => {
    res.json(await ownership.getSummary());
  });

  router.get('/teams/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params;
    res.json(
      await ownership.getTeam(stringifyRef({ kind: 'group', namespace, name })),
    );
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const { kind, namespace, name } = req.params;
    res.json(
      await ownership.getEntity(stringifyRef({ kind, namespace, name })),
    );
  });

  router.get('/findings', async (req, res) => {
    res.json(await ownership.getFindings(findingFilter(req)));
  });

  router.get('/export.csv', async (req, res) => {
    const csv = await ownership.exportCsv(findingFilter(req));
    attachment(res, 'text/csv; charset=utf-8', 'ownership-findings.csv');
    res.send(csv);
  });

  router.get('/owners.csv', async (_req, res) => {
    const csv = await ownership.exportOwnersCsv();
    attachment(res, 'text/csv; charset=utf-8', 'ownership-who-owns-what.csv');
    res.send(csv);
  });

  router.get('/export.json', async (_req, res) => {
    const report = await ownership.getReport();
    attachment(res, 'application/json', 'ownership-report.json');
    res.send(JSON.stringify(report, null, 2));
  });

  router.post('/what-if', async (req, res) => {
    const { changes } = parse(whatIfSchema, req.body, 'what-if request');
    try {
      res.json(await ownership.whatIf(changes as ProposedChange[]));
    } catch (error) {
      if (error instanceof InvalidChangeError) {
        throw new InputError(error.message);
      }
      throw error;
    }
  });

  router.post('/refresh', async (_req, res) => {
    res.json(await ownership.refresh());
  });

  if (options.history) {
    addHistoryRoutes(router, options.history);
  }

  return router;
}
