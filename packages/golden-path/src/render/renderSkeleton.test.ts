import { resolve as resolvePath } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { parse, parseAllDocuments } from 'yaml';
import {
  SERVICE_TEMPLATE_DIR,
  serviceTemplateYaml,
  validAnswers,
} from '../__fixtures__/fixtures';
import { validateCatalogInfo } from '../catalog/validateCatalogInfo';
import { RenderError } from '../errors';
import { loadTemplate } from '../template/loadTemplate';
import { renderSkeleton, RenderedFile } from './renderSkeleton';

const byPath = (files: RenderedFile[]) =>
  Object.fromEntries(files.map(f => [f.path, f]));
const text = (files: RenderedFile[], path: string) =>
  byPath(files)[path]?.content.toString('utf8');

describe('renderSkeleton', () => {
  const mockDir = createMockDirectory();

  async function templateWith(skeleton: Record<string, string>) {
    mockDir.setContent({ 'template.yaml': serviceTemplateYaml(), skeleton });
    return loadTemplate(mockDir.path);
  }

  it('renders .hbs files, copies the rest byte for byte and omits empty renderings', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    const files = await renderSkeleton(template, validAnswers());

    expect(files.map(f => f.path)).toEqual([
      '.conway/golden-path.json',
      'README.md',
      'assets/pixel.bin',
      'bin/start.sh',
      'catalog-info.yaml',
      'src/config.ts',
      'static/notes.txt',
    ]);
    expect(text(files, 'README.md')).toBe(
      '# orders\n\nTakes orders\n\nOwned by team-checkout (group:default/team-checkout).\n\nGenerated from fixture-service 1.2.0.\n',
    );
    expect(text(files, 'src/config.ts')).toBe(
      [
        'export const SERVICE_NAME = "orders";',
        'export const DESCRIPTION = "Takes orders";',
        'export const PORT = 8080;',
        "export const ORDERS_CLASS = 'Orders';",
        'export const ordersOwner = "none";',
        '',
      ].join('\n'),
    );
    expect(byPath(files)['assets/pixel.bin'].content).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x7b, 0x7b, 0x0a]),
    );
    expect(text(files, 'static/notes.txt')).toBe(
      'Copied as is: {{ values.name }} and ${{ values.name }}\n',
    );
    expect(byPath(files)['bin/start.sh'].mode).toBe(0o755);
    expect(byPath(files)['README.md'].mode).toBeUndefined();
  });

  it('includes optional files when their condition holds', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    const files = await renderSkeleton(template, {
      ...validAnswers(),
      database: 'postgres',
      system: 'shop',
    });
    expect(text(files, 'src/db.ts')).toBe(
      "export const DATABASE_URL_ENV = 'DATABASE_URL';\n",
    );
    expect(text(files, 'README.md')).toContain('Part of shop.');
    expect(parse(text(files, 'catalog-info.yaml')!).spec.system).toBe(
      'system:default/shop',
    );
  });

  it('records the generation without secrets or timestamps', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    const answers = { ...validAnswers(), apiToken: 's3cr3t' };
    const files = await renderSkeleton(template, answers);
    const record = text(files, '.conway/golden-path.json')!;
    expect(JSON.parse(record)).toEqual({
      template: 'fixture-service',
      version: '1.2.0',
      answers: {
        name: 'orders',
        description: 'Takes orders',
        owner: 'group:default/team-checkout',
        system: null,
        port: 8080,
        database: 'none',
      },
    });
    expect(record).not.toContain('s3cr3t');
    expect(record.endsWith('}\n')).toBe(true);
    expect(await renderSkeleton(template, answers)).toEqual(files);
  });

  it('writes answers literally, never compiling them as templates', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    const description =
      "{{constructor.constructor('x')()}} {{#each values}}{{/each}} ${{ values.name }}";
    const files = await renderSkeleton(template, {
      ...validAnswers(),
      description,
    });
    expect(text(files, 'README.md')).toContain(`\n${description}\n`);
    expect(text(files, 'src/config.ts')).toContain(
      `export const DESCRIPTION = ${JSON.stringify(description)};`,
    );
    expect(parse(text(files, 'catalog-info.yaml')!).metadata.description).toBe(
      description,
    );
  });

  it('keeps YAML valid for descriptions with quotes, colons and newlines', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    const description =
      'He said: "it\'s fine" # not a comment\n- not a list\n  key: value\\n \t tab';
    const files = await renderSkeleton(template, {
      ...validAnswers(),
      description,
    });
    const catalogInfo = text(files, 'catalog-info.yaml')!;
    expect(parse(catalogInfo).metadata.description).toBe(description);
    await expect(
      validateCatalogInfo(catalogInfo, 'catalog-info.yaml'),
    ).resolves.toEqual([]);
  });

  it('records the answers as the conway.dev/template-answers annotation, secrets left out, whatever the description', async () => {
    // The real golden path, whose catalog-info.yaml carries the annotation.
    const template = await loadTemplate(
      resolvePath(__dirname, '../../../../templates/typescript-service'),
    );
    const description =
      'Says: "hi" {{values.name}} }} \'quoted\'\n- item\n  key: value # x \u2028 \\';
    const files = await renderSkeleton(template, {
      name: 'orders-api',
      owner: 'group:default/team-checkout',
      description,
    });
    const [component] = parseAllDocuments(
      text(files, 'catalog-info.yaml')!,
    ).map(doc => doc.toJS());
    expect(component.kind).toBe('Component');
    const annotation =
      component.metadata.annotations['conway.dev/template-answers'];
    expect(typeof annotation).toBe('string');
    const record = JSON.parse(text(files, '.conway/golden-path.json')!);
    expect(JSON.parse(annotation)).toEqual(record.answers);
    expect(JSON.parse(annotation).description).toBe(description);
    await expect(
      validateCatalogInfo(
        text(files, 'catalog-info.yaml')!,
        'catalog-info.yaml',
      ),
    ).resolves.toEqual([]);
  });

  it('names the file when a variable is missing', async () => {
    const template = await templateWith({
      'ok.txt.hbs': '{{values.name}}',
      'src/broken.ts.hbs': 'line 1\n{{values.nmae}}',
    });
    const promise = renderSkeleton(template, validAnswers());
    await expect(promise).rejects.toThrow(RenderError);
    await expect(promise).rejects.toThrow(
      "src/broken.ts.hbs: unknown variable 'values.nmae' on line 2",
    );
  });

  it('names the file when an unknown helper is used, and reports every failing file', async () => {
    const template = await templateWith({
      'a.txt.hbs': '{{shout values.name}}',
      'b.txt.hbs': '{{#if}}',
    });
    const error: RenderError = await renderSkeleton(
      template,
      validAnswers(),
    ).catch(e => e);
    expect(error.errors.map(e => e.file)).toEqual(['a.txt.hbs', 'b.txt.hbs']);
    expect(error.errors[0].message).toContain('unknown helper shout');
  });

  it('refuses files that would overwrite the generation record or each other', async () => {
    mockDir.setContent({
      'template.yaml': serviceTemplateYaml(),
      skeleton: {
        '.conway/golden-path.json': '{}',
        'x.txt': 'a',
        'x.txt.hbs': 'b',
        '.hbs': 'nameless',
      },
    });
    const template = await loadTemplate(mockDir.path);
    const error: RenderError = await renderSkeleton(
      template,
      validAnswers(),
    ).catch(e => e);
    expect(error.errors).toEqual([
      {
        file: '.conway/golden-path.json',
        message: "output path '.conway/golden-path.json' is reserved",
      },
      {
        file: '.hbs',
        message: expect.stringContaining('Refusing output path ""'),
      },
      {
        file: 'x.txt.hbs',
        message: "output path 'x.txt' is produced by another file",
      },
    ]);
  });
});
