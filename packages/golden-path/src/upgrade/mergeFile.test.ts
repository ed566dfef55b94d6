import { mergeFile } from './mergeFile';

const file = (text: string | Buffer, executable = false) => ({
  content: Buffer.isBuffer(text) ? text : Buffer.from(text),
  executable,
});
const text = (merged: { content: Buffer }) => merged.content.toString('utf8');

describe('mergeFile', () => {
  it.each([
    [
      'keeps ours: the template did not change it',
      'team\n',
      'a\n',
      'unchanged',
      'team\n',
    ],
    ['takes theirs: the team did not change it', 'a\n', 'b\n', 'theirs', 'b\n'],
    ['keeps ours: both made the same change', 'b\n', 'b\n', 'unchanged', 'b\n'],
  ])('%s', (_, ours, theirs, status, content) => {
    expect(mergeFile(file('a\n'), file(ours), file(theirs))).toEqual({
      status,
      content: Buffer.from(content),
      executable: false,
    });
  });

  it('merges changes to different lines, and marks changes to the same lines', () => {
    const merge = (ours: string, theirs: string) =>
      mergeFile(
        file('one\ntwo\nthree\nfour\nfive\n'),
        file(ours),
        file(theirs),
      );
    const merged = merge(
      'ONE\ntwo\nthree\nfour\nfive\n',
      'one\ntwo\nthree\nfour\nFIVE\n',
    );
    expect(merged.status).toBe('merged');
    expect(text(merged)).toBe('ONE\ntwo\nthree\nfour\nFIVE\n');

    const conflict = merge(
      'one\nours\nthree\nfour\nfive\n',
      'one\ntheirs\nthree\nfour\nfive\n',
    );
    expect(conflict.status).toBe('conflict');
    expect(text(conflict)).toContain('<<<<<<< ours\nours\n');
  });

  it('does not merge binary files line by line', () => {
    const merged = mergeFile(
      file(Buffer.from([0, 1])),
      file(Buffer.from([0, 2])),
      file(Buffer.from([0, 3])),
    );
    expect(merged).toEqual({
      status: 'binary-conflict',
      content: Buffer.from([0, 2]),
      executable: false,
    });
  });

  it('takes the template’s change to the executable bit, else keeps the team’s', () => {
    expect(
      mergeFile(file('a\n'), file('a\n'), file('a\n', true)).executable,
    ).toBe(true);
    expect(
      mergeFile(file('a\n'), file('a\n', true), file('a\n')).executable,
    ).toBe(true);
    expect(
      mergeFile(file('a\n', true), file('a\n', true), file('b\n', false))
        .executable,
    ).toBe(false);
  });
});
