import { InvalidStreamId } from './errors';
import { categoryOf, parseStreamId, streamIdOf } from './streamId';

describe('stream ids', () => {
  it('split at the first hyphen: the id may hold hyphens, the category may not', () => {
    expect(parseStreamId('intakeCase-36-2024-0001')).toEqual({
      category: 'intakeCase',
      id: '36-2024-0001',
    });
    expect(categoryOf('client-6f1c2b1e-9a8b-4c1d-8e2f-0a1b2c3d4e5f')).toBe('client');
    expect(streamIdOf('complaint', 'c-9')).toBe('complaint-c-9');
  });

  it.each([
    ['', 'non-empty'],
    ['intakeCase', '<category>-<id>'],
    ['-1', 'category is empty'],
    ['intakeCase-', 'id after the category is empty'],
    ['intake case-1', 'letters'],
    ['1intake-1', 'starting with a letter'],
    ['intakeCase-a b', 'the id'],
    ['intakeCase-\u0000', 'the id'],
    [`x-${'a'.repeat(200)}`, 'longer than'],
  ])('refuses %j (%s)', (streamId, reason) => {
    expect(() => parseStreamId(streamId)).toThrow(InvalidStreamId);
    expect(() => parseStreamId(streamId)).toThrow(reason);
  });

  it('refuses a category with a hyphen where the category is given on its own', () => {
    expect(() => streamIdOf('intake-case', '1')).toThrow('must not contain a hyphen');
    expect(() => streamIdOf('intakeCase', '')).toThrow(InvalidStreamId);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}])
      expect(() => parseStreamId(value)).toThrow(InvalidStreamId);
  });
});
