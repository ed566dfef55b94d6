import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  isTrustedTemplateLocation,
  readTrustedTemplateSources,
  TrustedTemplateLocationProcessor,
} from './trustedTemplateLocations';

const config = new ConfigReader({
  catalog: {
    locations: [
      { type: 'file', target: '../../catalog-info.yaml' },
      {
        type: 'url',
        target:
          'https://github.com/northwind/conway/blob/main/catalog-info.yaml',
      },
    ],
  },
  conway: {
    goldenPaths: {
      directories: ['../../templates'],
      templateLocations: [
        'https://github.com/northwind/golden-paths/blob/main/',
        '/srv/golden-paths',
      ],
    },
  },
});
const sources = readTrustedTemplateSources(config);
const repo = path.resolve('../..');

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'sneaky', namespace: 'default' },
  spec: {},
};
const file = (target: string) => ({ type: 'file', target });
const url = (target: string) => ({ type: 'url', target });

describe('trusted template locations', () => {
  it('reads config locations with file targets resolved, directories and URL prefixes', () => {
    expect(sources).toEqual({
      configLocations: [
        file(path.join(repo, 'catalog-info.yaml')),
        url('https://github.com/northwind/conway/blob/main/catalog-info.yaml'),
      ],
      directories: [path.join(repo, 'templates'), '/srv/golden-paths'],
      urlPrefixes: ['https://github.com/northwind/golden-paths/blob/main/'],
    });
  });

  it.each([
    [
      'anything reached from a config location',
      file('/anywhere/template.yaml'),
      file(path.join(repo, 'catalog-info.yaml')),
    ],
    [
      'a file under conway.goldenPaths.directories',
      file(path.join(repo, 'templates/typescript-service/template.yaml')),
      file('/tmp/registered.yaml'),
    ],
    [
      'a file under a templateLocations directory',
      file('/srv/golden-paths/x/template.yaml'),
      file('/srv/golden-paths/x/template.yaml'),
    ],
    [
      'a URL under a templateLocations prefix',
      url(
        'https://github.com/northwind/golden-paths/blob/main/go/template.yaml',
      ),
      url(
        'https://github.com/northwind/golden-paths/blob/main/go/template.yaml',
      ),
    ],
  ])('trusts %s', (_, location, origin) => {
    expect(isTrustedTemplateLocation(sources, location, origin)).toBe(true);
  });

  it.each([
    ['a registered file elsewhere', file('/tmp/x/template.yaml')],
    [
      'a path that only starts like a trusted directory',
      file('/srv/golden-paths-evil/t.yaml'),
    ],
    [
      'a URL outside the prefixes',
      url('https://github.com/someone/fork/blob/main/template.yaml'),
    ],
    [
      'another location type',
      { type: 'github-discovery', target: 'https://github.com/northwind' },
    ],
  ])('refuses %s', (_, location) => {
    expect(isTrustedTemplateLocation(sources, location, location)).toBe(false);
  });

  it('fails an untrusted Template with the reason, and passes other kinds through', async () => {
    const processor = new TrustedTemplateLocationProcessor(sources);
    const location = file('/tmp/x/template.yaml');
    const run = (entity: any) =>
      processor.preProcessEntity(entity, location, () => {}, location);
    await expect(run(template)).rejects.toThrow(InputError);
    await expect(run(template)).rejects.toThrow(
      "Template 'template:default/sneaky' from file:/tmp/x/template.yaml is refused: templates come only from catalog.locations",
    );
    const component = { ...template, kind: 'Component' };
    await expect(run(component)).resolves.toBe(component);
  });
});
