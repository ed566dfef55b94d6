import fs from 'node:fs';
import { fixturePath } from '../__fixtures__/fixtures';
import { validateCatalogInfo } from './validateCatalogInfo';

const read = (name: string) =>
  fs.readFileSync(fixturePath('catalog', name), 'utf8');

describe('validateCatalogInfo', () => {
  it('accepts valid entities', async () => {
    await expect(
      validateCatalogInfo(read('orders.yaml'), 'orders.yaml'),
    ).resolves.toEqual([]);
  });

  it('names the file and document of a bad name and a missing owner', async () => {
    const findings = await validateCatalogInfo(
      read('invalid.yaml'),
      'catalog-info.yaml',
    );
    expect(findings).toEqual([
      {
        id: 'catalog-entity-valid',
        severity: 'error',
        source: 'catalog-info.yaml',
        index: 0,
        object: 'component:default/Orders Service!',
        message: expect.stringMatching(
          /^"metadata.name" is not valid; expected a string that is sequences of \[a-zA-Z0-9\] separated by any of \[-_.\], at most 63 characters in total but found "Orders Service!"/,
        ),
      },
      {
        id: 'catalog-entity-valid',
        severity: 'error',
        source: 'catalog-info.yaml',
        index: 1,
        object: 'component:default/orders',
        message:
          "/spec must have required property 'owner' - missingProperty: owner",
      },
    ]);
  });

  it('accepts placeholders the catalog resolves, such as $text', async () => {
    const api = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: API',
      'metadata: {name: orders-api}',
      'spec:',
      '  type: openapi',
      '  lifecycle: production',
      '  owner: team-a',
      '  definition:',
      '    $text: ./openapi.yaml',
    ].join('\n');
    await expect(validateCatalogInfo(api, 'api.yaml')).resolves.toEqual([]);
    await expect(
      validateCatalogInfo(api.replace('$text', '$txt'), 'api.yaml'),
    ).resolves.toEqual([
      expect.objectContaining({
        message: '/spec/definition must be string - type: string',
      }),
    ]);
  });

  it('reports YAML errors, non-mappings and unknown kinds', async () => {
    const findings = await validateCatalogInfo(
      'a: [\n---\n- list\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
      'x.yaml',
    );
    expect(findings.map(f => `${f.index} ${f.message}`)).toEqual([
      expect.stringMatching(/^0 document invalid YAML: /),
      '1 document is not a YAML mapping',
      '2 unknown kind "Widget" for apiVersion "example.com/v1"',
    ]);
  });
});
