import canonicalize from 'canonicalize';
import { canonicalJson } from './canonicalJson';
import { EventNotSerialisable } from './errors';

// The reference: the `canonicalize` package, by an RFC 8785 author. canonicalJson is our
// one-pass writer; it must give the same text for everything it accepts.
describe('canonicalJson', () => {
  const samples: Record<string, unknown> = {
    'keys sorted by UTF-16 code units, not code points': {
      '\u{1F600}': 1,
      '\uFB33': 2,
      é: 3,
      a: 4,
      A: 5,
      '': 6,
      aa: 7,
      '10': 8,
      '9': 9,
    },
    'RFC 8785 number forms': {
      n: [
        0,
        -0,
        1,
        -1,
        0.1,
        1e21,
        1e-7,
        123456789012345680000,
        5e-324,
        2 ** 53 + 2,
        1.5e300,
        -1e-300,
      ],
    },
    'strings needing escapes': {
      s: ['"\\/\b\f\n\r\t', '\u0001\u001f\u007f', '\u2028\u2029', 'é 中文 😀', ''],
    },
    'nested containers and literals': {
      z: { y: [[], {}, [null, true, false]], x: { b: { a: 1 } } },
      a: [{ b: 2, a: 1 }, 'x'],
    },
    'an object without a prototype': Object.assign(Object.create(null), { b: 1, a: 2 }),
    'a top-level array': [3, 'b', { d: 1, c: 2 }],
    'a top-level string': 'plain',
    'a top-level null': null,
  };

  it.each(Object.entries(samples))('writes %s as canonicalize does', (_, value) => {
    expect(canonicalJson(value, 'value')).toBe(canonicalize(value));
  });

  it('writes every ASCII character, in values and keys, as canonicalize does', () => {
    // Plain printable ASCII takes a shortcut past JSON.stringify: check its every boundary.
    for (let code = 1; code < 0x80; code++) {
      const text = `a${String.fromCharCode(code)}z`;
      const value = { [text]: [text, String.fromCharCode(code)] };
      expect(canonicalJson(value, 'value')).toBe(canonicalize(value));
    }
  });

  it('writes randomly built documents as canonicalize does', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const build = (depth: number): unknown => {
      const kind = depth > 3 ? pick(['s', 'n', 'b']) : pick(['s', 'n', 'b', 'a', 'o', 'o']);
      if (kind === 's') return pick(['', 'x', 'é', '😀a', '"q"', 'ab\ncd', String(random())]);
      if (kind === 'n')
        return pick([random() * 1e6, -random(), Math.floor(random() * 1e9), 1e25 * random()]);
      if (kind === 'b') return pick([true, false, null]);
      if (kind === 'a')
        return Array.from({ length: Math.floor(random() * 4) }, () => build(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [
          pick(['k', 'é', 'B', 'a1', '😀', String(random())]),
          build(depth + 1),
        ]),
      );
    };
    for (let i = 0; i < 500; i++) {
      const value = build(0);
      expect(canonicalJson(value, 'value')).toBe(canonicalize(value));
    }
  });

  it.each([
    ['value.a[1]', { a: [1, Number.NaN] }, 'is NaN'],
    ['value.a', { a: () => 1 }, 'is a function, not JSON'],
    ['value.m', { m: new Map() }, 'is a Map, not a plain object'],
    ['value.k\u0000 (key)', { 'k\u0000': 1 }, 'contains \\u0000'],
    ['value.s', { s: 'x\ud800' }, 'contains a lone surrogate'],
  ])('names the path %s of what it refuses', (path, value, reason) => {
    expect(() => canonicalJson(value, 'value')).toThrow(EventNotSerialisable);
    expect(() => canonicalJson(value, 'value')).toThrow(`${path} ${reason}`);
  });

  it('refuses a cycle and symbol keys', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => canonicalJson(cyclic, 'value')).toThrow('value.self.back is a cycle');
    expect(() => canonicalJson({ [Symbol('s')]: 1 }, 'value')).toThrow('value has symbol keys');
  });

  it('accepts the same object twice when it is not its own ancestor', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: [shared, shared] }, 'value')).toBe(
      '{"x":{"a":1},"y":[{"a":1},{"a":1}]}',
    );
  });
});
