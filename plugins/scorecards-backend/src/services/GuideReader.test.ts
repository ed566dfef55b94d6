import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GuideReader } from './GuideReader';

describe('GuideReader', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'guides-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs/scorecards.md'), '# Scorecards\n');
    fs.writeFileSync(path.join(outside, 'secret.md'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'docs/link.md'));
    fs.writeFileSync(path.join(root, 'docs/notes.txt'), 'x');
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });
  const reader = new GuideReader(root);

  it('reads a Markdown guide of the repository', async () => {
    expect(await reader.read('docs/scorecards.md')).toEqual({
      path: 'docs/scorecards.md',
      markdown: '# Scorecards\n',
    });
  });

  it('refuses anything else, naming the path', async () => {
    for (const bad of ['../outside/secret.md', '/etc/passwd.md', 'docs/notes.txt', '.git/config.md']) {
      await expect(reader.read(bad)).rejects.toThrow(`path: '${bad}' is not a Markdown guide`);
    }
    await expect(reader.read('docs/link.md')).rejects.toThrow("No guide found at 'docs/link.md'");
    await expect(reader.read('docs/missing.md')).rejects.toThrow("No guide found at 'docs/missing.md'");
  });
});
