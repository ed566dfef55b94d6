import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_TEMPLATE_DIR, validAnswers } from '../__fixtures__/fixtures';
import { checkTemplate, TEMPLATE_CHECKS } from './checkTemplate';
import { loadTemplate } from './loadTemplate';

describe('checkTemplate', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(
      path.join(os.tmpdir(), 'conway-check-template-test-'),
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A copy of the fixture template with skeleton files replaced or added. */
  async function templateWith(files: Record<string, string>) {
    const dir = path.join(root, 'template');
    fs.cpSync(SERVICE_TEMPLATE_DIR, dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, 'skeleton', file), content);
    }
    return loadTemplate(dir);
  }

  it('passes a template whose every rendered file reads back, one result per answer set', async () => {
    const template = await loadTemplate(SERVICE_TEMPLATE_DIR);
    const results = await checkTemplate(template, [
      { name: 'plain', answers: validAnswers() },
      {
        name: 'hostile',
        answers: { ...validAnswers(), description: 'Takes "orders": #1 {{x}}' },
      },
    ]);
    expect(results.map(r => r.name)).toEqual(['plain', 'hostile']);
    for (const result of results) {
      expect(result.findings).toEqual([]);
      expect(result.files).toBeGreaterThan(5);
    }
  });

  it('names the rendered YAML file and line that an unescaped answer breaks, and only that answer set', async () => {
    const template = await templateWith({
      // The bug the check exists for: free text pasted into YAML as is.
      'catalog-info.yaml.hbs': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: {{json values.name}}',
        '  description: {{values.description}}',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: {{json values.owner}}',
        '',
      ].join('\n'),
    });
    const [plain, colon] = await checkTemplate(template, [
      { name: 'plain', answers: validAnswers() },
      {
        name: 'colon',
        answers: { ...validAnswers(), description: 'Orders: taken here' },
      },
    ]);
    expect(plain.findings).toEqual([]);
    expect(colon.findings).toEqual([
      expect.objectContaining({
        id: TEMPLATE_CHECKS.parses,
        severity: 'error',
        source: 'catalog-info.yaml',
        message: expect.stringMatching(
          /^catalog-info\.yaml does not parse back: line 5: /,
        ),
      }),
    ]);
    // Reported once (the catalog check does not repeat the parse error), and
    // this template deploys nothing, so there are no labels to compare.
    expect(colon.notes).toEqual([]);
  });

  it('reports a rendered JSON file that does not parse back', async () => {
    const template = await templateWith({
      'settings.json.hbs': '{ "description": "{{values.description}}" }\n',
    });
    const [result] = await checkTemplate(template, [
      {
        name: 'quoted',
        answers: { ...validAnswers(), description: 'The "best" orders' },
      },
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        id: TEMPLATE_CHECKS.parses,
        source: 'settings.json',
        message: expect.stringMatching(/^settings\.json does not parse back: /),
      }),
    ]);
  });

  it('reports refused answers by field and a skeleton that fails to render, checking the other sets', async () => {
    const template = await templateWith({
      'broken.txt.hbs': '{{values.notAParameter}}\n',
    });
    const [refused, failing] = await checkTemplate(template, [
      {
        name: 'fixtures/bad.yaml',
        answers: { ...validAnswers(), name: 'Orders API' },
      },
      { name: 'fixtures/good.yaml', answers: validAnswers() },
    ]);
    expect(refused).toMatchObject({ files: 0 });
    expect(refused.findings).toEqual([
      expect.objectContaining({
        id: TEMPLATE_CHECKS.answers,
        source: 'fixtures/bad.yaml',
        message: expect.stringMatching(/^fixtures\/bad\.yaml: .*\n {2}name: /s),
      }),
    ]);
    expect(failing).toMatchObject({ files: 0 });
    expect(failing.findings).toEqual([
      expect.objectContaining({
        id: TEMPLATE_CHECKS.renders,
        message: expect.stringContaining('broken.txt.hbs'),
      }),
    ]);
  });

  it('reports what the pipeline refers to but the rendered repository lacks', async () => {
    const template = await templateWith({});
    const workflows = path.join(template.skeletonDir, '.github', 'workflows');
    fs.mkdirSync(workflows, { recursive: true });
    fs.writeFileSync(
      path.join(workflows, 'ci.yaml'),
      [
        'on: push',
        'jobs:',
        '  verify:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444',
        '        with:',
        '          node-version-file: .nvmrc',
        '',
      ].join('\n'),
    );
    const [result] = await checkTemplate(await loadTemplate(template.dir), [
      { name: 'plain', answers: validAnswers() },
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        id: 'pipeline-reference',
        source: '.github/workflows/ci.yaml',
        message: expect.stringContaining('.nvmrc'),
      }),
    ]);
  });
});
