import { mergeThreeWay } from './mergeThreeWay';

const base = 'name: orders\nport: 8080\nreplicas: 2\nimage: orders:1.0.0\n';

describe('mergeThreeWay', () => {
  it('merges changes to separate lines cleanly', () => {
    const ours = base.replace('name: orders', 'name: orders-api');
    const theirs = base.replace('image: orders:1.0.0', 'image: orders:1.1.0');
    expect(mergeThreeWay(base, ours, theirs)).toEqual({
      text: 'name: orders-api\nport: 8080\nreplicas: 2\nimage: orders:1.1.0\n',
      conflict: false,
    });
  });

  it('accepts the same change made on both sides', () => {
    const both = base.replace('port: 8080', 'port: 9090');
    expect(mergeThreeWay(base, both, both)).toEqual({
      text: both,
      conflict: false,
    });
  });

  it('treats changes to adjacent lines as a conflict, as git does', () => {
    const ours = base.replace('replicas: 2', 'replicas: 4');
    const theirs = base.replace('image: orders:1.0.0', 'image: orders:1.1.0');
    expect(mergeThreeWay(base, ours, theirs).conflict).toBe(true);
  });

  it('marks conflicting changes with git-style markers', () => {
    const ours = base.replace('port: 8080', 'port: 9090');
    const theirs = base.replace('port: 8080', 'port: 8081');
    expect(mergeThreeWay(base, ours, theirs)).toEqual({
      text: [
        'name: orders',
        '<<<<<<< ours',
        'port: 9090',
        '=======',
        'port: 8081',
        '>>>>>>> theirs',
        'replicas: 2',
        'image: orders:1.0.0',
        '',
      ].join('\n'),
      conflict: true,
    });
  });
});
