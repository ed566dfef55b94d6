import { writeJson } from './jsonWriter';

function written(value: unknown, chunkSize?: number): string {
  const chunks: string[] = [];
  writeJson(value, c => chunks.push(c), chunkSize);
  return chunks.join('');
}

describe('writeJson', () => {
  const samples: unknown[] = [
    null,
    0,
    -0,
    1.5,
    NaN,
    Infinity,
    true,
    'plain',
    'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f é 😀 lone \ud800',
    [],
    {},
    [1, 'two', null, undefined, () => 3, Symbol('s'), [[]], {}],
    {
      a: 1,
      b: undefined,
      c: () => 1,
      d: Symbol('x'),
      'key "quoted"': { nested: [{ deep: [1, 2, { deeper: 'x' }] }] },
      e: new Date(0),
      f: { toJSON: () => undefined },
      g: { toJSON: (key: string) => `key was ${key}` },
    },
    Object.assign(Object.create(null), { a: 1, 2: 'two', 1: 'one' }),
    new (class {
      x = 1;
      y = [{ z: 'é' }];
    })(),
    {
      10: 'ten',
      2: 'two',
      b: 'b',
      a: 'a',
      nested: { toJSON: () => [1, undefined] },
    },
    'x'.repeat(5000),
    // eslint-disable-next-line no-new-wrappers
    [new String('boxed'), new Number(2), new Boolean(false), new Map([[1, 2]])],
    // A hole is written as null.
    // eslint-disable-next-line no-sparse-arrays
    [new Int32Array([1, 2]), [, 1]],
    `é${'x'.repeat(5000)}`,
    {
      report: {
        findings: Array.from({ length: 500 }, (_, i) => ({
          id: `f-${i}`,
          n: i,
          ok: i % 2 === 0,
        })),
      },
    },
  ];

  it.each(samples.map(s => [s]))(
    'writes what JSON.stringify(v, null, 2) writes: %p',
    value => {
      expect(written(value)).toBe(JSON.stringify(value, null, 2));
      expect(written(value, 1)).toBe(JSON.stringify(value, null, 2));
    },
  );

  it('writes nothing for a value without a JSON form, as JSON.stringify returns undefined', () => {
    expect(written(undefined)).toBe('');
    expect(JSON.stringify(undefined)).toBeUndefined();
  });

  it('hands the text on in chunks of about the size asked for', () => {
    const chunks: string[] = [];
    const value = Array.from({ length: 2000 }, (_, i) => ({
      ref: `component:default/c-${i}`,
    }));
    writeJson(value, c => chunks.push(c), 1024);
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map(c => c.length))).toBeLessThan(1024 + 200);
    expect(chunks.join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('throws on a cycle and a bigint, as JSON.stringify does', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => written(cyclic)).toThrow(TypeError);
    expect(() => written({ n: BigInt(1) })).toThrow(TypeError);
  });

  it('writes own keys only, never a key an object inherits', () => {
    // Object.prototype polluted for the length of this test: what a for…in would pick up.
    // eslint-disable-next-line no-extend-native -- the pollution this test guards against
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 'from the prototype',
      enumerable: true,
      configurable: true,
    });
    try {
      const value = { name: 'web', nested: { owner: 'team-a' } };
      expect(written(value)).toBe(JSON.stringify(value, null, 2));
      expect(written(value)).not.toContain('polluted');
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});
