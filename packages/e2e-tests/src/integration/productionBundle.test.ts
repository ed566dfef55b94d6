/*
 * The production bundle the container image runs (packages/backend/Dockerfile):
 * `yarn build:backend`, then the BUILT backend (packages/backend/dist, not
 * src) started the way the image starts it, with NODE_ENV=production on
 * PostgreSQL. The image build itself needs a Docker engine and is not run here.
 *
 * What differs from the image: node_modules. The image installs production
 * dependencies from dist/skeleton.tar.gz (`yarn workspaces focus --production`,
 * which compiles native addons for minutes); here the unpacked bundle links the
 * repository's installed packages, with every workspace package replaced by
 * its built copy from the bundle, so no workspace source can be loaded.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  freePort,
  makeTempDir,
  repoRoot,
  sleep,
  TEST_TOKEN,
  waitFor,
} from '../lib/backend';
import { dropDatabases, pgSettings, postgresReachable } from '../lib/postgres';

jest.setTimeout(600_000);

const prefix = `conway_bundle_${process.pid}_`;
const yarnRelease = () => {
  const releases = path.join(repoRoot, '.yarn/releases');
  return path.join(
    releases,
    fs.readdirSync(releases).find(f => /^yarn-.*\.cjs$/.test(f))!,
  );
};

/**
 * Unpacks the bundle like the Dockerfile and links node_modules: third-party
 * packages from the repository, workspace packages from the bundle.
 */
function unpackBundle(dir: string) {
  const dist = path.join(repoRoot, 'packages/backend/dist');
  execFileSync('tar', ['xzf', path.join(dist, 'bundle.tar.gz'), '-C', dir]);
  const bundled = new Map<string, string>();
  for (const group of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(dir, group))) {
      const pkgDir = path.join(dir, group, name);
      bundled.set(
        JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
          .name,
        pkgDir,
      );
      // Packages that needed their own version of a dependency keep it.
      const nested = path.join(repoRoot, group, name, 'node_modules');
      if (fs.existsSync(nested))
        fs.symlinkSync(nested, path.join(pkgDir, 'node_modules'));
    }
  }
  const repoModules = path.join(repoRoot, 'node_modules');
  const modules = path.join(dir, 'node_modules');
  const isWorkspaceLink = (p: string) => {
    const real = fs.realpathSync(p);
    return (
      real.startsWith(path.join(repoRoot, 'packages')) ||
      real.startsWith(path.join(repoRoot, 'plugins'))
    );
  };
  const link = (name: string) => {
    const source = path.join(repoModules, name);
    const target = path.join(modules, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (bundled.has(name)) fs.symlinkSync(bundled.get(name)!, target);
    else if (!isWorkspaceLink(source)) fs.symlinkSync(source, target);
  };
  for (const entry of fs.readdirSync(repoModules)) {
    if (entry === '.bin') continue;
    if (entry.startsWith('@')) {
      for (const scoped of fs.readdirSync(path.join(repoModules, entry)))
        link(`${entry}/${scoped}`);
    } else {
      link(entry);
    }
  }
  for (const file of [
    'app-config.yaml',
    'app-config.production.yaml',
    'catalog-info.yaml',
  ]) {
    fs.copyFileSync(path.join(repoRoot, file), path.join(dir, file));
  }
  fs.cpSync(path.join(repoRoot, 'org'), path.join(dir, 'org'), {
    recursive: true,
  });
  fs.cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), {
    recursive: true,
  });
}

describe('the production bundle (what the container image runs)', () => {
  let reachable = false;
  let url = '';
  let logFile = '';
  let child: ReturnType<typeof spawn> | undefined;
  let exited = false;
  const dir = makeTempDir('bundle');

  beforeAll(async () => {
    reachable = await postgresReachable();
    if (!reachable) {
      // eslint-disable-next-line no-console
      console.warn(
        `SKIPPED: no PostgreSQL at ${pgSettings.host}:${pgSettings.port}. Start one (or set POSTGRES_HOST/PORT/USER/PASSWORD) to run this test; CI always runs it.`,
      );
      return;
    }
    // The Dockerfile's build stage runs the same command.
    const buildLog = fs.openSync(path.join(dir, 'build.log'), 'a');
    execFileSync(process.execPath, [yarnRelease(), 'build:backend'], {
      cwd: repoRoot,
      // Not jest's NODE_ENV=test: the frontend bundler picks its browserslist by NODE_ENV.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', buildLog, buildLog],
      timeout: 480_000,
    });
    unpackBundle(dir);

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const testConfig = path.join(dir, 'app-config.test.yaml');
    fs.writeFileSync(
      testConfig,
      JSON.stringify({
        backend: { listen: { port, host: '127.0.0.1' }, database: { prefix } },
        conway: {
          localRepositories: { directory: path.join(dir, 'data/repositories') },
        },
      }),
    );
    logFile = path.join(dir, 'backend.log');
    const log = fs.openSync(logFile, 'a');
    // As the image's CMD: working directory packages/backend, `node .`, production config.
    child = spawn(
      process.execPath,
      [
        '.',
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
        '--config',
        testConfig,
      ],
      {
        cwd: path.join(dir, 'packages/backend'),
        stdio: ['ignore', log, log],
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? dir,
          NODE_ENV: 'production',
          POSTGRES_HOST: pgSettings.host,
          POSTGRES_PORT: String(pgSettings.port),
          POSTGRES_USER: pgSettings.user,
          POSTGRES_PASSWORD: pgSettings.password,
          APP_BASE_URL: url,
          BACKEND_BASE_URL: url,
          BACKEND_EXTERNAL_ACCESS_TOKEN: TEST_TOKEN,
          AUTH_GITHUB_CLIENT_ID: 'bundle-test-client-id',
          AUTH_GITHUB_CLIENT_SECRET: 'bundle-test-client-secret',
        },
      },
    );
    child.on('exit', () => {
      exited = true;
    });
    await waitFor(
      'the built backend to serve the catalog',
      async () => {
        if (exited)
          throw new Error(
            `backend exited:\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`,
          );
        const res = await fetch(`${url}/api/catalog/entities?limit=1`, {
          headers: { authorization: `Bearer ${TEST_TOKEN}` },
        }).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      180_000,
    );
  });

  afterAll(async () => {
    if (child && !exited) {
      const done = new Promise(resolve => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([done, sleep(15_000)]);
      if (!exited) child.kill('SIGKILL');
    }
    if (reachable) await dropDatabases(prefix);
  });

  it('runs the built code, not the sources', () => {
    if (!reachable) return;
    expect(
      fs.existsSync(path.join(dir, 'packages/backend/dist/index.cjs.js')),
    ).toBe(true);
    expect(fs.existsSync(path.join(dir, 'packages/backend/src'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'plugins/ownership-backend/src'))).toBe(
      false,
    );
    expect(fs.existsSync(path.join(dir, 'packages/app/dist/index.html'))).toBe(
      true,
    );
  });

  it('serves the built frontend on / with the production config injected', async () => {
    if (!reachable) return;
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    // The frontend reads its config from here: production signs in with GitHub only.
    const injected =
      /<script type="backstage.io\/config">([\s\S]*?)<\/script>/.exec(
        html,
      )?.[1];
    expect(injected).toBeDefined();
    const signIn = JSON.parse(injected!)
      .map((c: any) => c.data?.app?.signIn?.providers)
      .filter(Boolean)
      .pop();
    expect(signIn).toEqual(['github']);
    // A deep link gets the same page, so the frontend's router can take over.
    expect(
      (await fetch(`${url}/catalog/default/component/conway`)).status,
    ).toBe(200);
  });

  it('refuses unauthenticated API requests, serves authenticated ones', async () => {
    if (!reachable) return;
    expect((await fetch(`${url}/api/catalog/entities?limit=1`)).status).toBe(
      401,
    );
    expect(
      (
        await fetch(`${url}/api/catalog/entities?limit=1`, {
          headers: { authorization: 'Bearer forged' },
        })
      ).status,
    ).toBe(401);
    const entities = await (
      await fetch(`${url}/api/catalog/entities?limit=1`, {
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      })
    ).json();
    expect(Array.isArray(entities)).toBe(true);
  });

  it('loads neither the guest nor the test-double sign-in', async () => {
    if (!reachable) return;
    for (const provider of ['guest', 'test-double']) {
      const res = await fetch(`${url}/api/auth/${provider}/refresh`, {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      expect({ provider, ok: res.ok }).toEqual({ provider, ok: false });
    }
  });

  it('answers the health endpoints the Kubernetes probes use', async () => {
    if (!reachable) return;
    for (const probe of ['readiness', 'liveness']) {
      const res = await fetch(`${url}/.backstage/health/v1/${probe}`);
      expect({ probe, status: res.status }).toEqual({ probe, status: 200 });
    }
  });
});
