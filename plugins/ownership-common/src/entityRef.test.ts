import { normalizeRef, parseRef, refKey, stringifyRef } from './entityRef';

describe('parseRef', () => {
  it.each([
    [
      'team-a',
      { defaultKind: 'group' },
      { kind: 'group', namespace: 'default', name: 'team-a' },
    ],
    [
      'user:olga',
      { defaultKind: 'group' },
      { kind: 'user', namespace: 'default', name: 'olga' },
    ],
    [
      'Group:Payments/Team-A',
      {},
      { kind: 'group', namespace: 'Payments', name: 'Team-A' },
    ],
    [
      'ns/x',
      { defaultKind: 'api', defaultNamespace: 'other' },
      { kind: 'api', namespace: 'ns', name: 'x' },
    ],
    [
      'x',
      { defaultKind: 'api', defaultNamespace: 'other' },
      { kind: 'api', namespace: 'other', name: 'x' },
    ],
    // A slash before the colon: everything after the slash is the name, as in Backstage.
    [
      'ns/a:b',
      { defaultKind: 'component' },
      { kind: 'component', namespace: 'ns', name: 'a:b' },
    ],
    [
      { kind: 'API', name: 'x' },
      {},
      { kind: 'api', namespace: 'default', name: 'x' },
    ],
  ])('parses %j', (ref, context, expected) => {
    expect(parseRef(ref, context)).toEqual(expected);
  });

  it.each([
    ['component:'],
    [':x'],
    ['ns/'],
    ['/x'],
    ['a:/x'],
    [''],
    [null],
    [42],
    [{ name: 1 }],
    [[]],
  ])('rejects %j', ref => {
    expect(parseRef(ref, { defaultKind: 'component' })).toBeUndefined();
  });

  it('needs a kind', () => {
    expect(parseRef('x')).toBeUndefined();
  });

  it('stringifies and normalises', () => {
    const ref = parseRef('Component:NS/Name')!;
    expect(stringifyRef(ref)).toBe('component:NS/Name');
    expect(refKey(ref)).toBe('component:ns/name');
    expect(
      normalizeRef('Name', {
        defaultKind: 'Component',
        defaultNamespace: 'NS',
      }),
    ).toBe('component:ns/name');
  });
});
