// The "inquiries waiting" row of a case, folded from its tracing events, and how the list shows
// it at a moment (pure).
import { examples } from '@dinsos/contracts';
import type { RecordedEvent } from '@dinsos/event-store';
import { recordedEventsOf } from '@dinsos/platform/testing';
import { bantenOfficeDirectory } from '@dinsos/service-standards';
import { evolveWorklistRow, listed, nextDueAt, type WorklistRow } from './worklist.projection';
import { mostUrgent, waitingStateOf, worklistItemOf } from './worklist.view';

const caseId = '3603-2026-000011';
const event = recordedEventsOf('tracing', caseId, {
  actor: { id: 'family-tracing', role: 'service', officeCode: '3603' },
});
const fold = (events: RecordedEvent[], from?: WorklistRow) =>
  events.reduce<WorklistRow | undefined>((row, next) => evolveWorklistRow(row, next), from)!;

const started = event('TracingStarted', {
  clientId: 'client-1',
  owningOfficeCode: '3603',
  serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
  startedBy: { eventType: 'RecommendationMade', recommendation: 'traceFamily' },
  inquiryPeriodDays: 7,
  consentRequired: false,
});
const sent = (inquiryId: string, dueDate: string, channel = 'village') =>
  event('InquirySent', {
    inquiryId,
    clientId: 'client-1',
    channel,
    addressee: { name: 'Kelurahan Sukamaju', regionCode: '3603010001' },
    letterNumber: `400/${inquiryId}/Dinsos`,
    letter: examples.exampleEncryptedField('key-1', 'letter'),
    sentOn: '2026-03-02',
    dueDate,
    dueAt: `${dueDate}T23:59:59.999+07:00`,
  });
const answered = (inquiryId: string) =>
  event('InquiryAnswered', {
    inquiryId,
    clientId: 'client-1',
    answeredOn: '2026-03-04',
    answer: examples.exampleEncryptedField('key-1', 'answer'),
    evidence: [],
  });
const assigned = (officerId: string) =>
  event('TracingOfficerAssigned', { officerId, how: 'assignedBySupervisor' });

describe('the inquiries-waiting row', () => {
  it('keeps the inquiries sent and not answered, earliest due first on the list', () => {
    const row = fold([
      started,
      assigned('yanti'),
      sent('inq-1', '2026-03-09'),
      sent('inq-2', '2026-03-06', 'district'),
      sent('inq-3', '2026-03-08', 'disdukcapil'),
    ]);
    expect(row).toMatchObject({
      caseId,
      started: true,
      status: 'tracing',
      officeCode: '3603',
      officerId: 'yanti',
      startedAt: '2026-03-02T02:15:00.000Z',
    });
    expect(Object.keys(row.inquiries)).toEqual(['inq-1', 'inq-2', 'inq-3']);
    expect(row.inquiries['inq-2']).toEqual({
      inquiryId: 'inq-2',
      channel: 'district',
      addressee: { name: 'Kelurahan Sukamaju', regionCode: '3603010001' },
      letterNumber: '400/inq-2/Dinsos',
      sentOn: '2026-03-02',
      dueDate: '2026-03-06',
      dueAt: '2026-03-06T23:59:59.999+07:00',
      overdueRecorded: false,
    });
    expect(nextDueAt(row)).toBe('2026-03-06T16:59:59.999Z');
    expect(listed(row)).toBe(true);

    const after = fold(
      [
        answered('inq-2'),
        event('IdentityVerificationReceived', {
          inquiryId: 'inq-3',
          clientId: 'client-1',
          nikFound: true,
          matchLevel: 'high',
          answeredBy: examples.exampleEncryptedField('key-1', 'answeredBy'),
          answeredAt: '2026-03-05T10:00:00+07:00',
        }),
      ],
      row,
    );
    expect(Object.keys(after.inquiries)).toEqual(['inq-1']);
    expect(nextDueAt(after)).toBe('2026-03-09T16:59:59.999Z');
    expect(listed(fold([answered('inq-1')], after))).toBe(false);
  });

  it('notes an overdue recorded by the timer, and forgets it once answered late', () => {
    const row = fold([
      started,
      sent('inq-1', '2026-03-06'),
      event('InquiryOverdue', { inquiryId: 'inq-1', dueAt: '2026-03-06T23:59:59.999+07:00' }),
      event('InquiryOverdue', { inquiryId: 'unknown', dueAt: '2026-03-06T23:59:59.999+07:00' }),
    ]);
    expect(row.inquiries['inq-1'].overdueRecorded).toBe(true);
    expect(Object.keys(row.inquiries)).toEqual(['inq-1']);
    expect(fold([answered('inq-1')], row).inquiries).toEqual({});
  });

  it('moves to the receiving office on a transfer, without its officer', () => {
    const row = fold([started, assigned('yanti'), sent('inq-1', '2026-03-06')]);
    const moved = fold(
      [
        event(
          'TracingTransferred',
          { fromOfficeCode: '3603', toOfficeCode: '36', previousOfficerId: 'yanti' },
          { officeCode: '36' },
        ),
      ],
      row,
    );
    expect(moved).toMatchObject({ officeCode: '36', officerId: null });
    expect(Object.keys(moved.inquiries)).toEqual(['inq-1']);
    expect(fold([assigned('rudi')], moved).officerId).toBe('rudi');
  });

  it('keeps the office of a transfer that came before the start, listed only once started', () => {
    const early = fold([
      event(
        'TracingTransferred',
        { fromOfficeCode: '3603', toOfficeCode: '36' },
        { officeCode: '36' },
      ),
    ]);
    expect(early).toMatchObject({ started: false, status: null, officeCode: '36' });
    expect(listed(early)).toBe(false);
    expect(fold([started], early)).toMatchObject({ started: true, officeCode: '36' });
  });

  it('leaves the list when the tracing closes, and comes back when reopened', () => {
    const row = fold([started, sent('inq-1', '2026-03-06'), sent('inq-2', '2026-03-07')]);
    const notFound = fold(
      [event('FamilyNotFound', { clientId: 'client-1', channelsTried: ['village'], reason: 'x' })],
      row,
    );
    expect(notFound.status).toBe('familyNotFound');
    expect(listed(notFound)).toBe(false);
    const reopened = fold(
      [
        event('TracingReopened', {
          clientId: 'client-1',
          reason: examples.exampleEncryptedField('key-1', 'reason'),
        }),
      ],
      notFound,
    );
    expect(listed(reopened)).toBe(true);
    expect(listed(fold([event('FamilyFound', { clientId: 'client-1' })], reopened))).toBe(false);
  });

  it('ignores the events it does not keep', () => {
    const row = fold([started, sent('inq-1', '2026-03-06')]);
    expect(
      fold([event('TracingConsentRecorded', { clientId: 'client-1', givenBy: 'client' })], row),
    ).toBe(row);
  });
});

describe('an inquiry waiting, at a moment', () => {
  const due = { dueAt: '2026-03-06T23:59:59.999+07:00' };
  it('is waiting before its day, due today on it, overdue after (in the office’s zone)', () => {
    expect(waitingStateOf(due, new Date('2026-03-05T16:59:59Z'), 'Asia/Jakarta')).toBe('waiting');
    expect(waitingStateOf(due, new Date('2026-03-05T17:00:00Z'), 'Asia/Jakarta')).toBe('dueToday');
    expect(waitingStateOf(due, new Date('2026-03-06T16:59:59.999Z'), 'Asia/Jakarta')).toBe(
      'dueToday',
    );
    expect(waitingStateOf(due, new Date('2026-03-06T17:00:00Z'), 'Asia/Jakarta')).toBe('overdue');
    // In WITA the same instant falls at 00:59 on the 7th: due today only on the 7th.
    expect(waitingStateOf(due, new Date('2026-03-06T10:00:00Z'), 'Asia/Makassar')).toBe('waiting');
    expect(waitingStateOf(due, new Date('2026-03-06T16:30:00Z'), 'Asia/Makassar')).toBe('dueToday');
  });

  it('is overdue once the timer said so, whatever the clock', () => {
    expect(
      waitingStateOf(
        { ...due, overdueRecorded: true },
        new Date('2026-03-01T00:00:00Z'),
        'Asia/Jakarta',
      ),
    ).toBe('overdue');
    expect(mostUrgent(['waiting', 'overdue', 'dueToday'])).toBe('overdue');
    expect(mostUrgent(['waiting', 'dueToday'])).toBe('dueToday');
    expect(mostUrgent([])).toBe('waiting');
  });

  it('gives the item its inquiries most urgent first, instants in the owning office’s offset', () => {
    const row = fold([
      started,
      assigned('yanti'),
      sent('inq-b', '2026-03-09'),
      sent('inq-a', '2026-03-06'),
    ]);
    const item = worklistItemOf(row, new Date('2026-03-06T03:00:00Z'), bantenOfficeDirectory);
    expect(item).toMatchObject({
      caseId,
      officeCode: '3603',
      timeZone: 'Asia/Jakarta',
      officerId: 'yanti',
      status: 'tracing',
      startedAt: '2026-03-02T09:15:00.000+07:00',
      nextDueAt: '2026-03-06T23:59:59.999+07:00',
      state: 'dueToday',
    });
    expect(
      item.inquiries.map(({ inquiryId, dueDate, state, candidateId }) => ({
        inquiryId,
        dueDate,
        state,
        candidateId,
      })),
    ).toEqual([
      { inquiryId: 'inq-a', dueDate: '2026-03-06', state: 'dueToday', candidateId: null },
      { inquiryId: 'inq-b', dueDate: '2026-03-09', state: 'waiting', candidateId: null },
    ]);
  });
});
