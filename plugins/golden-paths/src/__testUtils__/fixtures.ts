import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
} from '@backstage/plugin-catalog-react';
import {
  GoldenPathDetails,
  GoldenPathService,
  UpgradeOutcome,
} from '@conway/plugin-golden-paths-common';
import { GoldenPathsApi } from '../api/GoldenPathsApi';

/** A service on 1.0.0 of a golden path whose current version is 1.1.0. */
export function behindService(
  overrides: Partial<GoldenPathService> = {},
): GoldenPathService {
  return {
    entityRef: 'component:default/orders-api',
    title: 'orders-api',
    owner: 'group:default/team-checkout',
    system: 'system:default/checkout',
    version: '1.0.0',
    newerVersions: ['1.1.0'],
    behind: true,
    repository: { type: 'local', location: '/data/repositories/orders-api' },
    drift: { modified: ['src/app.ts', 'README.md'], deleted: ['k8s/hpa.yaml'] },
    lastUpgrade: {
      commit: '0123456789abcdef0123456789abcdef01234567',
      date: '2026-11-01T10:00:00Z',
      subject: 'Initial commit from the Conway golden path',
    },
    upgradeable: true,
    ...overrides,
  };
}

/** typescript-service with three services: one behind, one current, one on GitHub. */
export function exampleGoldenPath(): GoldenPathDetails {
  return {
    name: 'typescript-service',
    entityRef: 'template:default/typescript-service',
    title: 'TypeScript service (Fastify)',
    description: 'A production-ready HTTP service.',
    owner: 'group:default/team-sre',
    currentVersion: '1.1.0',
    versions: [
      {
        version: '1.1.0',
        date: '2026-11-20',
        changes: [
          'Readiness probe checks the database pool',
          'Probes on `/readyz` and `/healthz` time out after **2 s**',
        ],
        serviceCount: 1,
      },
      {
        version: '1.0.0',
        date: '2026-10-01',
        changes: ['First release.'],
        serviceCount: 2,
      },
    ],
    serviceCount: 3,
    behindCount: 2,
    services: [
      behindService(),
      behindService({
        entityRef: 'component:default/billing-api',
        title: 'billing-api',
        owner: 'group:default/team-payments',
        version: '1.1.0',
        newerVersions: [],
        behind: false,
        drift: { modified: [], deleted: [] },
        repository: {
          type: 'local',
          location: '/data/repositories/billing-api',
        },
      }),
      behindService({
        entityRef: 'component:default/tracking-api',
        title: 'tracking-api',
        owner: 'group:default/team-logistics',
        repository: {
          type: 'github',
          location: 'https://github.com/northwind/tracking-api',
        },
        drift: undefined,
        driftError: 'Repository not reachable: no GitHub integration',
        upgradeable: false,
        reason: 'GitHub repositories are upgraded by a pull request',
      }),
    ],
  };
}

/** What a dry run (or a commit with `committed`) of orders-api returns. */
export function exampleOutcome(
  overrides: Partial<UpgradeOutcome> = {},
): UpgradeOutcome {
  return {
    entityRef: 'component:default/orders-api',
    fromVersion: '1.0.0',
    toVersion: '1.1.0',
    status: 'dry-run',
    changes: [
      { path: 'src/db.ts', action: 'added' },
      { path: 'src/app.ts', action: 'merged' },
      { path: 'README.md', action: 'conflict' },
    ],
    conflicts: [
      { path: 'README.md', kind: 'content', message: 'both changed line 3' },
    ],
    ...overrides,
  };
}

/** A jest mock of the golden-paths API (unit tests only; the browser test uses the real backend). */
export function mockGoldenPathsApi(
  overrides: Partial<GoldenPathsApi> = {},
): jest.Mocked<GoldenPathsApi> {
  return {
    listGoldenPaths: jest.fn().mockResolvedValue({
      items: [
        (({ services: _services, ...summary }) => summary)(exampleGoldenPath()),
      ],
    }),
    getGoldenPath: jest.fn().mockResolvedValue(exampleGoldenPath()),
    upgradeService: jest.fn(),
    upgradeFleet: jest.fn(),
    ...overrides,
  } as jest.Mocked<GoldenPathsApi>;
}

/**
 * Display names of the owners in {@link exampleGoldenPath}: in another order
 * than their refs, so that sorting by name shows.
 */
export const OWNER_TITLES: Record<string, string> = {
  'group:default/team-checkout': 'Checkout',
  'group:default/team-payments': 'Payments',
  'group:default/team-logistics': 'Shipping',
};

/** An entity presentation API that knows the display names of {@link OWNER_TITLES}. */
export function mockEntityPresentationApi(
  titles: Record<string, string> = OWNER_TITLES,
): EntityPresentationApi {
  return {
    forEntity(entityOrRef, context) {
      const fallback = defaultEntityPresentation(entityOrRef, context);
      const ref =
        typeof entityOrRef === 'string'
          ? entityOrRef
          : stringifyEntityRef(entityOrRef);
      const snapshot = {
        ...fallback,
        primaryTitle: titles[ref] ?? fallback.primaryTitle,
      };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

/** A `ResponseError`-shaped rejection as the client produces it for a backend error. */
export async function backendError(
  status: number,
  name: string,
  message: string,
): Promise<Error> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}
