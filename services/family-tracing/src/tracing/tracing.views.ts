import type { Role } from '@dinsos/auth';
import type { EventPayload } from '@dinsos/contracts';
import type { RecordedEvent } from '@dinsos/event-store';
import { foldEvents, purposeRule } from '@dinsos/platform';
import {
  formatInstantInZone,
  localDateAt,
  type IndonesianTimeZone,
  type OfficeDirectory,
} from '@dinsos/service-standards';
import { z } from 'zod';
import { waitingStateOf, type WaitingState } from '../worklist/worklist.view';
import {
  candidateBlocked,
  inquiriesWaiting,
  tracingDecider,
  type InquiryStatus,
  type TracingEvent,
  type TracingState,
} from './tracing.decider';

/**
 * The tracing of a case as officers read it (`GET /tracings/:caseId`): state from the decider,
 * contents from the stream's events, personal fields decrypted only with a purpose and for a role
 * that may read them, otherwise marked withheld.
 */

type Plain = Record<string, unknown>;

/** Who reads a tracing (office-scoped by the case access guard) and the worklist. */
export const tracingReaderRoles = [
  'tracing-officer',
  'supervisor',
  'social-worker',
  'intake-officer',
  'auditor',
] as const satisfies readonly Role[];

export const viewPurposes = ['familyTracing', 'audit'] as const;
export type ViewPurpose = (typeof viewPurposes)[number];

/** Who may read the personal fields of a tracing, and for which purpose. */
export const tracingReading = purposeRule<ViewPurpose>({
  record: 'the tracing',
  roles: {
    familyTracing: ['tracing-officer', 'supervisor'],
    audit: ['auditor'],
  } satisfies Record<ViewPurpose, readonly Role[]>,
});

/** Personal fields are shown only with a purpose, and only to roles that may read them. */
export const TracingViewQuery = z.strictObject({
  purpose: z
    .enum(viewPurposes)
    .optional()
    .describe(
      'Why the personal fields are read (familyTracing: tracing officers and supervisors; audit: auditors); without it they are marked withheld',
    ),
});
export type TracingViewQuery = z.infer<typeof TracingViewQuery>;

/** Who recorded something, and when (in the owning office's offset). */
export interface Recorded {
  at: string;
  by: string;
}

export interface InquiryView {
  inquiryId: string;
  channel: EventPayload<'InquirySent'>['channel'];
  addressee: EventPayload<'InquirySent'>['addressee'];
  letterNumber: string;
  /** The scanned letter's reference (personal), or withheld. */
  letter: unknown;
  candidateId: string | null;
  sentOn: string;
  /** The office-local day the letter names. */
  dueDate: string;
  dueAt: string;
  /** As the decider keeps it: sent, answered, overdue, answeredLate. */
  status: InquiryStatus;
  /** While it waits for its answer, judged against the service's clock; null once answered. */
  waitingState: WaitingState | null;
  /** When the kit's timer recorded it overdue. */
  overdueAt: string | null;
  answer: {
    answeredOn: string;
    answer: unknown;
    evidence: unknown[];
    late: boolean;
    recorded: Recorded;
  } | null;
  /** Disdukcapil's fingerprint/iris result, when it answered this inquiry. */
  identityVerification: boolean;
  sent: Recorded;
}

export interface ConcernView {
  concernId: string;
  kind: EventPayload<'SafetyConcernRecorded'>['kind'];
  details: unknown;
  recorded: Recorded;
  cleared: { reason: unknown; recorded: Recorded } | null;
}

export interface CandidateView {
  candidateId: string;
  /** The possible family member (names, NIK, phone, address personal). */
  person: unknown;
  relationClaimed: string;
  /** What was known of the client when scored, as the officer saw it (personal). */
  knownOfClient: unknown;
  comparison: EventPayload<'MatchCandidateProposed'>['comparison'];
  score: number;
  class: EventPayload<'MatchCandidateProposed'>['class'];
  algorithm: EventPayload<'MatchCandidateProposed'>['algorithm'];
  proposed: Recorded;
  decision: 'confirmed' | 'rejected' | null;
  decided: { reason: unknown; childView: unknown; recorded: Recorded } | null;
  concerns: ConcernView[];
  /** Ids of the concerns a supervisor has not cleared. */
  openConcerns: string[];
  doNotContact: boolean;
  doNotContactMarked: { reason: unknown; recorded: Recorded } | null;
  /** Do-not-contact, or a concern not cleared: no "family found" for it. */
  blocked: boolean;
}

export type OutcomeView =
  | ({ kind: 'familyFound' } & Plain & { recorded: Recorded })
  | ({ kind: 'familyNotFound' } & Plain & { recorded: Recorded })
  | ({ kind: 'reopened' } & Plain & { recorded: Recorded });

export interface TracingViewOptions {
  /** The payload as the reader may see it: decrypted for a purpose, or withheld. */
  payloadOf: (event: RecordedEvent) => Promise<Plain>;
  purpose?: ViewPurpose;
  /** The service's clock: the waiting inquiries' states are judged at it. */
  now: Date;
  offices: OfficeDirectory;
  /** The owning office when the stream names none yet (tracing not started). */
  fallbackOfficeCode?: string;
}

/** `knownOfClient` is JSON text: shown parsed when it is, as text otherwise. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The view of a case's tracing from its stream's events, in stream order. */
export async function tracingViewOf(
  caseId: string,
  events: readonly RecordedEvent[],
  options: TracingViewOptions,
) {
  const state: TracingState = foldEvents(
    tracingDecider,
    events as unknown as (RecordedEvent & TracingEvent)[],
  );
  const officeCode = state.officeCode ?? options.fallbackOfficeCode ?? null;
  const timeZone: IndonesianTimeZone | null =
    officeCode && options.offices.has(officeCode) ? options.offices.get(officeCode).timeZone : null;
  const local = (instant: string) => (timeZone ? formatInstantInZone(instant, timeZone) : instant);

  let startedAt: string | null = null;
  let startedBy: EventPayload<'TracingStarted'>['startedBy'] | null = null;
  const assignments: Plain[] = [];
  const transfers: Plain[] = [];
  const consents: Plain[] = [];
  const inquiries: Record<string, InquiryView> = {};
  const identityVerifications: Plain[] = [];
  const biometrics: Plain[] = [];
  const candidates: Record<string, CandidateView> = {};
  const concernsById = new Map<string, ConcernView>();
  const history: OutcomeView[] = [];

  for (const event of events) {
    const recorded: Recorded = { at: local(event.occurredAt), by: event.actor.id };
    const payload = event.payload as Plain;
    switch (event.type) {
      case 'TracingStarted': {
        startedAt = recorded.at;
        startedBy = (payload as EventPayload<'TracingStarted'>).startedBy;
        break;
      }
      case 'TracingOfficerAssigned':
        assignments.push({ ...payload, recorded });
        break;
      case 'TracingTransferred':
        transfers.push({ ...payload, recorded });
        break;
      case 'TracingConsentRecorded': {
        const { clientId: _client, ...shown } = await options.payloadOf(event);
        consents.push({ ...shown, recorded });
        break;
      }
      case 'InquirySent': {
        const sent = payload as EventPayload<'InquirySent'>;
        const shown = await options.payloadOf(event);
        inquiries[sent.inquiryId] = {
          inquiryId: sent.inquiryId,
          channel: sent.channel,
          addressee: sent.addressee,
          letterNumber: sent.letterNumber,
          letter: shown.letter,
          candidateId: sent.candidateId ?? null,
          sentOn: sent.sentOn,
          dueDate: sent.dueDate,
          dueAt: local(sent.dueAt),
          status: 'sent',
          waitingState: null,
          overdueAt: null,
          answer: null,
          identityVerification: false,
          sent: recorded,
        };
        break;
      }
      case 'InquiryAnswered': {
        const answered = payload as EventPayload<'InquiryAnswered'>;
        const inquiry = inquiries[answered.inquiryId];
        if (!inquiry) break;
        const shown = await options.payloadOf(event);
        inquiry.answer = {
          answeredOn: answered.answeredOn,
          answer: shown.answer,
          evidence: shown.evidence as unknown[],
          late: inquiry.overdueAt !== null,
          recorded,
        };
        break;
      }
      case 'InquiryOverdue': {
        const inquiry = inquiries[(payload as EventPayload<'InquiryOverdue'>).inquiryId];
        if (inquiry && !inquiry.answer) inquiry.overdueAt = recorded.at;
        break;
      }
      case 'IdentityVerificationReceived': {
        const { clientId: _client, ...shown } = await options.payloadOf(event);
        const result = payload as EventPayload<'IdentityVerificationReceived'>;
        identityVerifications.push({ ...shown, answeredAt: local(result.answeredAt), recorded });
        const inquiry = inquiries[result.inquiryId];
        if (inquiry) {
          inquiry.identityVerification = true;
          inquiry.answer = {
            answeredOn: localDateAt(result.answeredAt, timeZone ?? 'Asia/Jakarta'),
            answer: { nikFound: result.nikFound, matchLevel: result.matchLevel },
            evidence: [],
            late: inquiry.overdueAt !== null,
            recorded,
          };
        }
        break;
      }
      case 'BiometricsCapturedForVerification': {
        const shown = await options.payloadOf(event);
        const captures = shown.captures as Plain[];
        for (const capture of captures) {
          biometrics.push({
            ...capture,
            capturedAt: local(capture.capturedAt as string),
            recorded,
          });
        }
        break;
      }
      case 'MatchCandidateProposed': {
        const proposed = payload as EventPayload<'MatchCandidateProposed'>;
        const shown = await options.payloadOf(event);
        candidates[proposed.candidateId] = {
          candidateId: proposed.candidateId,
          person: shown.person,
          relationClaimed: proposed.relationClaimed,
          knownOfClient: parsedJson(shown.knownOfClient),
          comparison: proposed.comparison,
          score: proposed.score,
          class: proposed.class,
          algorithm: proposed.algorithm,
          proposed: recorded,
          decision: null,
          decided: null,
          concerns: [],
          openConcerns: [],
          doNotContact: false,
          doNotContactMarked: null,
          blocked: false,
        };
        break;
      }
      case 'SafetyConcernRecorded': {
        const concern = payload as EventPayload<'SafetyConcernRecorded'>;
        const candidate = candidates[concern.candidateId];
        if (!candidate) break;
        const shown = await options.payloadOf(event);
        const view: ConcernView = {
          concernId: concern.concernId,
          kind: concern.kind,
          details: shown.details,
          recorded,
          cleared: null,
        };
        candidate.concerns.push(view);
        concernsById.set(concern.concernId, view);
        break;
      }
      case 'SafetyConcernCleared': {
        const view = concernsById.get((payload as EventPayload<'SafetyConcernCleared'>).concernId);
        if (!view) break;
        const shown = await options.payloadOf(event);
        view.cleared = { reason: shown.reason, recorded };
        break;
      }
      case 'DoNotContactMarked': {
        const candidate = candidates[(payload as EventPayload<'DoNotContactMarked'>).candidateId];
        if (!candidate) break;
        const shown = await options.payloadOf(event);
        candidate.doNotContactMarked = { reason: shown.reason, recorded };
        break;
      }
      case 'MatchDecided': {
        const decided = payload as EventPayload<'MatchDecided'>;
        const candidate = candidates[decided.candidateId];
        if (!candidate) break;
        const shown = await options.payloadOf(event);
        candidate.decided = {
          reason: shown.reason ?? null,
          childView: shown.childView,
          recorded,
        };
        break;
      }
      case 'FamilyFound':
      case 'FamilyNotFound':
      case 'TracingReopened': {
        const { clientId: _client, ...shown } = await options.payloadOf(event);
        const kind =
          event.type === 'FamilyFound'
            ? 'familyFound'
            : event.type === 'FamilyNotFound'
              ? 'familyNotFound'
              : 'reopened';
        history.push({ kind, ...shown, recorded });
        break;
      }
    }
  }

  // What the decider holds for each inquiry and candidate: statuses, decisions, blocks.
  for (const [inquiryId, record] of Object.entries(state.inquiries)) {
    const inquiry = inquiries[inquiryId];
    if (!inquiry) continue;
    inquiry.status = record.status;
    if (record.status === 'sent' || record.status === 'overdue') {
      inquiry.waitingState = waitingStateOf(
        { dueAt: record.dueAt, overdueRecorded: record.status === 'overdue' },
        options.now,
        timeZone ?? 'Asia/Jakarta',
      );
    }
  }
  for (const [candidateId, record] of Object.entries(state.candidates)) {
    const candidate = candidates[candidateId];
    if (!candidate) continue;
    candidate.decision = record.decision ?? null;
    candidate.doNotContact = record.doNotContact;
    candidate.openConcerns = [...record.openConcerns];
    candidate.blocked = candidateBlocked(state, candidateId);
  }

  const standing = history[history.length - 1];
  const [last] = events.slice(-1);
  return {
    caseId,
    revision: events.length - 1,
    position: last?.position.toString() ?? null,
    status: state.status,
    clientId: state.clientId ?? null,
    officeCode,
    timeZone,
    serviceStandard: state.serviceStandard ?? null,
    inquiryPeriodDays: state.inquiryPeriodDays ?? null,
    startedAt,
    startedBy,
    officerId: state.officerId ?? null,
    assignments,
    transfers,
    consent: {
      required: state.consentRequired,
      recorded: state.consentRecorded,
      records: consents,
    },
    personalFields: options.purpose
      ? { shown: true as const, purpose: options.purpose }
      : { shown: false as const },
    /** The service's clock, at which the waiting inquiries' states are judged. */
    asOf: options.now.toISOString(),
    inquiries,
    inquiriesWaiting: inquiriesWaiting(state),
    identityVerifications,
    biometricsCaptured: state.biometricsCaptured,
    biometrics,
    candidates,
    /** The outcome that stands: null while the tracing is under way (or reopened). */
    outcome: standing && standing.kind !== 'reopened' ? standing : null,
    outcomeHistory: history,
    reopenedTimes: state.reopenedTimes,
  };
}

export type TracingView = Awaited<ReturnType<typeof tracingViewOf>>;
