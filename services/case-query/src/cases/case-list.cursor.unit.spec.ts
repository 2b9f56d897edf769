import { decodeCaseListCursor, encodeCaseListCursor } from './case-list.cursor';

describe('the case list’s cursor', () => {
  it('round-trips, for instants and for case numbers', () => {
    for (const cursor of [
      { sort: 'openedAt' as const, key: '2026-03-02 03:05:00+00', caseId: '3603-2026-000001' },
      { sort: 'nextDueAt' as const, key: 'infinity', caseId: 'c' },
      { sort: 'caseNumber' as const, key: '3603-2026-000001', caseId: '3603-2026-000001' },
    ]) {
      expect(decodeCaseListCursor(encodeCaseListCursor(cursor))).toEqual(cursor);
    }
  });

  it('refuses what the list never wrote', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeCaseListCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCaseListCursor(forged(['colour', 'x', 'c']))).toBeUndefined();
    expect(decodeCaseListCursor(forged(['openedAt', "'; drop table x", 'c']))).toBeUndefined();
    expect(decodeCaseListCursor(forged(['caseNumber', 'x', '']))).toBeUndefined();
    expect(decodeCaseListCursor(forged({ sort: 'openedAt' }))).toBeUndefined();
  });
});
