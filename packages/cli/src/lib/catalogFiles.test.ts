import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { runOwnershipCheck } from '../commands/ownershipCheck';
import {
  loadCatalogFiles,
  MANAGED_BY_LOCATION,
  readTextFile,
} from './catalogFiles';
import { fetchCatalogText, readableUrl } from './catalogUrls';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function fixture(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-catalog-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

const entity = (kind: string, name: string, spec = '  type: service\n') =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

const location = (name: string, targets: string[], type?: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: ${name}\nspec:\n${
    type ? `  type: ${type}\n` : ''
  }  targets:\n${targets.map(t => `    - ${t}`).join('\n')}\n`;

/** Shaped like Backstage's packages/catalog-model/examples: all.yaml -> all-*.yaml -> one file per entity. */
const exampleOrg = {
  'examples/all.yaml': location('example-all', [
    './all-components.yaml',
    './all-apis.yaml',
    './acme/org.yaml',
  ]),
  'examples/all-components.yaml': location(
    'example-components',
    ['./components/artist-lookup.yaml', './components/petstore.yaml'],
    'url',
  ),
  'examples/all-apis.yaml': location(
    'example-apis',
    [
      './apis/*.yaml',
      'https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/apis/petstore-api.yaml',
    ],
    'url',
  ),
  'examples/components/artist-lookup.yaml': entity(
    'Component',
    'artist-lookup',
  ),
  'examples/components/petstore.yaml': entity('Component', 'petstore'),
  'examples/apis/spotify.yaml': entity('API', 'spotify', '  type: openapi\n'),
  'examples/apis/streetlights.yaml': entity(
    'API',
    'streetlights',
    '  type: asyncapi\n',
  ),
  'examples/acme/org.yaml': `${entity(
    'Group',
    'acme-corp',
    '  type: organization\n',
  )}---\n${entity('Group', 'team-a', '  type: team\n')}---\n${location(
    'acme-more',
    ['../all.yaml'],
    'url',
  )}`,
};

describe('loadCatalogFiles', () => {
  it("follows relative url Locations like Backstage's example org, names the absolute URL it does not fetch offline", async () => {
    const dir = fixture(exampleOrg);
    const result = await loadCatalogFiles(['examples/all.yaml'], dir);
    expect(result.errors).toEqual([]);
    expect(result.files.map(f => path.relative(dir, f))).toEqual([
      'examples/all.yaml',
      'examples/all-components.yaml',
      'examples/components/artist-lookup.yaml',
      'examples/components/petstore.yaml',
      'examples/all-apis.yaml',
      'examples/apis/spotify.yaml',
      'examples/apis/streetlights.yaml',
      'examples/acme/org.yaml',
    ]);
    expect(
      result.entities.map(e => [
        e.entity.kind,
        (e.entity.metadata as any).name,
        path.relative(dir, e.file),
        e.line,
      ]),
    ).toEqual([
      ['Location', 'example-all', 'examples/all.yaml', 1],
      ['Location', 'example-components', 'examples/all-components.yaml', 1],
      [
        'Component',
        'artist-lookup',
        'examples/components/artist-lookup.yaml',
        1,
      ],
      ['Component', 'petstore', 'examples/components/petstore.yaml', 1],
      ['Location', 'example-apis', 'examples/all-apis.yaml', 1],
      ['API', 'spotify', 'examples/apis/spotify.yaml', 1],
      ['API', 'streetlights', 'examples/apis/streetlights.yaml', 1],
      ['Group', 'acme-corp', 'examples/acme/org.yaml', 1],
      ['Group', 'team-a', 'examples/acme/org.yaml', 8],
      ['Location', 'acme-more', 'examples/acme/org.yaml', 15],
    ]);
    expect(result.warnings).toEqual([
      'examples/all-apis.yaml: Location target https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/apis/petstore-api.yaml is not followed offline (--allow-network fetches it) (line 1)',
    ]);
    expect(
      (result.entities[2].entity.metadata as any).annotations[
        MANAGED_BY_LOCATION
      ],
    ).toBe('file:examples/components/artist-lookup.yaml');
  });

  it('fetches absolute url targets only when network is allowed, and resolves their relative targets against the URL', async () => {
    const dir = fixture(exampleOrg);
    const fetched: string[] = [];
    const pages: Record<string, string> = {
      'https://raw.githubusercontent.com/backstage/backstage/master/packages/catalog-model/examples/apis/petstore-api.yaml':
        location('remote', ['./petstore-more.yaml', 'file-like.yaml']),
      'https://raw.githubusercontent.com/backstage/backstage/master/packages/catalog-model/examples/apis/petstore-more.yaml':
        entity('API', 'petstore', '  type: openapi\n'),
    };
    const result = await loadCatalogFiles(['examples/all-apis.yaml'], dir, {
      allowNetwork: true,
      fetchText: async url => {
        fetched.push(url);
        if (!(url in pages)) throw new Error('HTTP 404');
        return pages[url];
      },
    });
    expect(result.errors).toEqual([]);
    expect(fetched).toEqual([
      Object.keys(pages)[0],
      Object.keys(pages)[1],
      'https://raw.githubusercontent.com/backstage/backstage/master/packages/catalog-model/examples/apis/file-like.yaml',
    ]);
    expect(result.entities.map(e => (e.entity.metadata as any).name)).toEqual([
      'example-apis',
      'spotify',
      'streetlights',
      'remote',
      'petstore',
    ]);
    expect(result.entities[4].file).toBe(
      'https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/apis/petstore-more.yaml',
    );
    expect(result.warnings).toEqual([
      'https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/apis/petstore-api.yaml: Location target https://github.com/backstage/backstage/blob/master/packages/catalog-model/examples/apis/file-like.yaml could not be fetched (HTTP 404); skipped (line 1)',
    ]);
  });

  it('fails loudly when nothing but Locations was found, naming every target it could not follow', async () => {
    const dir = fixture({
      'org/all.yaml': location('all', [
        './missing.yaml',
        'https://example.com/org.yaml',
        './none/*.yaml',
      ]),
      'org/more.yaml': location(
        'more',
        ['github.com/acme'],
        'github-discovery',
      ),
    });
    const result = await loadCatalogFiles(
      ['org/all.yaml', 'org/more.yaml'],
      dir,
    );
    expect(result.entities).toHaveLength(2);
    expect(result.errors).toEqual([
      {
        file: 'org/all.yaml, org/more.yaml',
        message:
          'no catalog entities found (2 files read): 4 Location targets could not be followed: ' +
          'org/all.yaml:1 Location target https://example.com/org.yaml is a URL in a file Location; not followed; ' +
          'org/all.yaml:1 Location target ./none/*.yaml matches no files; ' +
          'org/all.yaml:1 Location target org/missing.yaml does not exist; skipped; ' +
          "org/more.yaml:1 Location target github.com/acme of type 'github-discovery' is not followed (only file and url)",
      },
    ]);
  });

  it('makes `conway ownership check` exit 1 and say why when it would analyse nothing', async () => {
    const dir = fixture({
      'all.yaml': location('all', ['https://example.com/org.yaml'], 'url'),
      'config.yaml': '{}\n',
    });
    let out = '';
    let err = '';
    const code = await runOwnershipCheck(
      { paths: ['all.yaml'], config: path.join(dir, 'config.yaml') },
      {
        cwd: dir,
        color: false,
        stdout: t => {
          out += t;
        },
        stderr: t => {
          err += t;
        },
      },
    );
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(
      'error all.yaml: no catalog entities found (1 file read): 1 Location target could not be followed: ' +
        'all.yaml:1 Location target https://example.com/org.yaml is not followed offline (--allow-network fetches it)',
    );
  });

  it('fails when the files hold no documents at all', async () => {
    const dir = fixture({ 'empty.yaml': '# nothing yet\n' });
    const result = await loadCatalogFiles(['empty.yaml'], dir);
    expect(result.errors).toEqual([
      {
        file: 'empty.yaml',
        message:
          'no catalog entities found (1 file read): the files hold no YAML documents',
      },
    ]);
  });

  it('reads the other documents of a file with a bad one and names file and line of each error', async () => {
    const dir = fixture({
      'mixed.yaml': [
        '# header comment',
        '---',
        entity('Component', 'one').trimEnd(),
        '---',
        'kind: Component',
        'metadata:',
        '  name: two',
        '   bad: indentation',
        '---',
        '- not',
        '- an entity',
        '---',
        entity('Component', 'three').trimEnd(),
        '',
      ].join('\n'),
    });
    const result = await loadCatalogFiles(['mixed.yaml'], dir);
    expect(
      result.entities.map(e => [(e.entity.metadata as any).name, e.line]),
    ).toEqual([
      ['one', 3],
      ['three', 18],
    ]);
    expect(result.errors).toEqual([
      {
        file: 'mixed.yaml',
        line: 13,
        message:
          'YAML error at line 13, column 7: bad indentation of a mapping entry',
      },
      {
        file: 'mixed.yaml',
        line: 15,
        message: 'document 3 is not an entity (a mapping), at line 15',
      },
    ]);
  });

  it('ends Location cycles, reads a directory and keeps an existing managed-by-location', async () => {
    const dir = fixture({
      'a/catalog-info.yaml': `${location('a', [
        '../b/catalog-info.yaml',
      ])}---\n${entity('Component', 'x')}`,
      'b/catalog-info.yaml': location('b', [
        '../a/catalog-info.yaml',
        './c.yaml',
      ]),
      'b/c.yaml': `apiVersion: v1\nkind: Component\nmetadata:\n  name: c\n  annotations:\n    ${MANAGED_BY_LOCATION}: url:https://example.com/c.yaml\n`,
    });
    const result = await loadCatalogFiles(['b'], dir);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.files.map(f => path.relative(dir, f))).toEqual([
      'b/catalog-info.yaml',
      'a/catalog-info.yaml',
      'b/c.yaml',
    ]);
    expect(
      result.entities.map(e => [(e.entity.metadata as any).name, e.line]),
    ).toEqual([
      ['b', 1],
      ['a', 1],
      ['x', 9],
      ['c', 1],
    ]);
    const c = result.entities[3];
    expect((c.entity.metadata as any).annotations[MANAGED_BY_LOCATION]).toBe(
      'url:https://example.com/c.yaml',
    );
    const all = await loadCatalogFiles(['.'], dir);
    expect(all.files).toHaveLength(3);
    expect(all.entities).toHaveLength(4);
  });
});

describe('readTextFile', () => {
  it('gives what a UTF-8 read gives, for ASCII, non-ASCII and a byte-order mark', () => {
    const dir = fixture({
      'ascii.yaml': entity('Component', 'plain'),
      'utf8.yaml': entity('Component', 'café', '  description: 日本 😀\n'),
      'bom.yaml': `\ufeff${entity('Component', 'bom')}`,
    });
    for (const name of ['ascii.yaml', 'utf8.yaml', 'bom.yaml']) {
      const file = path.join(dir, name);
      expect(readTextFile(file)).toBe(fs.readFileSync(file, 'utf8'));
    }
  });
});

describe('catalog URLs', () => {
  it('reads GitHub blob pages from raw.githubusercontent.com', () => {
    expect(readableUrl('https://github.com/o/r/blob/main/a/b.yaml')).toBe(
      'https://raw.githubusercontent.com/o/r/main/a/b.yaml',
    );
    expect(readableUrl('https://example.com/a.yaml')).toBe(
      'https://example.com/a.yaml',
    );
  });

  it('fetches over http and reports a failed status', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/ok.yaml') res.end('kind: Group\n');
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(
        fetchCatalogText(`http://127.0.0.1:${port}/ok.yaml`),
      ).resolves.toBe('kind: Group\n');
      await expect(
        fetchCatalogText(`http://127.0.0.1:${port}/no.yaml`),
      ).rejects.toThrow('HTTP 404');
      await expect(fetchCatalogText('file:///etc/passwd')).rejects.toThrow(
        'only http(s)',
      );
    } finally {
      server.close();
    }
  });
});
