import { changelogBetween } from './changelog';
import { isBinary, similarity } from './fileContent';
import { addAddConflict, detectRenames } from './planUpgrade';
import { compareVersions, latestVersion, sortVersions } from './semver';

describe('semver', () => {
  it('sorts by precedence, pre-releases before their release', () => {
    expect(
      sortVersions([
        '1.10.0',
        '1.2.0',
        '2.0.0',
        '2.0.0-rc.1',
        '2.0.0-alpha',
        '2.0.0-rc.10',
        '2.0.0-rc.2',
        '1.2.0+build.5',
      ]),
    ).toEqual([
      '1.2.0',
      '1.2.0+build.5',
      '1.10.0',
      '2.0.0-alpha',
      '2.0.0-rc.1',
      '2.0.0-rc.2',
      '2.0.0-rc.10',
      '2.0.0',
    ]);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(() => compareVersions('1.0', '1.0.0')).toThrow(
      "Not a semver version: '1.0'",
    );
  });

  it('takes the newest release as the default target, pre-releases only when there is nothing else', () => {
    expect(latestVersion(['1.0.0', '2.0.0-rc.1', '1.1.0'])).toBe('1.1.0');
    expect(latestVersion(['2.0.0-rc.1', '2.0.0-rc.2'])).toBe('2.0.0-rc.2');
    expect(latestVersion([])).toBeUndefined();
  });
});

describe('changelogBetween', () => {
  const changelog = [
    '# Changelog',
    '',
    'Intro.',
    '',
    '## 2.0.0 (2025-03-01)',
    '',
    '- Two.',
    '',
    '## [1.1.0]',
    '',
    '- One one.',
    '',
    '## 1.0.0',
    '',
    '- First.',
    '',
  ].join('\n');

  it('keeps the sections after from up to to', () => {
    expect(changelogBetween(changelog, '1.0.0', '2.0.0')).toEqual({
      text: '## 2.0.0 (2025-03-01)\n\n- Two.\n\n## [1.1.0]\n\n- One one.\n',
      versions: ['2.0.0', '1.1.0'],
    });
    expect(changelogBetween(changelog, '1.0.0', '1.1.0').versions).toEqual([
      '1.1.0',
    ]);
    expect(changelogBetween(changelog, '2.0.0', '2.0.0')).toEqual({
      text: '',
      versions: [],
    });
  });
});

describe('file rules', () => {
  it('treats NUL bytes and invalid UTF-8 as binary', () => {
    expect(isBinary(Buffer.from('plain text\n'))).toBe(false);
    expect(isBinary(Buffer.from('ünïcödé\n'))).toBe(false);
    expect(isBinary(Buffer.from([0x61, 0x00, 0x62]))).toBe(true);
    expect(isBinary(Buffer.from([0xff, 0xfe, 0x61]))).toBe(true);
  });

  it('scores similarity on shared lines', () => {
    expect(similarity('a\nb\nc\nd\n', 'a\nb\nc\nd\n')).toBe(1);
    expect(similarity('a\nb\nc\nd\n', 'a\nb\nc\nx\n')).toBe(0.75);
    expect(similarity('a\nb\n', 'x\ny\n')).toBe(0);
  });

  it('pairs renames: identical content first, then the most similar text above 50%', () => {
    const buf = (s: string) => Buffer.from(s);
    const renames = detectRenames(
      new Map([
        ['old/same.txt', buf('same\ncontent\n')],
        ['old/edited.ts', buf('a\nb\nc\nd\n')],
        ['old/gone.ts', buf('nothing\nalike\n')],
      ]),
      new Map([
        ['new/same.txt', buf('same\ncontent\n')],
        ['new/edited.ts', buf('a\nb\nc\nchanged\n')],
        ['new/fresh.ts', buf('brand\nnew\n')],
      ]),
    );
    expect(Object.fromEntries(renames)).toEqual({
      'new/same.txt': 'old/same.txt',
      'new/edited.ts': 'old/edited.ts',
    });
  });

  it('writes an add/add conflict around the lines that differ', () => {
    expect(addAddConflict('# T\n\nours\n', '# T\n\ntheirs\n')).toBe(
      '# T\n\n<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n',
    );
    expect(addAddConflict('a\n', 'b\n')).toBe(
      '<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs\n',
    );
  });
});
