import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  serviceTemplateYaml,
  SERVICE_TEMPLATE_DIR,
  validAnswers,
} from '../__fixtures__/fixtures';
import { AnswerValidationError, RenderError } from '../errors';
import { loadTemplate } from '../template/loadTemplate';
import { readGenerationRecord } from './generationRecord';
import { renderToDirectory } from './renderToDirectory';

describe('renderToDirectory', () => {
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  it('validates, renders and writes, including the generation record', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    const target = mockDir.resolve('orders');
    const result = await renderToDirectory(template, validAnswers(), target);

    expect(result.answers.owner).toBe('group:default/team-checkout');
    expect(result.files).toContain('.conway/golden-path.json');
    expect(result.files).not.toContain('src/db.ts');
    expect(Object.keys(mockDir.content({ path: 'orders' })!).sort()).toEqual([
      '.conway',
      'README.md',
      'assets',
      'bin',
      'catalog-info.yaml',
      'src',
      'static',
    ]);
    const recorded = { ...result.answers };
    delete recorded.apiToken; // secret: not recorded
    await expect(readGenerationRecord(target)).resolves.toEqual({
      template: 'fixture-service',
      version: '1.2.0',
      answers: recorded,
    });
  });

  it('writes nothing when one file fails to render', async () => {
    const templateDir = createMockDirectory();
    templateDir.setContent({
      'template.yaml': serviceTemplateYaml(),
      skeleton: {
        'a.txt.hbs': '{{values.name}}',
        'z.txt.hbs': '{{values.missing}}',
      },
    });
    const template = await loadTemplate(templateDir.path);
    await expect(
      renderToDirectory(template, validAnswers(), mockDir.resolve('out')),
    ).rejects.toThrow(RenderError);
    expect(mockDir.content()).toEqual({});
  });

  it('writes nothing for invalid answers', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    await expect(
      renderToDirectory(template, { name: 'X' }, mockDir.resolve('out')),
    ).rejects.toThrow(AnswerValidationError);
    expect(mockDir.content()).toEqual({});
  });
});
