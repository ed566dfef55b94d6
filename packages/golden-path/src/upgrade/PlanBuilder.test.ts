import { PlanBuilder } from './PlanBuilder';

describe('PlanBuilder', () => {
  it('turns a change into a conflict with the message of its kind, or the one given', () => {
    const plan = new PlanBuilder('2.0.0');
    const a = plan.change({ path: 'a.txt', action: 'merged' });
    const b = plan.change({ path: 'b.txt', action: 'unchanged' });
    plan.conflict(a, 'content');
    plan.conflict(b, 'not-a-file', "'b.txt' is a directory");
    expect(plan.changes).toEqual([
      { path: 'a.txt', action: 'conflict', conflict: 'content' },
      { path: 'b.txt', action: 'conflict', conflict: 'not-a-file' },
    ]);
    expect(plan.conflicts).toEqual([
      {
        path: 'a.txt',
        kind: 'content',
        message:
          'the template and the service changed the same lines: resolve the conflict markers',
      },
      { path: 'b.txt', kind: 'not-a-file', message: "'b.txt' is a directory" },
    ]);
  });

  it('keeps the service’s binary file and writes the template’s beside it', () => {
    const plan = new PlanBuilder('2.0.0');
    const logo = plan.change({ path: 'logo.png', action: 'unchanged' });
    const theirs = { content: Buffer.from([0, 1]), executable: false };
    plan.binaryConflict(logo, theirs);
    expect(plan.changes).toEqual([
      {
        path: 'logo.png',
        action: 'conflict',
        conflict: 'binary',
        templateCopy: 'logo.png.template-2.0.0',
      },
      { path: 'logo.png.template-2.0.0', action: 'added' },
    ]);
    expect(plan.conflicts).toEqual([
      {
        path: 'logo.png',
        kind: 'binary',
        templateCopy: 'logo.png.template-2.0.0',
        message:
          "a binary file both the template and the service changed: the service's is kept, the template's 2.0.0 is in logo.png.template-2.0.0",
      },
    ]);
    expect(plan.operations()).toEqual([
      {
        type: 'write',
        path: 'logo.png.template-2.0.0',
        content: theirs.content,
        executable: false,
      },
    ]);
  });

  it('lists deletions first, then writes, each in code-point order', () => {
    const plan = new PlanBuilder('2.0.0');
    const content = Buffer.from('x');
    for (const file of ['b.txt', 'B.txt', 'a.txt']) {
      plan.write(file, content, file === 'a.txt', {
        path: file,
        action: 'added',
      });
    }
    plan.deletes.add('z.txt');
    plan.deletes.add('old.txt');
    expect(plan.operations().map(op => `${op.type} ${op.path}`)).toEqual([
      'delete old.txt',
      'delete z.txt',
      'write B.txt',
      'write a.txt',
      'write b.txt',
    ]);
  });
});
