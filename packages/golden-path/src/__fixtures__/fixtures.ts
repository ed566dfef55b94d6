import fs from 'node:fs';
import path from 'node:path';

/** Absolute path of a file or directory under src/__fixtures__. */
export const fixturePath = (...segments: string[]) =>
  // eslint-disable-next-line no-restricted-syntax -- fixtures are only read by tests, from source
  path.join(__dirname, ...segments);

export const SERVICE_TEMPLATE_DIR = fixturePath('templates', 'service');

/** The fixture template's template.yaml, to build variants of it in mock directories. */
export const serviceTemplateYaml = () =>
  fs.readFileSync(path.join(SERVICE_TEMPLATE_DIR, 'template.yaml'), 'utf8');

/** Answers that satisfy the fixture template. */
export const validAnswers = () => ({
  name: 'orders',
  description: 'Takes orders',
  owner: 'team-checkout',
});
