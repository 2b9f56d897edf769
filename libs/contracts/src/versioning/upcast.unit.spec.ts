import {
  latestSchemaVersion,
  supersededEventDefinitions,
  validateEvent,
} from '../catalogue/catalogue';
import { SchemaViolationError, UnknownEventTypeError } from '../errors';
import { exampleReportReceived, exampleReportReceivedV1 } from '../examples/example-events';
import { reportSourceKindFromText } from './report-received-v1-to-v2';
import { upcast, upcasters } from './upcast';

describe('upcasting ReportReceived v1 to v2', () => {
  it('reads a stored v1 payload as a valid v2 payload', () => {
    const stored = exampleReportReceivedV1();
    const { schemaVersion, payload } = upcast('ReportReceived', 1, stored);
    expect(schemaVersion).toBe(2);
    expect(validateEvent('ReportReceived', 2, payload).ok).toBe(true);
    expect(payload.source).toEqual({ kind: 'police', name: 'Polsek Cikarang Pusat' });
    expect(payload.letter).toEqual({
      number: 'B/123/III/2025/Sek.CKP',
      issuer: 'Polsek Cikarang Pusat',
    });
    expect(payload.escorts).toEqual([]);
  });

  it('moves personal fields over as they are: it never reads ciphertext', () => {
    const stored = exampleReportReceivedV1();
    const { payload } = upcast('ReportReceived', 1, stored);
    expect(payload.reporter).toEqual(stored.reporter);
    expect(payload.foundAt).toEqual(stored.foundAt);
  });

  it('has no letter when v1 had no letter number', () => {
    const { coveringLetterNumber: _none, ...stored } = exampleReportReceivedV1();
    expect(
      upcast('ReportReceived', 1, { ...stored, source: 'warga sekitar' }).payload,
    ).toMatchObject({
      source: { kind: 'public', name: 'warga sekitar' },
    });
    expect('letter' in upcast('ReportReceived', 1, stored).payload).toBe(false);
  });

  it.each([
    ['Polres Metro Bekasi', 'police'],
    ['Dinas Sosial Kabupaten Lebak', 'regencyDinsos'],
    ['Kecamatan Cikarang Utara', 'district'],
    ['Kelurahan Sukamahi', 'village'],
    ['Kepala Desa Sukamahi', 'village'],
    ['Masyarakat', 'public'],
    ['Rumah Sakit Umum Daerah', 'otherAgency'],
  ])('reads the free-text source %j as %s', (text, kind) => {
    expect(reportSourceKindFromText(text)).toBe(kind);
  });
});

describe('upcast', () => {
  it('passes the latest version through, checked', () => {
    const payload = exampleReportReceived();
    expect(upcast('ReportReceived', 2, payload)).toEqual({ schemaVersion: 2, payload });
  });

  it('refuses a stored payload that does not match its own version', () => {
    expect(() => upcast('ReportReceived', 1, { source: 42 })).toThrow(SchemaViolationError);
  });

  it('refuses a version the catalogue does not have', () => {
    expect(() => upcast('ReportReceived', 7, {})).toThrow(UnknownEventTypeError);
  });

  it('has one upcaster for every superseded version', () => {
    for (const definition of supersededEventDefinitions) {
      for (
        let version = definition.version;
        version < latestSchemaVersion(definition.type);
        version++
      ) {
        expect(
          upcasters.filter((u) => u.type === definition.type && u.fromVersion === version),
        ).toHaveLength(1);
      }
    }
  });
});
