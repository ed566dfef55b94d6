#!/usr/bin/env node
// Informational CI check: how many Backstage releases the repository is behind.
// Prints "backstage-release: N releases behind" and always exits 0; it never fails a build.
//
// Where the newest release comes from, first that answers:
//  1. the release manifest (versions.backstage.io, or BACKSTAGE_VERSIONS_BASE_URL as for
//     `backstage-cli versions:bump`): the exact release; N counts the minor releases between.
//  2. the npm registry (the one npm is configured with, through `npm view`): N counts the
//     @backstage/cli versions newer than ours (the CLI ships once in every monthly release),
//     and the @backstage/* dependencies with a newer `latest` are listed.
// See docs/upgrading-backstage.md for the upgrade routine.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// An optional argument names another checkout to check.
const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const TAG = 'backstage-release:';
const log = (...args) => console.log(TAG, ...args);

function parse(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(String(version).trim());
  return m ? m.slice(1, 4).map(Number) : undefined;
}
function compare(a, b) {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
/** The lowest version a range such as ^1.2.3 or ~1.2.3 or 1.2.3 admits. */
function rangeFloor(range) {
  const m = /^[\^~]?(\d+\.\d+\.\d+)$/.exec(String(range).trim());
  return m ? m[1] : undefined;
}

function npmView(args, timeoutMs = 30000) {
  return new Promise(resolve => {
    execFile(
      'npm',
      ['view', ...args, '--json'],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) return resolve(undefined);
        try {
          resolve(JSON.parse(stdout));
        } catch {
          resolve(undefined);
        }
      },
    );
  });
}

let registry;
/** The registry npm is configured with (never a host written here). */
function npmRegistry() {
  registry ??= new Promise(resolve =>
    execFile(
      'npm',
      ['config', 'get', 'registry'],
      { timeout: 15000 },
      (error, stdout) =>
        resolve(error ? undefined : stdout.trim().replace(/\/+$/, '')),
    ),
  );
  return registry;
}

/** A package's versions and dist-tags: the registry's abbreviated metadata, else `npm view`. */
async function packageInfo(name) {
  const base = await npmRegistry();
  if (base) {
    try {
      const res = await fetch(`${base}/${name.replace('/', '%2f')}`, {
        headers: { accept: 'application/vnd.npm.install-v1+json' },
        signal: AbortSignal.timeout(15000),
      });
      if (res.ok) {
        const doc = await res.json();
        return {
          latest: doc['dist-tags']?.latest,
          versions: Object.keys(doc.versions ?? {}),
        };
      }
    } catch {
      // fall back on npm view (which also knows the registry's credentials)
    }
  }
  const doc = await npmView([name, 'dist-tags', 'versions']);
  return doc
    ? { latest: doc['dist-tags']?.latest, versions: doc.versions ?? [] }
    : undefined;
}

async function pool(items, size, fn) {
  const results = [];
  let next = 0;
  const workers = Array.from({ length: size }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Every @backstage/* dependency of the workspace with the lowest version its range admits. */
function backstageDependencies() {
  const files = [path.join(root, 'package.json')];
  for (const dir of ['packages', 'plugins']) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const name of fs.readdirSync(abs)) {
      const file = path.join(abs, name, 'package.json');
      if (fs.existsSync(file)) files.push(file);
    }
  }
  const deps = new Map();
  for (const file of files) {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const type of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries(pkg[type] ?? {})) {
        const floor = rangeFloor(range);
        if (!name.startsWith('@backstage/') || !floor) continue;
        if (!deps.has(name) || compare(floor, deps.get(name)) > 0) {
          deps.set(name, floor);
        }
      }
    }
  }
  return deps;
}

async function fromManifest() {
  const base =
    process.env.BACKSTAGE_VERSIONS_BASE_URL || 'https://versions.backstage.io';
  try {
    const res = await fetch(`${base}/v1/tags/main/manifest.json`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return undefined;
    const manifest = await res.json();
    return parse(manifest.releaseVersion) ? manifest.releaseVersion : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  const ours = JSON.parse(
    fs.readFileSync(path.join(root, 'backstage.json'), 'utf8'),
  ).version;
  if (!parse(ours)) {
    log(`backstage.json has no release version (${ours}); nothing to compare`);
    return;
  }

  const newest = await fromManifest();
  if (newest) {
    const [a, b] = [parse(ours), parse(newest)];
    const behind =
      a[0] === b[0] ? Math.max(0, b[1] - a[1]) : Math.max(0, b[0] - a[0]);
    log(
      `backstage.json: ${ours}; newest release: ${newest} (release manifest)`,
    );
    log(`${behind} release${behind === 1 ? '' : 's'} behind`);
    if (behind > 0)
      log('upgrade with the routine in docs/upgrading-backstage.md');
    return;
  }

  const deps = backstageDependencies();
  const names = [...deps.keys()].sort();
  const infos = await pool(names, 8, packageInfo);
  const latest = infos.map(info => info?.latest);
  if (latest.every(v => v === undefined)) {
    log(
      'the release manifest and the npm registry did not answer; not checked',
    );
    return;
  }
  const outdated = names.filter(
    (name, i) => parse(latest[i]) && compare(latest[i], deps.get(name)) > 0,
  );

  const cli = deps.get('@backstage/cli');
  const cliVersions = infos[names.indexOf('@backstage/cli')]?.versions;
  const newerCli = Array.isArray(cliVersions)
    ? cliVersions.filter(v => parse(v) && compare(v, cli) > 0)
    : [];

  log(
    `backstage.json: ${ours}; release manifest unreachable, compared with the npm registry`,
  );
  log(
    `@backstage/cli ${cli ?? '(not a dependency)'}: ${
      newerCli.length
    } newer release${newerCli.length === 1 ? '' : 's'} on the registry${
      newerCli.length ? ` (${newerCli.join(', ')})` : ''
    }`,
  );
  log(
    `${outdated.length} of ${
      names.length
    } @backstage/* dependencies have a newer version on the registry${
      outdated.length ? ':' : ''
    }`,
  );
  const shown = 10;
  for (const name of outdated.slice(0, shown)) {
    log(`  ${name} ${deps.get(name)} -> ${latest[names.indexOf(name)]}`);
  }
  if (outdated.length > shown) log(`  ... and ${outdated.length - shown} more`);
  const behind = newerCli.length;
  log(`${behind} release${behind === 1 ? '' : 's'} behind`);
  if (behind === 0 && outdated.length > 0) {
    log(
      '(newer packages without a newer CLI: probably a patch release; run versions:bump)',
    );
  }
  if (behind > 0)
    log('upgrade with the routine in docs/upgrading-backstage.md');
}

main()
  .catch(error => log(`not checked: ${error?.message ?? error}`))
  .finally(() => process.exit(0));
