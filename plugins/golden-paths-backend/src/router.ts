import {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  goldenPathsFleetUpgradePermission,
  goldenPathsReadPermission,
  goldenPathsUpgradePermission,
} from '@conway/plugin-golden-paths-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GoldenPathsService } from './services/GoldenPathsService';
import { NameAvailabilityService } from './services/NameAvailabilityService';
import { OwnerChoicesService } from './services/OwnerChoicesService';

const version = z
  .string()
  .trim()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, {
    message: 'must be a semantic version such as 1.1.0',
  });

const upgradeSchema = z
  .object({
    entityRef: z.string().trim().min(1, 'must not be empty').max(500),
    targetVersion: version.optional(),
    answers: z.record(z.unknown()).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

const fleetUpgradeSchema = z
  .object({
    targetVersion: version.optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

const templateName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, {
  message: 'must be a template name',
});

const nameCheckSchema = z
  .object({
    field: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
        message: 'must be a parameter name',
      })
      .default('name'),
    value: z.string().max(1000, 'must be at most 1000 characters'),
  })
  .strict();

function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(issue => {
          const field = issue.path.join('.');
          return `${field ? `${field}: ` : ''}${issue.message}`;
        })
        .join('; ')}`,
    );
  }
  return result.data;
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  goldenPaths: GoldenPathsService;
  names: NameAvailabilityService;
  owners: OwnerChoicesService;
}

/** The `/api/golden-paths` routes of `@conway/plugin-golden-paths-common`'s apiTypes. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, goldenPaths, names, owners } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  const authorized = async (
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission '${permission.name}'`);
    }
    return credentials;
  };

  router.get('/templates', async (req, res) => {
    const credentials = await authorized(req, goldenPathsReadPermission);
    res.json(await goldenPaths.listTemplates(credentials));
  });

  router.get('/templates/:name', async (req, res) => {
    const credentials = await authorized(req, goldenPathsReadPermission);
    const name = parse(templateName, req.params.name, 'template name');
    res.json(await goldenPaths.getTemplate(name, credentials));
  });

  // For a golden path's form: is the name typed so far usable, and if not, why.
  router.get('/templates/:name/name-availability', async (req, res) => {
    const credentials = await authorized(req, goldenPathsReadPermission);
    const template = parse(templateName, req.params.name, 'template name');
    const query = parse(nameCheckSchema, req.query, 'name check');
    res.json(await names.check({ template, ...query }, credentials));
  });

  // For a golden path's form: the owners the signed-in user may pick.
  router.get('/owners', async (req, res) => {
    const credentials = await authorized(req, goldenPathsReadPermission);
    const principal = credentials.principal as Partial<BackstageUserPrincipal>;
    const userEntityRef =
      principal.type === 'user' ? principal.userEntityRef : undefined;
    res.json(await owners.choicesFor(userEntityRef, credentials));
  });

  router.post('/upgrades', async (req, res) => {
    const credentials = await authorized(req, goldenPathsUpgradePermission);
    const body = parse(upgradeSchema, req.body, 'upgrade request');
    res.json(await goldenPaths.upgrade(body, credentials));
  });

  router.post('/templates/:name/upgrades', async (req, res) => {
    const credentials = await authorized(
      req,
      goldenPathsFleetUpgradePermission,
    );
    const name = parse(templateName, req.params.name, 'template name');
    const body = parse(
      fleetUpgradeSchema,
      req.body ?? {},
      'fleet upgrade request',
    );
    res.json(await goldenPaths.upgradeFleet(name, body, credentials));
  });

  return router;
}
