#!/usr/bin/env node
/*
 * CI check of the API reports: runs `backstage-repo-tools api-reports --ci` and, when it reports
 * a changed report, compares what it generated (node_modules/.cache/api-extractor/<package>/)
 * with the committed report.api.md. Differences only in the order of a union's members are not
 * API changes: TypeScript prints inferred unions in an order that depends on how the program was
 * built (microsoft/rushstack#1958), and that order differs between machines for the same tree.
 * Any other difference fails the step. Fix: `yarn build:api-reports`, then commit the reports.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = spawnSync('yarn', ['build:api-reports:only', '--ci'], { cwd: root, stdio: 'inherit' });
if (run.status === 0) process.exit(0);

const MEMBER = String.raw`(?:'[^']*'|"[^"]*"|[\w.]+(?:\[\])?)`;
const UNION = new RegExp(`${MEMBER}(?: \\| ${MEMBER})+`, 'g');
const normalize = text =>
  text.replace(UNION, union => union.split(' | ').sort().join(' | '));

const cache = path.join(root, 'node_modules/.cache/api-extractor');
const real = [];
let compared = 0;
for (const parent of ['packages', 'plugins']) {
  for (const dir of fs.readdirSync(path.join(root, parent))) {
    const pkgDir = path.join(root, parent, dir);
    const pkgFile = path.join(pkgDir, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const name = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).name.replace(/^@[^/]+\//, '');
    const generatedMain = path.join(cache, name, 'report.api.md');
    if (fs.existsSync(generatedMain) && !fs.existsSync(path.join(pkgDir, 'report.api.md'))) {
      real.push(`${parent}/${dir}/report.api.md (missing)`);
    }
    for (const report of fs.readdirSync(pkgDir).filter(f => /^report.*\.api\.md$/.test(f))) {
      const generated = path.join(cache, name, report);
      if (!fs.existsSync(generated)) continue;
      compared++;
      const committed = fs.readFileSync(path.join(pkgDir, report), 'utf8');
      const fresh = fs.readFileSync(generated, 'utf8');
      if (committed === fresh) continue;
      if (normalize(committed) === normalize(fresh)) {
        console.log(`api-reports: ${parent}/${dir}/${report} differs only in the order of union members (not an API change)`);
      } else {
        real.push(`${parent}/${dir}/${report}`);
      }
    }
  }
}
if (compared === 0) {
  console.error('api-reports: repo-tools failed and generated no report to compare (see its output above)');
  process.exit(1);
}
if (real.length > 0) {
  console.error(`api-reports: out of date: ${real.join(', ')}. Run yarn build:api-reports and commit the reports.`);
  process.exit(1);
}
console.log('api-reports: every report matches (up to the order of union members)');
