import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const BIN = path.resolve(__dirname, '../bin/conway');

describe('bin/conway', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-bin-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      [
        'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []',
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orphan\nspec:\n  type: service\n  lifecycle: production',
      ].join('\n---\n'),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs from the TypeScript sources, finds catalog-info.yaml above the working directory and exits 1 on an error finding', () => {
    const env = { ...process.env };
    delete env.INIT_CWD;
    const result = spawnSync(
      process.execPath,
      [BIN, 'ownership', 'check', '--format', 'json'],
      {
        cwd: path.join(dir, 'sub'),
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.check).toMatchObject({
      passed: false,
      failingFindingIds: ['no-owner:component:default/orphan'],
    });
    expect(output.sources.files).toEqual(['../catalog-info.yaml']);
  });

  it('prints help and exits 2 without a command', () => {
    const result = spawnSync(process.execPath, [BIN], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('Usage: conway');
    expect(result.stdout).toContain('ownership');
  });
});
