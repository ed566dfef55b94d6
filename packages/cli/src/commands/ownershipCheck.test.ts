import fs from 'fs';
import os from 'os';
import path from 'path';
import { main } from '../index';
import { CliIo } from '../lib/io';
import { runOwnershipCheck } from './ownershipCheck';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

function captureIo(
  cwd: string,
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    color: false,
    stdout: t => {
      out += t;
    },
    stderr: t => {
      err += t;
    },
    out: () => out,
    err: () => err,
  };
}

const TEAM = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-a
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-b
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: alice
spec:
  memberOf: [team-a]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: bob
spec:
  memberOf: [team-b]
`;

const service = (
  name: string,
  owner: string,
  extra = '',
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: ${owner}
${extra}`;

const location = (targets: string[]) => `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: loc
spec:
  targets:
${targets.map(t => `    - ${t}`).join('\n')}
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function fixture(files: Record<string, string>): string {
  const dir = tempDir(files);
  dirs.push(dir);
  return dir;
}

describe('conway ownership check', () => {
  it("fails on the repository's example organisation and explains each mistake", async () => {
    const io = captureIo(REPO_ROOT);
    // org/*.yaml rather than the default catalog-info.yaml, whose other locations belong to other packages.
    // An empty configuration: the defaults, whatever app-config.yaml says.
    const config = path.join(fixture({ 'empty.yaml': '{}\n' }), 'empty.yaml');
    const code = await runOwnershipCheck({ paths: ['org/*.yaml'], config }, io);
    expect(code).toBe(1);
    const out = io.out();
    expect(out).toMatch(/^Conway ownership check: \d+ entities from \d+ files/);
    expect(out).toContain('Alignment score');
    expect(out).toContain(
      'unknown-owner  component:default/label-printer  (org/components.yaml:',
    );
    expect(out).toContain(
      '→ Create group:default/team-printing or transfer component:default/label-printer to group:default/team-warehouse, which owns its system Fulfilment',
    );
    expect(out).toContain(
      '→ Transfer component:default/legacy-invoicing to group:default/team-payments, which owns its system Payments',
    );
    expect(out).toContain('split-system  system:default/shipment-tracking');
    expect(out).toContain('Lowest-scoring teams');
    expect(out).toMatch(/✖ Failed: 1 finding \(unknown-owner: 1\)/);
  });

  it('passes a clean organisation read from a directory of catalog-info.yaml files', async () => {
    const dir = fixture({
      'org/catalog-info.yaml': TEAM,
      'services/a/catalog-info.yaml': service('a', 'team-a'),
      'services/b/catalog-info.yaml': service('b', 'team-b'),
      'services/b/node_modules/x/catalog-info.yaml': service(
        'ignored',
        'nobody',
      ),
    });
    const io = captureIo(dir);
    expect(await runOwnershipCheck({ paths: ['.'] }, io)).toBe(0);
    expect(io.out()).toContain('entities from 3 files');
    expect(io.out()).toContain('✔ Passed');
    expect(io.err()).toBe('');
  });

  it('tells a caller when loading and the analysis end, before the report is written', async () => {
    const dir = fixture({
      'catalog-info.yaml': `${TEAM}\n---\n${service('a', 'team-a')}`,
    });
    const events: string[] = [];
    const io = captureIo(dir);
    const code = await runOwnershipCheck(
      {
        paths: [],
        format: 'json',
        onPhase: phase => events.push(`${phase} (${io.out().length} bytes)`),
      },
      io,
    );
    expect(code).toBe(0);
    expect(events).toEqual(['loaded (0 bytes)', 'analysed (0 bytes)']);
    // Two teams, two users and the service.
    expect(JSON.parse(io.out()).report.summary.entityCount).toBe(5);
  });

  it('accepts globs', async () => {
    const dir = fixture({
      'org.yaml': TEAM,
      'services/a/catalog-info.yaml': service('a', 'team-a'),
      'services/b/catalog-info.yaml': service('b', 'nobody'),
    });
    const io = captureIo(dir);
    expect(
      await runOwnershipCheck(
        { paths: ['org.yaml', 'services/*/catalog-info.yaml'] },
        io,
      ),
    ).toBe(1);
    expect(io.out()).toContain(
      'unknown-owner  component:default/b  (services/b/catalog-info.yaml:1)',
    );
  });

  it('groups findings with one root cause and names file:line for every finding, an invalid entity included', async () => {
    const groups = ['a', 'b', 'c']
      .map(
        n =>
          `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-${n}\nspec:\n  type: team\n  children: []\n  members: [ann-${n}, bob-${n}]\n`,
      )
      .join('---\n');
    const dir = tempDir({
      'groups.yaml': groups,
      'bad.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: no name\n',
    });
    const io = captureIo(dir);
    expect(
      await runOwnershipCheck({ paths: ['groups.yaml', 'bad.yaml'] }, io),
    ).toBe(1);
    const out = io.out();
    expect(out).toContain('Root causes (1)');
    expect(out).toContain('no-users  9 findings');
    expect(out).toContain(
      'The catalog has no User entities: 3 entities list members that do not exist, 3 teams have no members',
    );
    expect(out).toContain(
      '· dangling-reference  group:default/team-a  (groups.yaml:1)',
    );
    expect(out).toContain('· and 6 more (all in --format json)');
    expect(out).toMatch(/Errors \(1, 6 more under root causes above\)/);
    expect(out).toContain('invalid-entity  component:default/#3  (bad.yaml:1)');
    // Each grouped finding is listed once, under its root cause.
    expect(
      out.match(/dangling-reference {2}group:default\/team-c/g),
    ).toBeNull();
  });

  it('follows Location targets relative to their file, recursively and without looping', async () => {
    const dir = fixture({
      'catalog-info.yaml': location(['./nested/more.yaml', './org/*.yaml']),
      'nested/more.yaml': `${location([
        '../catalog-info.yaml',
        './svc.yaml',
        './missing.yaml',
      ])}`,
      'nested/svc.yaml': service('svc', 'team-a'),
      'org/teams.yaml': TEAM,
    });
    const io = captureIo(dir);
    expect(await runOwnershipCheck({ paths: [], format: 'json' }, io)).toBe(0);
    const output = JSON.parse(io.out());
    expect(output.sources.files).toEqual([
      'catalog-info.yaml',
      'nested/more.yaml',
      'nested/svc.yaml',
      'org/teams.yaml',
    ]);
    expect(output.report.summary.entityCount).toBe(5);
    expect(output.report.summary.ignoredEntityCount).toBe(2);
    expect(io.err()).toContain(
      'nested/more.yaml: Location target nested/missing.yaml does not exist; skipped',
    );
  });

  it('reports a file that does not parse with its path and the YAML error, without a stack trace', async () => {
    const dir = fixture({
      'catalog-info.yaml': location(['./broken.yaml']),
      'broken.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n   bad: indentation\n  - oops\n',
    });
    const io = captureIo(dir);
    expect(await runOwnershipCheck({ paths: [] }, io)).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(
      /^error broken\.yaml: YAML error at line \d+, column \d+: /,
    );
    expect(io.err()).toContain('could not be read; nothing was checked');
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('reports missing paths and non-entity documents', async () => {
    const dir = fixture({ 'list.yaml': '- a\n- b\n' });
    const io = captureIo(dir);
    expect(
      await runOwnershipCheck(
        { paths: ['nope.yaml', 'list.yaml', 'none/*.yaml'] },
        io,
      ),
    ).toBe(1);
    expect(io.err()).toContain('error nope.yaml: no such file or directory');
    expect(io.err()).toContain(
      'error list.yaml: document 1 is not an entity (a mapping)',
    );
    expect(io.err()).toContain(
      'error none/*.yaml: the pattern matches no files',
    );
  });

  describe('configuration', () => {
    const files = {
      'catalog-info.yaml': `${TEAM}---\n${service(
        'a',
        'team-a',
        '  dependsOn: [component:b]\n',
      )}---\n${service('b', 'team-b')}`,
    };

    it('fails only on severity error by default', async () => {
      const io = captureIo(fixture(files));
      expect(await runOwnershipCheck({ paths: [] }, io)).toBe(0);
      expect(io.out()).toContain('cross-team-dependency  component:default/a');
    });

    it('reads ownership.check.errors from app-config.yaml', async () => {
      const dir = fixture({
        ...files,
        'app-config.yaml':
          'app:\n  title: x\nownership:\n  check:\n    errors: [cross-team-dependency]\n',
      });
      const io = captureIo(dir);
      expect(await runOwnershipCheck({ paths: [] }, io)).toBe(1);
      expect(io.out()).toContain('(config: app-config.yaml)');
      expect(io.out()).toContain('[fails the check]');
      expect(io.out()).toContain(
        'Failed: 1 finding (cross-team-dependency: 1); failing on types configured as errors: cross-team-dependency',
      );
    });

    it('prefers --config, whose keys may sit at the top level, and --fail-on over both', async () => {
      const dir = fixture({
        ...files,
        'app-config.yaml':
          'ownership:\n  check:\n    errors: [cross-team-dependency]\n',
        'strict.yaml':
          'teamLoadThreshold: 0.5\ncheck:\n  errors: [overloaded-team]\n',
      });
      let io = captureIo(dir);
      expect(
        await runOwnershipCheck({ paths: [], config: 'strict.yaml' }, io),
      ).toBe(1);
      expect(io.out()).toContain('overloaded-team  group:default/team-a');
      io = captureIo(dir);
      expect(
        await runOwnershipCheck(
          { paths: [], config: 'strict.yaml', failOn: [] },
          io,
        ),
      ).toBe(0);
    });

    it('rejects unknown finding types and bad values with exit code 2', async () => {
      let io = captureIo(
        fixture({
          ...files,
          'conway-ownership.yaml':
            'ownership:\n  check:\n    errors: [no-owner, typo]\n',
        }),
      );
      expect(await runOwnershipCheck({ paths: [] }, io)).toBe(2);
      expect(io.err()).toContain(
        'conway-ownership.yaml: ownership.check.errors[1]: unknown finding type "typo"; known types:',
      );

      io = captureIo(
        fixture({
          ...files,
          'conway-ownership.yaml': 'teamLoadThreshold: -1\n',
        }),
      );
      expect(await runOwnershipCheck({ paths: [] }, io)).toBe(2);
      expect(io.err()).toContain('teamLoadThreshold must be a positive number');

      io = captureIo(fixture(files));
      expect(
        await runOwnershipCheck({ paths: [], config: 'missing.yaml' }, io),
      ).toBe(2);
      expect(io.err()).toContain(
        'Configuration file missing.yaml does not exist',
      );
    });
  });

  describe('dependency layers and hubs', () => {
    const component = (name: string, type: string, dependsOn = '') =>
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  lifecycle: production\n  owner: team-a\n${dependsOn}`;
    // A library that depends on a service: upward in the default order (website, service, library).
    const files = {
      'catalog-info.yaml': `${TEAM}---\n${component(
        'ledger-lib',
        'library',
        '  dependsOn: [component:ledger-svc]\n',
      )}---\n${component('ledger-svc', 'service')}`,
    };

    it('checks the default layer order, and the one --layer-order or the configuration gives', async () => {
      let io = captureIo(fixture(files));
      await runOwnershipCheck({ paths: [], format: 'json' }, io);
      const types = (out: string) =>
        (JSON.parse(out).report.findings as Array<{ type: string }>).map(
          f => f.type,
        );
      expect(types(io.out())).toContain('layer-violation');

      io = captureIo(fixture(files));
      await runOwnershipCheck(
        {
          paths: [],
          format: 'json',
          layerOrder: ['library', 'service', 'website'],
        },
        io,
      );
      expect(types(io.out())).not.toContain('layer-violation');

      io = captureIo(
        fixture({
          ...files,
          'conway-ownership.yaml':
            'analysis:\n  layerOrder: [library, service]\n',
        }),
      );
      await runOwnershipCheck({ paths: [], format: 'json' }, io);
      expect(types(io.out())).not.toContain('layer-violation');
    });

    it('refuses a layer order with a repeated layer, and a hub threshold below 1, with exit code 2', async () => {
      let io = captureIo(fixture(files));
      expect(
        await runOwnershipCheck(
          { paths: [], layerOrder: ['service', 'service'] },
          io,
        ),
      ).toBe(2);
      expect(io.err()).toContain(
        '--layer-order: layerOrder must list distinct',
      );

      io = captureIo(
        fixture({
          ...files,
          'conway-ownership.yaml': 'analysis:\n  hubMinDegree: 0\n',
        }),
      );
      expect(await runOwnershipCheck({ paths: [] }, io)).toBe(2);
      expect(io.err()).toContain(
        'ownership.analysis.hubMinDegree must be a positive whole number',
      );
    });
  });

  it('writes findings as CSV', async () => {
    const dir = fixture({
      'catalog-info.yaml': `${TEAM}---\n${service('x', 'user:alice')}`,
    });
    const io = captureIo(dir);
    expect(await runOwnershipCheck({ paths: [], format: 'csv' }, io)).toBe(0);
    expect(io.out().split('\r\n')).toEqual([
      'id,type,severity,entityRef,teamRef,relatedRefs,message,suggestion',
      'user-owner:component:default/x,user-owner,warning,component:default/x,group:default/team-a,,"component:default/x is owned by a person, user:default/alice, not a team (alice is a member of team-a)","Transfer component:default/x to group:default/team-a, the team of user:default/alice"',
      '',
    ]);
  });
});

describe('conway (program)', () => {
  it('answers usage errors with exit code 2 and help with 0', async () => {
    let io = captureIo(REPO_ROOT);
    expect(
      await main(
        ['node', 'conway', 'ownership', 'check', '--format', 'xml'],
        io,
      ),
    ).toBe(2);
    expect(io.err()).toContain("argument 'xml' is invalid");
    io = captureIo(REPO_ROOT);
    expect(
      await main(['node', 'conway', 'ownership', 'check', '--help'], io),
    ).toBe(0);
    expect(io.out()).toContain('Exit codes: 0 passed');
    io = captureIo(REPO_ROOT);
    expect(await main(['node', 'conway', 'nonsense'], io)).toBe(2);
  });
});
