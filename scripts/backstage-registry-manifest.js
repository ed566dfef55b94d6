#!/usr/bin/env node
// Writes a Backstage release manifest ({ releaseVersion, packages: [{ name, version }] })
// built from the npm registry's `latest` dist-tags of every @backstage/* package this
// repository depends on. `backstage-cli versions:bump` reads its manifest from
// versions.backstage.io (or GitHub); where that host is unreachable, feed it this file:
//
//   node scripts/backstage-registry-manifest.js 1.57.0 > /tmp/manifest.json
//   BACKSTAGE_MANIFEST_FILE=/tmp/manifest.json yarn backstage-cli versions:bump
//
// The release version (first argument) is not on the registry as such: take it from the
// release notes / changelogs (see docs/upgrading-backstage.md). The registry used is the
// one npm is configured with (`npm view`); no host is named here.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const releaseVersion = process.argv[2];
if (!releaseVersion || !/^\d+\.\d+\.\d+/.test(releaseVersion)) {
  console.error(
    'usage: backstage-registry-manifest.js <release version, e.g. 1.57.0>',
  );
  process.exit(2);
}

function workspacePackageJsons() {
  const files = [path.join(root, 'package.json')];
  for (const dir of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(root, dir))) {
      const file = path.join(root, dir, name, 'package.json');
      if (fs.existsSync(file)) files.push(file);
    }
  }
  return files;
}

const names = new Set();
for (const file of workspacePackageJsons()) {
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const type of [
    'dependencies',
    'devDependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const name of Object.keys(pkg[type] ?? {})) {
      if (name.startsWith('@backstage/')) names.add(name);
    }
  }
}

const packages = [];
for (const name of [...names].sort()) {
  const version = execFileSync('npm', ['view', `${name}@latest`, 'version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  packages.push({ name, version });
  console.error(`${name} ${version}`);
}
process.stdout.write(
  `${JSON.stringify({ releaseVersion, packages }, null, 2)}\n`,
);
