import fs from 'node:fs';
import path from 'node:path';
import { readServiceFile, ServiceFiles } from './serviceFiles';
import { removeTempDirs, tempDir, writeTree } from './__testUtils__/gitRepos';

afterAll(removeTempDirs);

function service() {
  const dir = tempDir();
  writeTree(dir, {
    'a.txt': 'a\n',
    'bin/run.sh': { content: '#!/bin/sh\n', executable: true },
    'docs/guide.md': 'guide\n',
  });
  fs.symlinkSync('a.txt', path.join(dir, 'link.txt'));
  fs.symlinkSync('bin', path.join(dir, 'linked'));
  return dir;
}

describe('readServiceFile', () => {
  it('reads files with their executable bit, and says what stands where no file is', async () => {
    const dir = service();
    expect(await readServiceFile(dir, 'a.txt')).toEqual({
      kind: 'file',
      content: Buffer.from('a\n'),
      executable: false,
    });
    expect(await readServiceFile(dir, 'bin/run.sh')).toMatchObject({
      kind: 'file',
      executable: true,
    });
    expect(await readServiceFile(dir, 'missing/x.txt')).toEqual({
      kind: 'absent',
    });
    expect(await readServiceFile(dir, 'docs')).toEqual({
      kind: 'other',
      what: 'a directory',
    });
  });

  it('follows no symlink and names the file that blocks a path', async () => {
    const dir = service();
    expect(await readServiceFile(dir, 'link.txt')).toEqual({
      kind: 'other',
      what: 'a symlink',
    });
    expect(await readServiceFile(dir, 'linked/run.sh')).toEqual({
      kind: 'other',
      what: "behind the symlink 'linked'",
    });
    expect(await readServiceFile(dir, 'docs/guide.md/index.md')).toEqual({
      kind: 'absent',
      blockedBy: 'docs/guide.md',
    });
  });
});

describe('ServiceFiles', () => {
  it('reads each path once and records what it saw', async () => {
    const dir = service();
    const files = new ServiceFiles(dir);
    await files.read('a.txt');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'changed\n');
    expect(await files.read('a.txt')).toMatchObject({
      content: Buffer.from('a\n'),
    });
    await files.read('docs');
    await files.observe(['a.txt', 'new.txt', 'link.txt']);
    expect(files.observed).toEqual({
      'a.txt': '3f786850e387550fdab836ed7e6dc881de23001b',
      docs: 'other',
      'new.txt': 'absent',
      'link.txt': 'other',
    });
  });
});
