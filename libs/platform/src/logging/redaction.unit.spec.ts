import { redactLogObject, redactUrl, scrubText } from './redaction';

describe('log redaction', () => {
  it('replaces personal fields and credentials at any depth, keeping the rest', () => {
    const logged = redactLogObject({
      msg: 'visit scheduled',
      caseId: 'case-1',
      command: {
        notes: 'Anak ditemukan di terminal',
        client: {
          name: 'Budi Santoso',
          nik: '3603123456780001',
          sex: 'male',
          address: { line: 'Jl. Merdeka 1' },
        },
        escorts: [{ phone: '081234567890', organisation: 'Polsek Cikupa' }],
      },
      headers: { Authorization: 'Bearer abc' },
    });
    expect(logged).toEqual({
      msg: 'visit scheduled',
      caseId: 'case-1',
      command: {
        notes: '[REDACTED]',
        client: { name: '[REDACTED]', nik: '[REDACTED]', sex: 'male', address: '[REDACTED]' },
        escorts: [{ phone: '[REDACTED]', organisation: 'Polsek Cikupa' }],
      },
      headers: { Authorization: '[REDACTED]' },
    });
  });

  it('takes the personal field names from the contracts catalogue too', () => {
    // familyCardNumber, physicalDescription and circumstances are personal fields of intake events.
    expect(
      redactLogObject({
        familyCardNumber: 'x',
        physicalDescription: 'y',
        circumstances: 'z',
        category: 'c',
      }),
    ).toEqual({
      familyCardNumber: '[REDACTED]',
      physicalDescription: '[REDACTED]',
      circumstances: '[REDACTED]',
      category: 'c',
    });
  });

  it('scrubs tokens and 16-digit numbers (NIK, KK) out of free text', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(scrubText(`failed for ${jwt} and NIK 3603123456780001`)).toBe(
      'failed for [REDACTED-TOKEN] and NIK [REDACTED-16-DIGITS]',
    );
    expect(scrubText('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [REDACTED]');
    expect(scrubText('revision 12 of case 36-2026-0001')).toBe('revision 12 of case 36-2026-0001');
  });

  it('redacts sensitive query parameters of a URL', () => {
    expect(redactUrl('/clients?nik=3603123456780001&page=2')).toBe(
      '/clients?nik=%5BREDACTED%5D&page=2',
    );
    expect(redactUrl('/cases/c-1/visits')).toBe('/cases/c-1/visits');
  });

  it('leaves errors to the error serializer and stops at a depth limit', () => {
    const error = new Error('boom');
    expect(redactLogObject({ err: error }).err).toBe(error);
    let deep: Record<string, unknown> = { name: 'x' };
    for (let i = 0; i < 20; i += 1) deep = { inner: deep };
    expect(() => redactLogObject(deep)).not.toThrow();
  });
});
