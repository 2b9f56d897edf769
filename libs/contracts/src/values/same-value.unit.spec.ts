import { sameValue } from './same-value';

describe('sameValue', () => {
  it('takes objects with the same fields in another order, or with undefined fields, for the same', () => {
    expect(sameValue({ kind: 'shelter', name: 'A' }, { name: 'A', kind: 'shelter' })).toBe(true);
    expect(sameValue({ kind: 'office', note: undefined }, { kind: 'office' })).toBe(true);
    expect(sameValue({ kind: 'office' }, { kind: 'office', note: undefined })).toBe(true);
    expect(sameValue({ a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'x' }] } })).toBe(true);
  });

  it('tells values apart by a field, an array item or its order, or a type', () => {
    expect(sameValue({ kind: 'office' }, { kind: 'shelter' })).toBe(false);
    expect(sameValue({ kind: 'office' }, { kind: 'office', code: '3601' })).toBe(false);
    expect(sameValue({ kind: 'office', code: '3601' }, { kind: 'office' })).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});
