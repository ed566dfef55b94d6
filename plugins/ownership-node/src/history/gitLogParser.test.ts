import { CommitRecord } from '@conway/plugin-ownership-common';
import { GitLogParser, parseRenamePath, unquotePath } from './gitLogParser';

describe('GitLogParser', () => {
  it('reads headers, numstat lines, renames and binary files', () => {
    const commits: CommitRecord[] = [];
    const parser = new GitLogParser(c => commits.push(c));
    const sha = 'a'.repeat(40);
    for (const line of [
      `\x1e${sha}\x1f1700000000\x1fann@x.example\x1fAnn Lee`,
      '',
      '3\t1\tsrc/{old => new}/a.ts',
      '-\t-\tlogo.png',
      '0\t0\tREADME => docs/README',
      'garbage',
      `\x1enot-a-sha\x1fx\x1f\x1f`,
      `\x1e${'b'.repeat(40)}\x1f1700000100\x1f\x1fNobody`,
      '1\t0\t"sp\\303\\251cial\\tname"',
    ]) {
      parser.line(line);
    }
    parser.flush();
    expect(commits).toEqual([
      {
        sha,
        time: 1700000000,
        authorEmail: 'ann@x.example',
        authorName: 'Ann Lee',
        files: [
          {
            path: 'src/new/a.ts',
            oldPath: 'src/old/a.ts',
            added: 3,
            deleted: 1,
          },
          { path: 'logo.png', added: 0, deleted: 0, binary: true },
          { path: 'docs/README', oldPath: 'README', added: 0, deleted: 0 },
        ],
      },
      {
        sha: 'b'.repeat(40),
        time: 1700000100,
        authorEmail: '',
        authorName: 'Nobody',
        files: [{ path: 'spécial\tname', added: 1, deleted: 0 }],
      },
    ]);
    expect(parser.unparseableLines).toBe(1);
    expect(parser.unparseableCommits).toBe(1);
    expect(parser.firstUnparseable).toBe('garbage');
  });

  it('joins rename paths with empty sides', () => {
    expect(parseRenamePath('src/{ => sub}/a.ts')).toEqual({
      oldPath: 'src/a.ts',
      path: 'src/sub/a.ts',
    });
    expect(unquotePath('plain')).toBe('plain');
  });
});
