import { dueDateOf, sp4nLaporComplaintSla } from '@dinsos/service-standards';
import { evolveCaseSummary, foldCaseSummary } from './case-summary';
import { bekasi, enc, eventLog, frozen, ids } from './testing/case-events';
import {
  bantenCaseId,
  bantenPath,
  bekasiAssessmentAndTracing,
  bekasiCaseId,
  bekasiOpening,
  bekasiPath,
  upTo,
} from './testing/scenarios';
import { worklistsOf } from './worklists';

const lists = (summary: Parameters<typeof worklistsOf>[0], now: string) =>
  worklistsOf(summary, now).map((entry) => entry.worklist);

describe('worklists of a Bekasi case along its path', () => {
  const { event, events } = bekasiOpening();
  const rest = bekasiAssessmentAndTracing(event);

  it('a new report waits for intake until the case opens', () => {
    const reported = foldCaseSummary(bekasiCaseId, upTo(events, 'ClientHandedOverToShelter'));
    expect(worklistsOf(reported, '2026-03-02T10:01:00+07:00')).toEqual([
      {
        worklist: 'newReports',
        role: 'intake-officer',
        caseId: bekasiCaseId,
        complaintId: null,
        officeCode: '3603',
        assigneeId: null,
        dueAt: '2026-03-09T23:59:59.999+07:00',
        sla: 'onTrack',
      },
    ]);
  });

  it('an open case is due for assessment until a recommendation stands, assigned or not', () => {
    const open = foldCaseSummary(bekasiCaseId, events);
    expect(worklistsOf(open, '2026-03-02T11:00:00+07:00')).toEqual([
      expect.objectContaining({
        worklist: 'assessmentsDue',
        role: 'social-worker',
        assigneeId: null,
      }),
    ]);
    const assigned = foldCaseSummary(bekasiCaseId, [...events, rest[0]]);
    expect(worklistsOf(assigned, '2026-03-08T20:00:00+07:00')).toEqual([
      expect.objectContaining({ worklist: 'assessmentsDue', assigneeId: 'sw-1', sla: 'atRisk' }),
    ]);
    const recommended = foldCaseSummary(bekasiCaseId, [
      ...events,
      ...upTo(rest, 'RecommendationMade'),
    ]);
    expect(lists(recommended, '2026-03-04T10:30:00+07:00')).toEqual([]);
  });

  it('inquiries waiting while tracing, with the officer and the earliest inquiry due', () => {
    const waiting = foldCaseSummary(bekasiCaseId, [...events, ...rest.slice(0, 9)]);
    expect(worklistsOf(waiting, '2026-03-07T12:00:00+07:00')).toEqual([
      {
        worklist: 'inquiriesWaiting',
        role: 'tracing-officer',
        caseId: bekasiCaseId,
        complaintId: null,
        officeCode: '3603',
        assigneeId: 'to-1',
        dueAt: '2026-03-07T23:59:59.999+07:00',
        sla: 'atRisk',
      },
    ]);
    const found = foldCaseSummary(bekasiCaseId, [...events, ...rest]);
    expect(lists(found, '2026-03-07T12:00:00+07:00')).toEqual([]);
  });

  it('a closed case is on no list', () => {
    expect(lists(foldCaseSummary(bekasiCaseId, bekasiPath()), '2026-03-09T00:00:00+07:00')).toEqual(
      [],
    );
  });
});

describe('worklists of a Banten case (institution care)', () => {
  const events = bantenPath();

  it('a consent is missing from the recommendation of institution care until it is recorded', () => {
    const recommended = foldCaseSummary(bantenCaseId, upTo(events, 'PlacementOfficerAssigned'));
    expect(worklistsOf(recommended, '2026-03-10T10:00:00+07:00')).toEqual([
      expect.objectContaining({
        worklist: 'consentsMissing',
        role: 'placement-officer',
        officeCode: '36',
        assigneeId: 'po-36',
        dueAt: '2027-03-02T23:59:59.999+07:00',
        sla: 'onTrack',
      }),
    ]);
    const consented = foldCaseSummary(bantenCaseId, upTo(events, 'ConsentRecorded'));
    expect(lists(consented, '2026-03-16T11:00:00+07:00')).toEqual([]);
  });

  it('a stay nearing its year is listed in its last 30 days, and when past its limit', () => {
    const staying = frozen(foldCaseSummary(bantenCaseId, upTo(events, 'InstitutionStayReviewed')));
    expect(lists(staying, '2026-07-01T10:00:00+07:00')).toEqual([]);
    expect(worklistsOf(staying, '2027-02-10T10:00:00+07:00')).toEqual([
      expect.objectContaining({
        worklist: 'staysNearingLimit',
        role: 'placement-officer',
        assigneeId: 'po-36',
        dueAt: '2027-03-02T23:59:59.999+07:00',
        sla: 'atRisk',
      }),
    ]);
    expect(worklistsOf(staying, '2027-03-05T10:00:00+07:00')[0]).toMatchObject({
      worklist: 'staysNearingLimit',
      sla: 'breached',
    });
  });
});

describe('complaints near breach', () => {
  const receivedAt = '2026-03-02T09:00:00+07:00';
  const due = (limit: typeof sp4nLaporComplaintSla.verify, from: string) => {
    const { dueDate, dueAt } = dueDateOf(limit, from, { timeZone: 'Asia/Jakarta' });
    return { code: limit.code, dueDate, dueAt };
  };
  const complaint = eventLog({
    caseId: bekasiCaseId,
    officeCode: '3603',
    serviceStandard: bekasi,
    firstPosition: 100,
  });
  const received = complaint('ComplaintReceived', receivedAt, {
    complaintId: 'complaint-7',
    complaintNumber: 'ADU/3603/2026/0007',
    officeCode: '3603',
    serviceStandard: bekasi,
    channel: 'phone',
    classification: 'complaint',
    text: enc('text', ids.complainantId),
    about: { caseId: bekasiCaseId },
    receivedAt,
    clocks: [
      { clock: 'verify', ...due(sp4nLaporComplaintSla.verify, receivedAt) },
      { clock: 'resolve', ...due(sp4nLaporComplaintSla.resolve, receivedAt) },
    ],
  });
  const verifiedAt = '2026-03-03T09:00:00+07:00';
  const verified = complaint('ComplaintVerified', verifiedAt, {
    complaintId: 'complaint-7',
    verifiedAt,
    clocks: [{ clock: 'followUp', ...due(sp4nLaporComplaintSla.followUp, verifiedAt) }],
  });
  const assigned = complaint('ComplaintAssigned', '2026-03-03T10:00:00+07:00', {
    complaintId: 'complaint-7',
    assignee: { kind: 'officer', officerId: 'co-7' },
  });

  it("lists a complaint about the case when a running clock is at risk, with the complaint's office", () => {
    const summary = foldCaseSummary(bekasiCaseId, [...bekasiOpening().events, received]);
    expect(lists(summary, '2026-03-03T09:00:00+07:00')).toEqual(['assessmentsDue']);
    expect(worklistsOf(summary, '2026-03-05T09:00:00+07:00')).toContainEqual({
      worklist: 'complaintsNearBreach',
      role: 'complaints-officer',
      caseId: bekasiCaseId,
      complaintId: 'complaint-7',
      officeCode: '3603',
      assigneeId: null,
      dueAt: '2026-03-05T23:59:59.999+07:00',
      sla: 'atRisk',
    });
  });

  it('once verified and assigned, follows the follow-up clock, and stays listed after the case closes', () => {
    const summary = [received, verified, assigned].reduce(
      (s, e) => evolveCaseSummary(s, e),
      foldCaseSummary(bekasiCaseId, bekasiPath()),
    );
    expect(summary.stage).toBe('closed');
    // Follow-up: 5 working days from Tuesday 3 March, due Tuesday 10 March.
    expect(lists(summary, '2026-03-04T09:00:00+07:00')).toEqual([]);
    expect(worklistsOf(summary, '2026-03-10T09:00:00+07:00')).toEqual([
      expect.objectContaining({
        worklist: 'complaintsNearBreach',
        complaintId: 'complaint-7',
        assigneeId: 'co-7',
        dueAt: '2026-03-10T23:59:59.999+07:00',
        sla: 'atRisk',
      }),
    ]);
    expect(worklistsOf(summary, '2026-03-12T09:00:00+07:00')[0].sla).toBe('breached');
  });
});
