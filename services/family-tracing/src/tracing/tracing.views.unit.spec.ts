// Who may read a tracing's personal fields, and what a reader without a purpose sees (pure).
import { examples } from '@dinsos/contracts';
import { recordedEventsOf } from '@dinsos/platform/testing';
import { bantenOfficeDirectory } from '@dinsos/service-standards';
import { withheldField as withheld, withheldPersonalFields } from '@dinsos/platform';
import { tracingReading, tracingViewOf } from './tracing.views';

const caseId = '3603-2026-000021';
const event = recordedEventsOf('tracing', caseId, {
  actor: { id: 'tracer-3603', role: 'tracing-officer', officeCode: '3603' },
});
const secret = (label: string) => examples.exampleEncryptedField('key-1', label);

describe('reading a tracing’s personal fields', () => {
  it('allows familyTracing to tracing officers and supervisors, audit to auditors, no purpose to all', () => {
    const allowed = (role: string, purpose?: 'familyTracing' | 'audit') => {
      try {
        tracingReading.assertMayRead({ role } as never, purpose);
        return true;
      } catch {
        return false;
      }
    };
    expect(allowed('tracing-officer', 'familyTracing')).toBe(true);
    expect(allowed('supervisor', 'familyTracing')).toBe(true);
    expect(allowed('auditor', 'audit')).toBe(true);
    for (const role of ['intake-officer', 'social-worker', 'auditor']) {
      expect(allowed(role, 'familyTracing')).toBe(false);
    }
    for (const role of ['tracing-officer', 'supervisor', 'intake-officer']) {
      expect(allowed(role, 'audit')).toBe(false);
    }
    expect(allowed('intake-officer')).toBe(true);
  });

  it('folds the stream into the view, with the waiting inquiries judged at the clock', async () => {
    const events = [
      event('TracingStarted', {
        clientId: 'client-1',
        owningOfficeCode: '3603',
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
        startedBy: { eventType: 'RecommendationMade', recommendation: 'traceFamily' },
        inquiryPeriodDays: 7,
        consentRequired: true,
      }),
      event('TracingConsentRecorded', { clientId: 'client-1', givenBy: 'guardian' }),
      event('InquirySent', {
        inquiryId: 'inq-1',
        clientId: 'client-1',
        channel: 'police',
        addressee: { name: 'Polsek Cisoka' },
        letterNumber: '400/1/Dinsos',
        letter: secret('letter'),
        sentOn: '2026-03-02',
        dueDate: '2026-03-04',
        dueAt: '2026-03-04T23:59:59.999+07:00',
      }),
      event('TracingTransferred', { fromOfficeCode: '3603', toOfficeCode: '36' }),
    ];
    const view = await tracingViewOf(caseId, events, {
      payloadOf: async (recorded) => withheldPersonalFields(recorded.payload) as never,
      now: new Date('2026-03-05T00:00:00Z'),
      offices: bantenOfficeDirectory,
    });
    expect(view).toMatchObject({
      revision: 3,
      status: 'tracing',
      officeCode: '36',
      officerId: null,
      startedAt: '2026-03-02T09:15:00.000+07:00',
      consent: {
        required: true,
        recorded: true,
        records: [
          {
            givenBy: 'guardian',
            recorded: { at: '2026-03-02T09:15:00.000+07:00', by: 'tracer-3603' },
          },
        ],
      },
      transfers: [expect.objectContaining({ fromOfficeCode: '3603', toOfficeCode: '36' })],
      inquiries: {
        'inq-1': { letter: withheld, status: 'sent', waitingState: 'overdue', answer: null },
      },
      inquiriesWaiting: ['inq-1'],
      outcome: null,
      outcomeHistory: [],
    });
  });
});
