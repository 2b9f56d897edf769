import type { EventPayload } from '@dinsos/contracts';
import {
  DomainRuleViolation,
  afterTransfer,
  checkedAgainstCatalogue,
  handOver,
  recordedEvent as recorded,
  transferRecorded,
  type CataloguedEvent,
} from '@dinsos/platform/domain';

/**
 * The tracing of a client's family (stream `tracing-<caseId>`), seed 004 step 4: the officer
 * coordinates across sectors — letters to the kelurahan/desa and kecamatan of origin, a
 * fingerprint and iris check at Disdukcapil, the police, other Dinsos offices — weighs the
 * possible family members the answers point to, and decides: family found (the client goes home)
 * or family not found (the client goes to an LKS), never automatically. Safety comes first: a
 * concern about a family blocks "family found" for it until a supervisor clears it, and a family
 * marked do-not-contact gets no inquiry.
 *
 * Pure: no Nest, no I/O, no clock (days and times come in the commands). Personal values arrive
 * encrypted and are only copied; ids (inquiry, candidate, concern) are the caller's.
 */

type ServiceStandardRef = EventPayload<'TracingStarted'>['serviceStandard'];
/** A personal value as payloads hold it: encrypted under the data subject's key. */
type EncryptedField = EventPayload<'TracingReopened'>['reason'];
type InquiryChannel = EventPayload<'InquirySent'>['channel'];
type MatchClass = EventPayload<'MatchCandidateProposed'>['class'];

export type TracingEvent =
  | CataloguedEvent<'TracingStarted'>
  | CataloguedEvent<'TracingOfficerAssigned'>
  | CataloguedEvent<'TracingTransferred'>
  | CataloguedEvent<'TracingConsentRecorded'>
  | CataloguedEvent<'InquirySent'>
  | CataloguedEvent<'InquiryAnswered'>
  | CataloguedEvent<'InquiryOverdue'>
  | CataloguedEvent<'BiometricsCapturedForVerification'>
  | CataloguedEvent<'IdentityVerificationReceived'>
  | CataloguedEvent<'MatchCandidateProposed'>
  | CataloguedEvent<'SafetyConcernRecorded'>
  | CataloguedEvent<'SafetyConcernCleared'>
  | CataloguedEvent<'DoNotContactMarked'>
  | CataloguedEvent<'MatchDecided'>
  | CataloguedEvent<'FamilyFound'>
  | CataloguedEvent<'FamilyNotFound'>
  | CataloguedEvent<'TracingReopened'>;

/** The payload of a tracing event without the client, which the decider takes from its state. */
type Fields<T extends TracingEvent['type']> = Omit<EventPayload<T>, 'clientId'>;

export type TracingCommand =
  /**
   * On a recommendation to trace the family, or where the pinned standard puts the tracing step;
   * `inquiryPeriodDays` and `consentRequired` are the standard's tracing policy.
   */
  | ({ type: 'StartTracing' } & EventPayload<'TracingStarted'>)
  /** Intake transferred the case to another office: the tracing moves with it. */
  | { type: 'RecordTransfer'; fromOfficeCode: string; toOfficeCode: string }
  | {
      type: 'AssignOfficer';
      officerId: string;
      how: 'assignedBySupervisor' | 'takenByOfficer';
      /** Why the tracing changes hands: required on reassignment (no personal data). */
      reason?: string;
    }
  | ({ type: 'RecordConsent' } & Fields<'TracingConsentRecorded'>)
  /** `periodDays`: how long the officer gives the addressee, at most the standard's period. */
  | ({ type: 'SendInquiry'; periodDays: number } & Fields<'InquirySent'>)
  | ({ type: 'RecordAnswer' } & Fields<'InquiryAnswered'>)
  /** From the kit's timer at the inquiry's due time: it may fire late, or twice. */
  | ({ type: 'MarkOverdue' } & EventPayload<'InquiryOverdue'>)
  | ({ type: 'RecordBiometrics' } & Fields<'BiometricsCapturedForVerification'>)
  /** Disdukcapil's fingerprint/iris result: it answers the inquiry sent to Disdukcapil. */
  | ({ type: 'RecordIdentityVerification' } & Fields<'IdentityVerificationReceived'>)
  | ({ type: 'ProposeCandidate' } & Fields<'MatchCandidateProposed'>)
  | ({ type: 'RecordSafetyConcern' } & Fields<'SafetyConcernRecorded'>)
  /** A supervisor's act. */
  | ({ type: 'ClearSafetyConcern' } & Fields<'SafetyConcernCleared'>)
  | ({ type: 'MarkDoNotContact' } & Fields<'DoNotContactMarked'>)
  | ({ type: 'DecideCandidate' } & Fields<'MatchDecided'>)
  | ({ type: 'RecordFamilyFound' } & Fields<'FamilyFound'>)
  /** The officer's decision after trying (never automatic); `reason` holds no personal data. */
  | { type: 'RecordFamilyNotFound'; reason: string }
  | { type: 'Reopen'; reason: EncryptedField };

export type InquiryStatus = 'sent' | 'answered' | 'overdue' | 'answeredLate';

export interface InquiryRecord {
  channel: InquiryChannel;
  candidateId?: string;
  sentOn: string;
  dueDate: string;
  dueAt: string;
  status: InquiryStatus;
}

export interface CandidateRecord {
  class: MatchClass;
  score: number;
  decision?: 'confirmed' | 'rejected';
  doNotContact: boolean;
  /** Ids of the safety concerns about this candidate a supervisor has not cleared. */
  openConcerns: string[];
}

export interface TracingState {
  status: 'notStarted' | 'tracing' | 'familyFound' | 'familyNotFound';
  clientId?: string;
  /** The owning office now: the one tracing started at, then each transfer's. */
  officeCode?: string;
  /** The standard the case is pinned to: kept so the controller's events name it. */
  serviceStandard?: ServiceStandardRef;
  /** The longest an inquiry may wait for its answer under the standard, in days. */
  inquiryPeriodDays?: number;
  consentRequired: boolean;
  consentRecorded: boolean;
  /** Cleared by a transfer: the new office assigns its own. */
  officerId?: string;
  /** The transfers recorded, in order. */
  transfers: { fromOfficeCode: string; toOfficeCode: string }[];
  /** By inquiryId. */
  inquiries: Record<string, InquiryRecord>;
  /** By candidateId. */
  candidates: Record<string, CandidateRecord>;
  /** By concernId. */
  concerns: Record<string, { candidateId: string; cleared: boolean }>;
  biometricsCaptured: boolean;
  reopenedTimes: number;
}

const initialTracingState = (): TracingState => ({
  status: 'notStarted',
  consentRequired: false,
  consentRecorded: false,
  transfers: [],
  inquiries: {},
  candidates: {},
  concerns: {},
  biometricsCaptured: false,
  reopenedTimes: 0,
});

export function tracingStreamId(caseId: string): string {
  return `tracing-${caseId}`;
}

/** The inquiries sent and not answered yet (overdue ones included), by id, in the order sent. */
export function inquiriesWaiting(state: TracingState): string[] {
  return Object.entries(state.inquiries)
    .filter(([, inquiry]) => inquiry.status === 'sent' || inquiry.status === 'overdue')
    .map(([inquiryId]) => inquiryId);
}

/**
 * Whether a possible family is blocked: marked do-not-contact, or with a safety concern a
 * supervisor has not cleared. False for a candidate this tracing does not know.
 */
export function candidateBlocked(state: TracingState, candidateId: string): boolean {
  const candidate = state.candidates[candidateId];
  return !!candidate && (candidate.doNotContact || candidate.openConcerns.length > 0);
}

const channelWords: Record<InquiryChannel, string> = {
  village: 'the kelurahan/desa of origin',
  district: 'the kecamatan of origin',
  disdukcapil: 'Disdukcapil',
  police: 'the police',
  dinsosOffice: 'another Dinsos office',
  otherAgency: 'another agency',
};

function refuse(rule: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainRuleViolation(rule, message, details);
}

/** The client of a started tracing, or the refusal. */
function requireStarted(state: TracingState): string {
  if (state.status === 'notStarted' || !state.clientId) {
    refuse(
      'tracing-not-started',
      "The tracing of this family has not started yet: it starts on a recommendation to trace the family, or where the case's service standard puts the tracing step.",
    );
  }
  return state.clientId;
}

/** The client of a tracing still under way, or the refusal. */
function requireOpen(state: TracingState): string {
  const clientId = requireStarted(state);
  if (state.status === 'familyFound') {
    refuse(
      'tracing-closed',
      "The tracing of this case is closed: the client's family was found, and the case goes on to the return home.",
    );
  }
  if (state.status === 'familyNotFound') {
    refuse(
      'tracing-closed',
      'The tracing of this case is closed: the family was recorded as not found. Reopen the tracing on new information first.',
    );
  }
  return clientId;
}

function requireInquiry(state: TracingState, inquiryId: string): InquiryRecord {
  const inquiry = state.inquiries[inquiryId];
  if (!inquiry) {
    refuse(
      'no-such-inquiry',
      `No inquiry ${inquiryId} was sent in this tracing: an answer can be recorded only to an inquiry that was sent.`,
    );
  }
  return inquiry;
}

function requireUnanswered(inquiryId: string, inquiry: InquiryRecord): void {
  if (inquiry.status === 'answered' || inquiry.status === 'answeredLate') {
    refuse(
      'inquiry-already-answered',
      `The answer to inquiry ${inquiryId} is already recorded: an inquiry has one answer. Send a new inquiry to ask again.`,
    );
  }
}

function requireCandidate(state: TracingState, candidateId: string): CandidateRecord {
  const candidate = state.candidates[candidateId];
  if (!candidate) {
    refuse(
      'no-such-candidate',
      `No possible family member ${candidateId} has been proposed in this tracing.`,
    );
  }
  return candidate;
}

function decide(command: TracingCommand, state: TracingState): TracingEvent[] {
  switch (command.type) {
    case 'StartTracing': {
      // Asked by a reaction: it starts once, however often it is asked, and a finished tracing
      // does not start again (it is reopened).
      if (state.status !== 'notStarted') return [];
      return [
        recorded('TracingStarted', {
          clientId: command.clientId,
          owningOfficeCode: command.owningOfficeCode,
          serviceStandard: command.serviceStandard,
          startedBy: command.startedBy,
          inquiryPeriodDays: command.inquiryPeriodDays,
          consentRequired: command.consentRequired,
        }),
      ];
    }

    case 'RecordTransfer': {
      // Any status: intake's transfer may reach tracing before the start (two topics reorder).
      if (transferRecorded(state, command.toOfficeCode)) return [];
      return [
        recorded('TracingTransferred', {
          fromOfficeCode: command.fromOfficeCode,
          toOfficeCode: command.toOfficeCode,
          previousOfficerId: state.officerId,
        }),
      ];
    }

    case 'AssignOfficer': {
      requireStarted(state);
      const handed = handOver(
        state.officerId,
        command.officerId,
        command.reason,
        'Another officer is responsible for this tracing: say why it changes hands (about the work, never about the client).',
      );
      if (!handed) return [];
      return [
        recorded('TracingOfficerAssigned', {
          officerId: command.officerId,
          how: command.how,
          previousOfficerId: handed.previous,
          reason: handed.reason,
        }),
      ];
    }

    case 'RecordConsent': {
      const clientId = requireStarted(state);
      return [
        recorded('TracingConsentRecorded', {
          clientId,
          givenBy: command.givenBy,
          scan: command.scan,
        }),
      ];
    }

    case 'SendInquiry': {
      const clientId = requireOpen(state);
      if (state.consentRequired && !state.consentRecorded) {
        refuse(
          'consent-missing',
          "The case's service standard asks consent before the family is traced: record the consent (of the client, a guardian or the head of Dinsos) before sending an inquiry.",
        );
      }
      const allowed = state.inquiryPeriodDays ?? 0;
      if (command.periodDays > allowed) {
        refuse(
          'period-beyond-standard',
          `An inquiry may wait at most ${allowed} days for its answer under the case's service standard: ${command.periodDays} days is longer. Give the addressee ${allowed} days or fewer.`,
          { inquiryPeriodDays: allowed },
        );
      }
      if (state.inquiries[command.inquiryId]) {
        refuse(
          'inquiry-exists',
          `An inquiry ${command.inquiryId} was already sent in this tracing: each inquiry has an id of its own.`,
        );
      }
      if (command.candidateId !== undefined) {
        const candidate = requireCandidate(state, command.candidateId);
        if (candidate.doNotContact) {
          refuse(
            'do-not-contact',
            'This possible family is marked do-not-contact: no inquiry may go to it or ask about it.',
          );
        }
      }
      return [
        recorded('InquirySent', {
          inquiryId: command.inquiryId,
          clientId,
          channel: command.channel,
          addressee: command.addressee,
          letterNumber: command.letterNumber,
          letter: command.letter,
          candidateId: command.candidateId,
          sentOn: command.sentOn,
          dueDate: command.dueDate,
          dueAt: command.dueAt,
        }),
      ];
    }

    case 'RecordAnswer': {
      const clientId = requireStarted(state);
      requireUnanswered(command.inquiryId, requireInquiry(state, command.inquiryId));
      return [
        recorded('InquiryAnswered', {
          inquiryId: command.inquiryId,
          clientId,
          answeredOn: command.answeredOn,
          answer: command.answer,
          evidence: command.evidence,
        }),
      ];
    }

    case 'MarkOverdue': {
      // A timer may fire late or twice: only an inquiry still waiting becomes overdue, once.
      if (state.inquiries[command.inquiryId]?.status !== 'sent') return [];
      return [recorded('InquiryOverdue', { inquiryId: command.inquiryId, dueAt: command.dueAt })];
    }

    case 'RecordBiometrics': {
      const clientId = requireStarted(state);
      return [
        recorded('BiometricsCapturedForVerification', { clientId, captures: command.captures }),
      ];
    }

    case 'RecordIdentityVerification': {
      const clientId = requireStarted(state);
      const inquiry = requireInquiry(state, command.inquiryId);
      if (inquiry.channel !== 'disdukcapil') {
        refuse(
          'not-a-disdukcapil-inquiry',
          `Inquiry ${command.inquiryId} went to ${channelWords[inquiry.channel]}, not to Disdukcapil: a fingerprint and iris check result answers only an inquiry sent to Disdukcapil.`,
        );
      }
      requireUnanswered(command.inquiryId, inquiry);
      return [
        recorded('IdentityVerificationReceived', {
          inquiryId: command.inquiryId,
          clientId,
          nikFound: command.nikFound,
          nik: command.nik,
          familyCardNumber: command.familyCardNumber,
          matchLevel: command.matchLevel,
          answeredBy: command.answeredBy,
          answeredAt: command.answeredAt,
        }),
      ];
    }

    case 'ProposeCandidate': {
      const clientId = requireStarted(state);
      if (state.candidates[command.candidateId]) {
        refuse(
          'candidate-exists',
          `A possible family member ${command.candidateId} was already proposed in this tracing: each candidate has an id of its own.`,
        );
      }
      return [
        recorded('MatchCandidateProposed', {
          candidateId: command.candidateId,
          clientId,
          person: command.person,
          knownOfClient: command.knownOfClient,
          relationClaimed: command.relationClaimed,
          comparison: command.comparison,
          score: command.score,
          class: command.class,
          algorithm: command.algorithm,
        }),
      ];
    }

    case 'RecordSafetyConcern': {
      const clientId = requireStarted(state);
      requireCandidate(state, command.candidateId);
      if (state.concerns[command.concernId]) {
        refuse(
          'concern-exists',
          `A safety concern ${command.concernId} is already recorded in this tracing: each concern has an id of its own.`,
        );
      }
      return [
        recorded('SafetyConcernRecorded', {
          concernId: command.concernId,
          candidateId: command.candidateId,
          clientId,
          kind: command.kind,
          details: command.details,
        }),
      ];
    }

    case 'ClearSafetyConcern': {
      const clientId = requireStarted(state);
      const concern = state.concerns[command.concernId];
      if (!concern) {
        refuse(
          'no-such-concern',
          `No safety concern ${command.concernId} was recorded in this tracing.`,
        );
      }
      if (concern.cleared) {
        refuse(
          'concern-already-cleared',
          `Safety concern ${command.concernId} was already cleared by a supervisor.`,
        );
      }
      return [
        recorded('SafetyConcernCleared', {
          concernId: command.concernId,
          clientId,
          reason: command.reason,
        }),
      ];
    }

    case 'MarkDoNotContact': {
      const clientId = requireStarted(state);
      const candidate = requireCandidate(state, command.candidateId);
      // Marked once: it stays marked.
      if (candidate.doNotContact) return [];
      return [
        recorded('DoNotContactMarked', {
          candidateId: command.candidateId,
          clientId,
          reason: command.reason,
        }),
      ];
    }

    case 'DecideCandidate': {
      const clientId = requireStarted(state);
      const candidate = requireCandidate(state, command.candidateId);
      if (candidate.decision !== undefined) {
        refuse(
          'candidate-already-decided',
          `Possible family member ${command.candidateId} was already ${candidate.decision}: a candidate is decided once.`,
        );
      }
      if (command.decision === 'rejected' && command.reason === undefined) {
        refuse('rejection-needs-reason', 'Say why this possible family is rejected.');
      }
      return [
        recorded('MatchDecided', {
          candidateId: command.candidateId,
          clientId,
          decision: command.decision,
          reason: command.reason,
          childView: command.childView,
        }),
      ];
    }

    case 'RecordFamilyFound': {
      const clientId = requireOpen(state);
      const candidate = state.candidates[command.candidateId];
      if (candidate?.decision !== 'confirmed') {
        refuse(
          'no-confirmed-candidate',
          'The family can be recorded as found only for a possible family member the officer has confirmed: confirm the candidate first.',
        );
      }
      if (candidate.openConcerns.length > 0) {
        refuse(
          'safety-concern-open',
          'A safety concern about this family is still open: a supervisor must clear it first, before the family is recorded as found.',
          { concernIds: [...candidate.openConcerns] },
        );
      }
      if (candidate.doNotContact) {
        refuse(
          'do-not-contact',
          'This family is marked do-not-contact: the client cannot be returned to it.',
        );
      }
      const unanswered = command.evidenceInquiryIds.filter((inquiryId) => {
        const status = state.inquiries[inquiryId]?.status;
        return status !== 'answered' && status !== 'answeredLate';
      });
      if (unanswered.length > 0) {
        refuse(
          'evidence-not-answered',
          `The family found must rest on answered inquiries: ${unanswered.length === 1 ? 'inquiry' : 'inquiries'} ${unanswered.join(', ')} ${unanswered.length === 1 ? 'has' : 'have'} no answer recorded.`,
          { inquiryIds: unanswered },
        );
      }
      return [
        recorded('FamilyFound', {
          clientId,
          candidateId: command.candidateId,
          familyMembers: command.familyMembers,
          relation: command.relation,
          address: command.address,
          verifiedBy: command.verifiedBy,
          evidenceInquiryIds: command.evidenceInquiryIds,
          childView: command.childView,
        }),
      ];
    }

    case 'RecordFamilyNotFound': {
      const clientId = requireOpen(state);
      const channelsTried = [
        ...new Set(Object.values(state.inquiries).map((inquiry) => inquiry.channel)),
      ];
      if (channelsTried.length === 0) {
        refuse(
          'no-inquiry-sent',
          'No inquiry has been sent yet: the family is recorded as not found only after trying (the kelurahan/desa or kecamatan of origin, Disdukcapil, the police…).',
        );
      }
      return [recorded('FamilyNotFound', { clientId, channelsTried, reason: command.reason })];
    }

    case 'Reopen': {
      const clientId = requireStarted(state);
      if (state.status !== 'familyNotFound') {
        refuse(
          'not-closed-as-not-found',
          state.status === 'familyFound'
            ? "The client's family was found: only a tracing closed as family not found is reopened."
            : 'The tracing is still under way: only a tracing closed as family not found is reopened.',
        );
      }
      return [recorded('TracingReopened', { clientId, reason: command.reason })];
    }
  }
}

function withInquiry(
  state: TracingState,
  inquiryId: string,
  change: (inquiry: InquiryRecord) => InquiryRecord,
): TracingState {
  const inquiry = state.inquiries[inquiryId];
  if (!inquiry) return state;
  return { ...state, inquiries: { ...state.inquiries, [inquiryId]: change(inquiry) } };
}

function withCandidate(
  state: TracingState,
  candidateId: string,
  change: (candidate: CandidateRecord) => CandidateRecord,
): TracingState {
  const candidate = state.candidates[candidateId];
  if (!candidate) return state;
  return { ...state, candidates: { ...state.candidates, [candidateId]: change(candidate) } };
}

const answered = (inquiry: InquiryRecord): InquiryRecord => ({
  ...inquiry,
  status: inquiry.status === 'overdue' ? 'answeredLate' : 'answered',
});

function evolve(state: TracingState, event: TracingEvent): TracingState {
  switch (event.type) {
    case 'TracingStarted': {
      const p = event.payload;
      return {
        ...state,
        status: 'tracing',
        clientId: p.clientId,
        // A transfer recorded before the start (two topics may reorder) already names the office.
        officeCode: state.officeCode ?? p.owningOfficeCode,
        serviceStandard: p.serviceStandard,
        inquiryPeriodDays: p.inquiryPeriodDays,
        consentRequired: p.consentRequired,
      };
    }
    case 'TracingOfficerAssigned':
      return { ...state, officerId: event.payload.officerId };
    case 'TracingTransferred':
      return afterTransfer(state, event.payload);
    case 'TracingConsentRecorded':
      return { ...state, consentRecorded: true };
    case 'InquirySent': {
      const p = event.payload;
      return {
        ...state,
        inquiries: {
          ...state.inquiries,
          [p.inquiryId]: {
            channel: p.channel,
            ...(p.candidateId !== undefined ? { candidateId: p.candidateId } : {}),
            sentOn: p.sentOn,
            dueDate: p.dueDate,
            dueAt: p.dueAt,
            status: 'sent',
          },
        },
      };
    }
    case 'InquiryAnswered':
    case 'IdentityVerificationReceived':
      return withInquiry(state, event.payload.inquiryId, answered);
    case 'InquiryOverdue':
      return withInquiry(state, event.payload.inquiryId, (inquiry) =>
        inquiry.status === 'sent' ? { ...inquiry, status: 'overdue' } : inquiry,
      );
    case 'BiometricsCapturedForVerification':
      return { ...state, biometricsCaptured: true };
    case 'MatchCandidateProposed': {
      const p = event.payload;
      return {
        ...state,
        candidates: {
          ...state.candidates,
          [p.candidateId]: {
            class: p.class,
            score: p.score,
            doNotContact: false,
            openConcerns: [],
          },
        },
      };
    }
    case 'SafetyConcernRecorded': {
      const { concernId, candidateId } = event.payload;
      const withConcern = {
        ...state,
        concerns: { ...state.concerns, [concernId]: { candidateId, cleared: false } },
      };
      return withCandidate(withConcern, candidateId, (candidate) => ({
        ...candidate,
        openConcerns: [...candidate.openConcerns, concernId],
      }));
    }
    case 'SafetyConcernCleared': {
      const { concernId } = event.payload;
      const concern = state.concerns[concernId];
      if (!concern) return state;
      const withCleared = {
        ...state,
        concerns: { ...state.concerns, [concernId]: { ...concern, cleared: true } },
      };
      return withCandidate(withCleared, concern.candidateId, (candidate) => ({
        ...candidate,
        openConcerns: candidate.openConcerns.filter((id) => id !== concernId),
      }));
    }
    case 'DoNotContactMarked':
      return withCandidate(state, event.payload.candidateId, (candidate) => ({
        ...candidate,
        doNotContact: true,
      }));
    case 'MatchDecided':
      return withCandidate(state, event.payload.candidateId, (candidate) => ({
        ...candidate,
        decision: event.payload.decision,
      }));
    case 'FamilyFound':
      return { ...state, status: 'familyFound' };
    case 'FamilyNotFound':
      return { ...state, status: 'familyNotFound' };
    case 'TracingReopened':
      return { ...state, status: 'tracing', reopenedTimes: state.reopenedTimes + 1 };
  }
}

/** Every event it decides is checked against the contracts before it can be appended. */
export const tracingDecider = checkedAgainstCatalogue<TracingCommand, TracingState, TracingEvent>({
  initialState: initialTracingState,
  decide,
  evolve,
});
