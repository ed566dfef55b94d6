import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { kubernetesConsistencyReadPermission } from './permissions';
import { ConsistencyService } from './services/ConsistencyService';

const reportQuery = z
  .object({ refresh: z.enum(['true', 'false']).optional() })
  .strict();

const entityParams = z.object({
  kind: z.string().min(1).max(63),
  namespace: z.string().min(1).max(63),
  name: z.string().min(1).max(253),
});

function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  consistency: ConsistencyService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, consistency } = options;
  const router = Router();

  // Liveness only, without cluster or catalog data: open to unauthenticated probes.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.use(async req => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: kubernetesConsistencyReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Missing permission '${kubernetesConsistencyReadPermission.name}'`,
      );
    }
    return 'next';
  });

  router.get('/report', async (req, res) => {
    const { refresh } = parse(reportQuery, req.query, 'query');
    res.json(await consistency.getReport({ refresh: refresh === 'true' }));
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const params = parse(entityParams, req.params, 'entity ref');
    res.json(await consistency.getEntity(stringifyEntityRef(params)));
  });

  return router;
}
