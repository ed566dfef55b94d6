import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileLocationPlaceholderProcessor } from './catalogFilePlaceholders';

describe('FileLocationPlaceholderProcessor', () => {
  const processor = new FileLocationPlaceholderProcessor();
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-placeholders-'));
    fs.mkdirSync(path.join(dir, 'repo/docs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'repo/openapi.yaml'), 'openapi: 3.0.3\n');
    fs.writeFileSync(path.join(dir, 'repo/docs/extra.json'), '{"a":[1]}');
    fs.writeFileSync(path.join(dir, 'repo/docs/extra.yaml'), 'b: 2\n');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const api = (spec: object) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'orders-api' },
    spec,
  });
  const fileLocation = () => ({
    type: 'file',
    target: path.join(dir, 'repo/catalog-info.yaml'),
  });

  it('runs before PlaceholderProcessor', () => {
    expect(processor.getPriority()).toBeLessThan(20);
  });

  it('resolves relative placeholders of file locations from disk', async () => {
    const result = await processor.preProcessEntity(
      api({
        definition: { $text: './openapi.yaml' },
        extra: [{ $json: 'docs/extra.json' }, { $yaml: './docs/extra.yaml' }],
        untouched: { $text: 'https://example.com/x.yaml' },
        two: { $text: './openapi.yaml', other: 1 },
      }),
      fileLocation(),
    );
    expect(result.spec).toEqual({
      definition: 'openapi: 3.0.3\n',
      extra: [{ a: [1] }, { b: 2 }],
      untouched: { $text: 'https://example.com/x.yaml' },
      two: { $text: './openapi.yaml', other: 1 },
    });
  });

  it('reads nothing outside the directory of the catalog file', async () => {
    await expect(
      processor.preProcessEntity(
        api({ definition: { $text: '../secret.txt' } }),
        fileLocation(),
      ),
    ).rejects.toThrow(/Placeholder \$text may only read files inside/);
  });

  it('names the missing file', async () => {
    await expect(
      processor.preProcessEntity(
        api({ definition: { $text: './missing.yaml' } }),
        fileLocation(),
      ),
    ).rejects.toThrow(/Placeholder \$text could not read '.\/missing.yaml'/);
  });

  it('leaves other location types to PlaceholderProcessor', async () => {
    const entity = api({ definition: { $text: './openapi.yaml' } });
    expect(
      await processor.preProcessEntity(entity, {
        type: 'url',
        target:
          'https://github.com/northwind/orders/blob/main/catalog-info.yaml',
      }),
    ).toBe(entity);
  });
});
