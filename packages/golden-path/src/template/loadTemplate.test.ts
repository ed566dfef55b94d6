import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  SERVICE_TEMPLATE_DIR,
  serviceTemplateYaml,
} from '../__fixtures__/fixtures';
import { TemplateLoadError } from '../errors';
import { loadTemplate } from './loadTemplate';

describe('loadTemplate', () => {
  const mockDir = createMockDirectory();

  it('loads a template, its answer schema and skeleton files', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    expect(template).toMatchObject({
      dir: SERVICE_TEMPLATE_DIR,
      name: 'fixture-service',
      title: 'Fixture service',
      version: '1.2.0',
      skeletonDir: `${SERVICE_TEMPLATE_DIR}/skeleton`,
      skeletonFiles: [
        'README.md.hbs',
        'assets/pixel.bin',
        'bin/start.sh',
        'catalog-info.yaml.hbs',
        'src/config.ts.hbs',
        'src/db.ts.hbs',
        'static/notes.txt',
      ],
    });
    expect(Object.keys(template.answerSchema.properties)).toEqual([
      'name',
      'description',
      'owner',
      'system',
      'port',
      'database',
      'apiToken',
    ]);
    expect(template.parameters).toHaveLength(2);
  });

  const withVersion = (line: string) =>
    serviceTemplateYaml().replace(
      '    conway.dev/template-version: 1.2.0',
      line,
    );

  it.each([
    [
      'is missing',
      withVersion('    other: x'),
      /template-version'\] must be a semver version such as 1.0.0, got null/,
    ],
    [
      'is not semver',
      withVersion('    conway.dev/template-version: "1.2"'),
      /got "1.2"/,
    ],
    [
      'is a number',
      withVersion('    conway.dev/template-version: 2'),
      /template-version" is not valid; expected a string/,
    ],
  ])(
    'names the file when the version annotation %s',
    async (_, yaml, message) => {
      mockDir.setContent({ 'template.yaml': yaml, skeleton: {} });
      const promise = loadTemplate(mockDir.path);
      await expect(promise).rejects.toThrow(TemplateLoadError);
      await expect(promise).rejects.toThrow(
        `Invalid template '${mockDir.resolve('template.yaml')}'`,
      );
      await expect(promise).rejects.toThrow(message);
    },
  );

  it('rejects other entity kinds, invalid names, YAML errors and bad parameters', async () => {
    const cases: [string, RegExp][] = [
      [
        serviceTemplateYaml().replace('kind: Template', 'kind: Component'),
        /expected apiVersion scaffolder.backstage.io\/v1beta3 and kind Template/,
      ],
      [
        serviceTemplateYaml().replace(
          'name: fixture-service',
          'name: Fixture Service!',
        ),
        /"metadata.name" is not valid/,
      ],
      ['a: [', /Invalid YAML in '.*template.yaml'/],
      [
        serviceTemplateYaml().replace(
          "pattern: '^[a-z][a-z0-9-]*$'",
          "pattern: '(['",
        ),
        /Invalid spec.parameters in '.*template.yaml'/,
      ],
    ];
    for (const [yaml, message] of cases) {
      mockDir.setContent({ 'template.yaml': yaml, skeleton: {} });
      await expect(loadTemplate(mockDir.path)).rejects.toThrow(message);
    }
  });

  it('requires a skeleton directory', async () => {
    mockDir.setContent({ 'template.yaml': serviceTemplateYaml() });
    await expect(loadTemplate(mockDir.path)).rejects.toThrow(
      /has no skeleton directory/,
    );
  });

  it('refuses symlinks in the skeleton, which could read files outside the template', async () => {
    mockDir.setContent({
      'template.yaml': serviceTemplateYaml(),
      skeleton: { 'passwd.hbs': ctx => ctx.symlink('/etc/passwd') },
    });
    await expect(loadTemplate(mockDir.path)).rejects.toThrow(
      /Skeleton file 'passwd.hbs' in '.*' is a symlink/,
    );
  });
});
