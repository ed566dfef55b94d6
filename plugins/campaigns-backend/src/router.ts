import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  isCalendarDate,
  type ListCampaignsResponse,
} from '@conway/plugin-campaigns-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { CampaignsService } from './services/CampaignsService';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max);
const date = z
  .string()
  .refine(isCalendarDate, 'must be a date written YYYY-MM-DD');
const version = z
  .string()
  .regex(
    /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/,
    'must be a semantic version such as 1.4.0',
  );
const entityRef = z
  .string()
  .regex(
    /^[a-z0-9_-]+:[^/\s]+\/[^\s]+$/i,
    'must be an entity ref such as component:default/orders',
  )
  .max(255);

const targetSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('template-release'),
      template: text(100),
      minVersion: version,
    }),
    z.object({
      type: z.literal('scorecard-check'),
      checkId: text(200),
      checkTitle: text(200).optional(),
      scorecardId: text(200).optional(),
      entityRefs: z.array(entityRef).min(1).max(10_000),
      template: text(100).optional(),
      minVersion: version.optional(),
    }),
  ])
  .superRefine((target, ctx) => {
    // Half an upgrade would silently become a tracked-only campaign.
    if (
      target.type === 'scorecard-check' &&
      Boolean(target.template) !== Boolean(target.minVersion)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [target.template ? 'minVersion' : 'template'],
        message:
          'template and minVersion go together (the upgrade that fixes the check), or neither (a tracked-only campaign)',
      });
    }
  });

const createSchema = z
  .object({
    id: z.string().optional(),
    title: text(200),
    description: z.string().max(5000).optional(),
    target: targetSchema,
    deadline: date,
  })
  .strict();

const updateSchema = z
  .object({
    title: text(200).optional(),
    description: z.string().max(5000).optional(),
    deadline: date.optional(),
  })
  .strict();

const exemptSchema = z
  .object({
    entityRef,
    reason: text(1000),
  })
  .strict();

function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map(issue => `${issue.path.join('.') || what}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${issues}`);
  }
  return result.data;
}

/** The campaigns API under `/api/campaigns`. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  campaigns: CampaignsService;
}): Promise<express.Router> {
  const { httpAuth, campaigns } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/campaigns', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [items, canManage] = await Promise.all([
      campaigns.list(),
      campaigns.canManage(credentials),
    ]);
    const body: ListCampaignsResponse = { items, canManage };
    res.json(body);
  });

  router.post('/campaigns', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(createSchema, req.body, 'campaign');
    res.status(201).json(await campaigns.create(body, credentials));
  });

  router.get('/campaigns/:id', async (req, res) => {
    // Services (dashboards, tests with a static token) read campaigns too.
    const credentials = await httpAuth.credentials(req);
    res.json(await campaigns.get(req.params.id, credentials));
  });

  router.patch('/campaigns/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(updateSchema, req.body, 'campaign change');
    res.json(await campaigns.update(req.params.id, body, credentials));
  });

  router.post('/campaigns/:id/close', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await campaigns.close(req.params.id, credentials));
  });

  router.post('/campaigns/:id/run', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await campaigns.run(req.params.id, credentials);
    res.status(202).json({ status: 'scheduled' });
  });

  router.post('/campaigns/:id/exemptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(exemptSchema, req.body, 'exemption');
    res.json(await campaigns.exempt(req.params.id, body, credentials));
  });

  return router;
}
