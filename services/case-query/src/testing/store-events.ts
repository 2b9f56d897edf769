// Events as the write services append them, with payloads the contracts accept, for the read
// side's specs (ServiceDeployment.appendAs puts each under its service's role). Personal fields
// hold well-formed stand-in ciphertext: case-query never reads them.
import { examples, type ServiceName } from '@dinsos/contracts';
import type { OwnEvent } from '@dinsos/platform/testing';
import { dueDateOf, sp4nLaporComplaintSla, type TimeLimit } from '@dinsos/service-standards';
import { randomUUID } from 'node:crypto';
// The standards and the shelter of case-summary's own case paths: both describe the same cases.
import { bekasi, shelter } from '@dinsos/case-summary/testing';

export { banten, bekasi } from '@dinsos/case-summary/testing';

const officeCustody = (officeCode: string) => ({ kind: 'office', officeCode }) as const;

/** An event and the write service whose role appends it. */
export interface StoreEvent {
  service: ServiceName;
  event: OwnEvent;
}

const enc = (keyOf: string, label: string) => examples.exampleEncryptedField(`key-${keyOf}`, label);

/**
 * One case's events as intake, assessment, family tracing and placement write them; each call
 * is one event at `at` (ISO, with offset).
 */
export function caseOf(
  caseId: string,
  officeCode: string,
  standard: { code: string; version: number } = bekasi,
) {
  const clientId = randomUUID();
  const reporterId = randomUUID();
  const motherId = randomUUID();
  const envelope = (service: ServiceName, type: string, at: string, payload: object) => ({
    service,
    event: {
      type,
      caseId,
      officeCode,
      occurredAt: at,
      serviceStandard: standard,
      actor: { id: `${service}-officer`, role: 'service', officeCode },
      payload: payload as Record<string, unknown>,
    },
  });
  return {
    caseId,
    clientId,
    reported: (at: string, category = 'neglectedChild'): StoreEvent =>
      envelope('intake', 'ReportReceived', at, {
        clientCategory: category,
        serviceStandard: standard,
        caseNumber: caseId,
        receivingOfficeCode: officeCode,
        client: { clientId, returning: false },
        source: { kind: 'police', name: 'Polsek Cikupa' },
        letter: { number: 'B/12/III/2026', issuer: 'Polsek Cikupa', reason: 'foundNeglected' },
        escorts: [],
        reporter: {
          personId: reporterId,
          name: enc(reporterId, 'reporter'),
          organisation: 'Polsek Cikupa',
        },
      }),
    opened: (at: string, category = 'neglectedChild'): StoreEvent =>
      envelope('intake', 'CaseOpened', at, {
        caseNumber: caseId,
        clientId,
        clientCategory: category,
        owningOfficeCode: officeCode,
        serviceStandard: standard,
        custodian: officeCode.length === 2 ? officeCustody(officeCode) : shelter,
      }),
    transferred: (at: string, toOfficeCode: string): StoreEvent => {
      const moved = envelope('intake', 'CaseTransferred', at, {
        fromOfficeCode: officeCode,
        toOfficeCode,
        serviceStandard: standard,
        reason: 'The family lives there',
      });
      return { ...moved, event: { ...moved.event, officeCode: toOfficeCode } };
    },
    assessmentStarted: (at: string): StoreEvent =>
      envelope('assessment', 'AssessmentStarted', at, {
        clientId,
        caseNumber: caseId,
        clientCategory: 'neglectedChild',
        owningOfficeCode: officeCode,
        custodian: shelter,
        serviceStandard: standard,
        steps: ['further-assessment-and-basic-rehabilitation'],
      }),
    recommended: (at: string, recommendation = 'traceFamily'): StoreEvent =>
      envelope('assessment', 'RecommendationMade', at, {
        clientId,
        recommendationNumber: 1,
        recommendation,
        reasons: enc(clientId, 'reasons'),
        childView: enc(clientId, 'view'),
      }),
    tracingStarted: (at: string): StoreEvent =>
      envelope('family-tracing', 'TracingStarted', at, {
        clientId,
        owningOfficeCode: officeCode,
        serviceStandard: standard,
        startedBy: { eventType: 'RecommendationMade', recommendation: 'traceFamily' },
        inquiryPeriodDays: 7,
        consentRequired: false,
      }),
    returnedHome: (at: string): StoreEvent =>
      envelope('placement', 'ClientReturnedHome', at, {
        clientId,
        returnedAt: at,
        place: enc(clientId, 'place'),
        officer: { personId: reporterId, name: enc(reporterId, 'officer') },
        receivedBy: [{ personId: motherId, name: enc(motherId, 'mother') }],
        witnesses: [],
        beritaAcaraPemulangan: {
          number: `BAP/${officeCode}/2026/001`,
          templateCode: 'berita-acara-pemulangan',
          templateVersion: 1,
          sha256: 'a'.repeat(64),
        },
        previousCustodian: shelter,
        custodian: { kind: 'family', personIds: [motherId] },
      }),
    closed: (at: string, startedAt: string, dueDate: string): StoreEvent =>
      envelope('placement', 'CaseClosed', at, {
        clientId,
        closedBy: 'ClientReturnedHome',
        closedAt: at,
        clock: {
          code: 'whole-service',
          startedAt,
          dueDate,
          dueAt: `${dueDate}T23:59:59.999+07:00`,
          outcome: 'met',
        },
      }),
  };
}

function clockDue(clock: 'verify' | 'followUp' | 'resolve', limit: TimeLimit, from: string) {
  const due = dueDateOf(limit, from, { timeZone: 'Asia/Jakarta' });
  return { clock, code: limit.code, dueDate: due.dueDate, dueAt: due.dueAt };
}

/** A complaint received by an office, about a case or about none. */
export function complaintReceived(
  officeCode: string,
  at: string,
  about: string | null,
  number = `ADU/${officeCode}/2026/${String(Math.floor(Math.random() * 9999)).padStart(4, '0')}`,
): StoreEvent & { complaintId: string } {
  const complaintId = randomUUID();
  const complainantId = randomUUID();
  return {
    complaintId,
    service: 'complaints',
    event: {
      type: 'ComplaintReceived',
      ...(about ? { caseId: about } : {}),
      streamId: `complaint-${complaintId}`,
      officeCode,
      occurredAt: at,
      serviceStandard: bekasi,
      payload: {
        complaintId,
        complaintNumber: number,
        officeCode,
        serviceStandard: bekasi,
        channel: 'smsWhatsapp',
        channelReference: { kind: 'messageReceivedAt', value: at },
        classification: 'complaint',
        complainant: { personId: complainantId, name: enc(complainantId, 'name') },
        text: enc(complainantId, 'text'),
        ...(about ? { about: { caseId: about } } : {}),
        receivedAt: at,
        clocks: [
          clockDue('verify', sp4nLaporComplaintSla.verify, at),
          clockDue('resolve', sp4nLaporComplaintSla.resolve, at),
        ],
      },
    },
  };
}

/** Appends the events in order, each as its service's role; returns their positions. */
export async function appendInOrder(
  deployment: {
    appendAs(service: ServiceName, ...events: OwnEvent[]): Promise<Array<{ position: string }>>;
  },
  events: readonly StoreEvent[],
): Promise<string[]> {
  const positions: string[] = [];
  for (const { service, event } of events) {
    const [appended] = await deployment.appendAs(service, event);
    positions.push(appended.position);
  }
  return positions;
}
