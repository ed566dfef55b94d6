import { classifyChanges } from './classifyChanges';
import { PlanBuilder } from './PlanBuilder';
import type { TemplateFile } from './renderVersions';
import type { OursFile } from './serviceFiles';

const RECORD = '.conway/golden-path.json';
const tf = (text: string, executable = false): TemplateFile => ({
  content: Buffer.from(text),
  executable,
});
const files = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([f, text]) => [f, tf(text)]));

/** Classifies with the service given in memory: a string is a file, `null` a directory. */
async function classify(
  base: Record<string, string>,
  theirs: Record<string, string>,
  service: Record<string, string | null>,
) {
  const read: string[] = [];
  const ours = async (file: string): Promise<OursFile> => {
    read.push(file);
    const parent = Object.keys(service).find(p => file.startsWith(`${p}/`));
    if (parent && service[parent] !== null) {
      return { kind: 'absent', blockedBy: parent };
    }
    const entry = service[file];
    if (entry === undefined) return { kind: 'absent' };
    if (entry === null) return { kind: 'other', what: 'a directory' };
    return { kind: 'file', content: Buffer.from(entry), executable: false };
  };
  const plan = new PlanBuilder('2.0.0');
  await classifyChanges(
    {
      base: files(base),
      theirs: files(theirs),
      targetRecord: Buffer.from('{"version":"2.0.0"}'),
    },
    ours,
    plan,
  );
  const changes = Object.fromEntries(
    plan.changes.map(c => [
      c.path,
      [c.action, c.conflict, c.from].filter(Boolean).join(' '),
    ]),
  );
  const writes = Object.fromEntries(
    [...plan.writes].map(([f, w]) => [f, w.content.toString('utf8')]),
  );
  return { plan, changes, writes, deletes: [...plan.deletes], read };
}

describe('classifyChanges', () => {
  it('updates what only the template changed, deletes what it dropped, adds what it added', async () => {
    const result = await classify(
      { 'same.txt': 's\n', 'changed.txt': 'v1\n', 'gone.txt': 'g\n' },
      { 'same.txt': 's\n', 'changed.txt': 'v2\n', 'added.txt': 'new\n' },
      {
        'same.txt': 's\n',
        'changed.txt': 'v1\n',
        'gone.txt': 'g\n',
        [RECORD]: '{"version":"1.0.0"}',
      },
    );
    expect(result.changes).toEqual({
      'added.txt': 'added',
      'changed.txt': 'updated',
      'gone.txt': 'deleted',
      'same.txt': 'unchanged',
      [RECORD]: 'updated',
    });
    expect(result.writes).toEqual({
      'added.txt': 'new\n',
      'changed.txt': 'v2\n',
      [RECORD]: '{"version":"2.0.0"}',
    });
    expect(result.deletes).toEqual(['gone.txt']);
    expect(result.plan.conflicts).toEqual([]);
  });

  it('leaves files the team changed or deleted to a person', async () => {
    const result = await classify(
      { 'kept.txt': 'k\n', 'deleted.txt': 'd1\n', 'both.txt': 'x\n' },
      { 'deleted.txt': 'd2\n', 'both.txt': 'x\n', 'clash.txt': 'theirs\n' },
      { 'kept.txt': 'team\n', 'clash.txt': 'ours\n', 'both.txt': 'x\n' },
    );
    expect(result.changes).toMatchObject({
      'kept.txt': 'conflict deleted-by-template-modified-by-team',
      'deleted.txt': 'conflict modified-by-template-deleted-by-team',
      'clash.txt': 'conflict added-by-both',
      'both.txt': 'unchanged',
    });
    expect(result.writes['deleted.txt']).toBe('d2\n');
    expect(result.writes['clash.txt']).toBe(
      '<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n',
    );
    expect(result.deletes).toEqual([]);
  });

  it('moves a renamed file with the team’s edits merged, unless the service already uses the new path', async () => {
    const lines = 'one\ntwo\nthree\nfour\n';
    const renamed = await classify(
      { 'old.txt': lines },
      { 'new.txt': lines },
      { 'old.txt': `${lines}team\n` },
    );
    expect(renamed.changes).toMatchObject({ 'new.txt': 'renamed old.txt' });
    expect(renamed.changes).not.toHaveProperty('old.txt');
    expect(renamed.writes['new.txt']).toBe(`${lines}team\n`);
    expect(renamed.deletes).toEqual(['old.txt']);

    const taken = await classify(
      { 'old.txt': lines },
      { 'new.txt': lines },
      { 'old.txt': lines, 'new.txt': 'the team’s own\n' },
    );
    expect(taken.changes).toMatchObject({
      'old.txt': 'deleted',
      'new.txt': 'conflict added-by-both',
    });
  });

  it('writes nothing where the service has a directory, or a file in the way of a parent directory', async () => {
    const result = await classify(
      { 'conf/app.yaml': 'a: 1\n' },
      { 'conf/app.yaml': 'a: 2\n', 'docs/guide.md/index.md': 'guide\n' },
      { 'conf/app.yaml': null, 'docs/guide.md': 'a file\n' },
    );
    expect(result.changes).toMatchObject({
      'conf/app.yaml': 'conflict not-a-file',
      'docs/guide.md/index.md': 'conflict not-a-file',
    });
    expect(result.plan.conflicts.map(c => c.message)).toEqual([
      "'conf/app.yaml' is a directory in the service: nothing was written there",
      "'docs/guide.md' is a file in the service, so 'docs/guide.md/index.md' cannot be written: nothing was written there",
    ]);
    expect(Object.keys(result.writes)).toEqual([RECORD]);
  });

  it('reads only the paths the template produces, and leaves an identical record alone', async () => {
    const result = await classify(
      { 'a.txt': 'a\n' },
      { 'a.txt': 'a\n' },
      { 'a.txt': 'a\n', 'team.txt': 't\n', [RECORD]: '{"version":"2.0.0"}' },
    );
    expect(result.changes).toEqual({
      'a.txt': 'unchanged',
      [RECORD]: 'unchanged',
    });
    expect(result.writes).toEqual({});
    expect([...new Set(result.read)].sort()).toEqual([RECORD, 'a.txt']);
  });
});
