import { InvalidPosition } from './errors';
import { comparePositions, parsePosition, Position } from './position';

describe('Position', () => {
  const positions = [
    Position.start,
    Position.of(0n, 7n),
    Position.of(1n, 0n),
    Position.of(1n, 255n),
    Position.of(2n ** 32n + 5n, 1n),
    Position.of(2n ** 64n - 1n, 2n ** 64n - 1n),
  ];

  it('compares by the first number, then the second', () => {
    for (let i = 0; i < positions.length; i++) {
      for (let j = 0; j < positions.length; j++) {
        expect(Math.sign(comparePositions(positions[i], positions[j]))).toBe(Math.sign(i - j));
      }
    }
    expect(positions[2].isAfter(positions[1])).toBe(true);
    expect(positions[1].isBefore(positions[2])).toBe(true);
    expect(Position.max(positions[3], positions[2])).toBe(positions[3]);
  });

  it('serialises to a string that parses back and sorts as text like the positions', () => {
    const strings = positions.map((p) => p.toString());
    expect(strings.map((s) => parsePosition(s).equals(Position.parse(s)))).toEqual(
      strings.map(() => true),
    );
    expect(strings.map((s) => Position.parse(s).toString())).toEqual(strings);
    expect([...strings].reverse().sort()).toEqual(strings);
    expect(Position.of(1n, 255n).toString()).toBe('0000000000000001-00000000000000ff');
    expect(JSON.stringify({ at: Position.of(1n, 2n) })).toBe(
      '{"at":"0000000000000001-0000000000000002"}',
    );
  });

  it('refuses strings it did not make, and numbers outside 64 bits', () => {
    for (const text of [
      '',
      '1-2',
      '0000000000000001_0000000000000002',
      '0000000000000001-000000000000000G',
      'X'.repeat(33),
    ]) {
      expect(() => Position.parse(text)).toThrow(InvalidPosition);
    }
    expect(() => Position.of(-1n, 0n)).toThrow(InvalidPosition);
    expect(() => Position.of(0n, 2n ** 64n)).toThrow(InvalidPosition);
  });
});
