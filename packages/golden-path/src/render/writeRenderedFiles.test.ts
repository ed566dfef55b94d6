import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { WriteError } from '../errors';
import { writeRenderedFiles } from './writeRenderedFiles';

const file = (path: string, content = path, mode?: number) => ({
  path,
  content: Buffer.from(content),
  mode,
});

describe('writeRenderedFiles', () => {
  const mockDir = createMockDirectory();
  const outside = createMockDirectory();
  beforeEach(() => {
    mockDir.clear();
    outside.clear();
  });

  it('creates the target and writes files with their modes', async () => {
    const target = mockDir.resolve('out/service');
    await expect(
      writeRenderedFiles(
        [file('a.txt'), file('bin/run.sh', '#!/bin/sh', 0o755)],
        target,
      ),
    ).resolves.toEqual(['a.txt', 'bin/run.sh']);
    expect(mockDir.content()).toEqual({
      out: { service: { 'a.txt': 'a.txt', bin: { 'run.sh': '#!/bin/sh' } } },
    });
    expect(fs.statSync(`${target}/bin/run.sh`).mode & 0o777).toBe(0o755);
  });

  it.each([
    '../escape.txt',
    'a/../../escape.txt',
    '/etc/escape',
    'C:\\escape',
    'a//b',
    './a',
    '',
  ])('rejects the unsafe path %j and writes nothing', async unsafe => {
    await expect(
      writeRenderedFiles(
        [file('ok.txt'), file(unsafe)],
        mockDir.resolve('out'),
      ),
    ).rejects.toThrow(WriteError);
    expect(mockDir.content()).toEqual({});
  });

  it('refuses a non-empty target unless overwrite is given', async () => {
    mockDir.setContent({ 'a.txt': 'mine', 'keep.txt': 'keep' });
    await expect(
      writeRenderedFiles([file('a.txt', 'new')], mockDir.path),
    ).rejects.toThrow(/is not empty; pass the overwrite option/);
    expect(mockDir.content()).toEqual({ 'a.txt': 'mine', 'keep.txt': 'keep' });

    await writeRenderedFiles([file('a.txt', 'new')], mockDir.path, {
      overwrite: true,
    });
    expect(mockDir.content()).toEqual({ 'a.txt': 'new', 'keep.txt': 'keep' });
  });

  it('never writes through a symlink in the target', async () => {
    mockDir.setContent({
      src: ctx => ctx.symlink(outside.path),
      'link.txt': ctx => ctx.symlink(outside.resolve('victim.txt')),
    });
    outside.setContent({ 'victim.txt': 'original' });

    await expect(
      writeRenderedFiles([file('src/index.ts')], mockDir.path, {
        overwrite: true,
      }),
    ).rejects.toThrow(/Refusing to write through symlink '.*src'/);
    await expect(
      writeRenderedFiles([file('link.txt')], mockDir.path, { overwrite: true }),
    ).rejects.toThrow(
      /Refusing to replace '.*link.txt': it is not a regular file/,
    );
    expect(outside.content()).toEqual({ 'victim.txt': 'original' });
  });

  it('rolls back everything when a write fails midway', async () => {
    mockDir.setContent({ existing: { 'a.txt': 'old' } });
    const target = mockDir.resolve('existing');
    // 'b' is written as a file, so 'b/c.txt' cannot be created below it.
    await expect(
      writeRenderedFiles(
        [file('a.txt', 'new'), file('d/e.txt'), file('b'), file('b/c.txt')],
        target,
        { overwrite: true },
      ),
    ).rejects.toThrow(/exists and is not a directory/);
    expect(mockDir.content()).toEqual({ existing: { 'a.txt': 'old' } });

    await expect(
      writeRenderedFiles(
        [file('b'), file('b/c.txt')],
        mockDir.resolve('new/dir'),
      ),
    ).rejects.toThrow();
    expect(mockDir.content()).toEqual({ existing: { 'a.txt': 'old' } });
  });
});
