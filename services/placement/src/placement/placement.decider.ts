import { sameValue, type EventPayload, type EventType } from '@dinsos/contracts';
import {
  DomainRuleViolation,
  afterTransfer,
  checkedAgainstCatalogue,
  recordedEvent as recorded,
  handOver,
  transferRecorded,
  type CataloguedEvent,
} from '@dinsos/platform/domain';

/**
 * The placement of a case (stream `placement-<caseId>`) and its custody ledger. Seed 000 step 6
 * (referral letters: return home, Faskes when sick, panti on a consent letter; the service runs
 * "1 (satu) tahun berjalan") and seed 004 steps 5–7 (return home with a Berita Acara Pemulangan;
 * an LKS when no family is found, handed over with a BAST).
 *
 * The ledger: at every moment exactly one custodian. Each move closes the current custody and
 * opens the next in one event; a move that would leave two custodians (admitting elsewhere while
 * a health facility holds the client) or none (leaving a facility that does not hold the client)
 * is refused, as is a move dated before the custody it closes began. The owning office stays
 * responsible throughout.
 *
 * Facts from other contexts (the clock's start, the client's identity, the recommendation, the
 * tracing outcome, intake's custody moves) may arrive in any order, before the placement opens
 * or twice: each is recorded once, whatever came first. The case closes on the events the pinned
 * standard names as the end of the whole service (`closesOn`), with the clock's outcome.
 *
 * Pure: no Nest, no I/O, no clock (times and dates come in the commands). Personal values arrive
 * encrypted and are only copied; ids (referral, consent, safety assessment) are the caller's.
 */

export type ServiceStandardRef = EventPayload<'PlacementOpened'>['serviceStandard'];
export type LedgerCustodian = EventPayload<'CustodyRecorded'>['custodian'];
type Recommendation = EventPayload<'RecommendationReceived'>['recommendation'];
type Organisation = EventPayload<'AdmittedToInstitution'>['institution'];

export type PlacementEvent =
  | CataloguedEvent<'PlacementOpened'>
  | CataloguedEvent<'PlacementOfficerAssigned'>
  | CataloguedEvent<'PlacementTransferred'>
  | CataloguedEvent<'ServiceClockStarted'>
  | CataloguedEvent<'ClientIdentityNoted'>
  | CataloguedEvent<'RecommendationReceived'>
  | CataloguedEvent<'TracingOutcomeReceived'>
  | CataloguedEvent<'CustodyRecorded'>
  | CataloguedEvent<'FamilySafetyAssessed'>
  | CataloguedEvent<'ReturnHomeArranged'>
  | CataloguedEvent<'ClientReturnedHome'>
  | CataloguedEvent<'HealthReferralIssued'>
  | CataloguedEvent<'AdmittedToHealthFacility'>
  | CataloguedEvent<'ClientLeftHealthFacility'>
  | CataloguedEvent<'ConsentRecorded'>
  | CataloguedEvent<'InstitutionReferralIssued'>
  | CataloguedEvent<'AdmittedToInstitution'>
  | CataloguedEvent<'InstitutionReviewDue'>
  | CataloguedEvent<'InstitutionStayReviewed'>
  | CataloguedEvent<'InstitutionStayExtended'>
  | CataloguedEvent<'DischargedFromInstitution'>
  | CataloguedEvent<'LksReferralMade'>
  | CataloguedEvent<'ClientHandedOverToLks'>
  | CataloguedEvent<'CaseClosed'>;

/** The payload of a placement event without the client and the custody the decider fills in. */
type Fields<T extends PlacementEvent['type']> = Omit<
  EventPayload<T>,
  'clientId' | 'previousCustodian'
>;

export type PlacementCommand =
  /**
   * Intake's CaseOpened, with the pinned standard's placement policy (the reaction reads it) and
   * the client's latest registration placement heard of, from any case (a returning client's new
   * case has no ClientRegistered of its own): noted with the opening when none is yet.
   */
  | ({
      type: 'OpenPlacement';
      openedAt: string;
      firstCustodian: LedgerCustodian;
      identity?: EventPayload<'ClientIdentityNoted'>;
    } & EventPayload<'PlacementOpened'>)
  /** Intake's CaseTransferred. */
  | { type: 'RecordTransfer'; fromOfficeCode: string; toOfficeCode: string }
  | {
      type: 'AssignOfficer';
      officerId: string;
      how: 'assignedBySupervisor' | 'takenByOfficer';
      reason?: string;
    }
  /** Intake's ReportReceived started the whole-service clock of the pinned standard. */
  | ({ type: 'RecordClockStart' } & EventPayload<'ServiceClockStarted'>)
  /** Intake's ClientRegistered (the latest wins for documents). */
  | ({ type: 'NoteClientIdentity' } & EventPayload<'ClientIdentityNoted'>)
  /** Assessment's RecommendationMade. */
  | ({ type: 'NoteRecommendation' } & EventPayload<'RecommendationReceived'>)
  /** Tracing's FamilyFound or FamilyNotFound. */
  | ({ type: 'NoteTracingOutcome' } & EventPayload<'TracingOutcomeReceived'>)
  /** Intake's ClientHandedOverToShelter: a move another service made. */
  | {
      type: 'RecordCustodyFromIntake';
      clientId: string;
      custodian: LedgerCustodian;
      since: string;
      recordedFrom: string;
    }
  | ({ type: 'RecordSafetyAssessment' } & Fields<'FamilySafetyAssessed'>)
  | ({ type: 'ArrangeReturnHome' } & Fields<'ReturnHomeArranged'>)
  /** `custodian` is filled by the decider (the receiving family's person ids). */
  | ({ type: 'RecordReturnHome' } & Omit<Fields<'ClientReturnedHome'>, 'custodian'>)
  | ({ type: 'IssueHealthReferral' } & Fields<'HealthReferralIssued'>)
  | ({ type: 'AdmitToHealthFacility' } & Omit<
      Fields<'AdmittedToHealthFacility'>,
      'custodian' | 'facility'
    >)
  /**
   * `returned`: back to the custodian before the admission (the decider names it);
   * `discharged`: to `custodian`, required then.
   */
  | ({ type: 'LeaveHealthFacility' } & Omit<
      Fields<'ClientLeftHealthFacility'>,
      'custodian' | 'facility'
    > & {
        custodian?: LedgerCustodian;
      })
  | ({ type: 'RecordConsent' } & Fields<'ConsentRecorded'>)
  | ({ type: 'IssueInstitutionReferral' } & Fields<'InstitutionReferralIssued'>)
  /** The institution is the referral's; `stayLimitDate` from the clock in state. */
  | ({ type: 'AdmitToInstitution' } & Pick<
      Fields<'AdmittedToInstitution'>,
      'admittedAt' | 'firstReviewDueOn'
    >)
  /** From the kit's timer at the review's due date: it may fire late or twice. */
  | { type: 'MarkReviewDue'; reviewNumber: number; dueOn: string }
  | ({ type: 'ReviewStay' } & Omit<Fields<'InstitutionStayReviewed'>, 'reviewNumber'>)
  /** A supervisor's decision. */
  | ({ type: 'ExtendStay' } & Omit<Fields<'InstitutionStayExtended'>, 'previousLimitDate'>)
  /** `custodian` is the destination's, given by the caller (the family, an LKS, another institution, self). */
  | ({ type: 'Discharge' } & Omit<Fields<'DischargedFromInstitution'>, 'institution'>)
  | ({ type: 'MakeLksReferral' } & Fields<'LksReferralMade'>)
  /** The LKS is the referral's; `custodian` is filled by the decider. */
  | ({ type: 'HandOverToLks' } & Omit<Fields<'ClientHandedOverToLks'>, 'custodian' | 'lks'>);

/** One line of the custody ledger: who held the client from `since` until the next line's. */
export interface CustodyPeriod {
  custodian: LedgerCustodian;
  since: string;
  /** The event type that opened it. */
  openedBy: EventType;
}

export interface PlacementState {
  status: 'notOpened' | 'open' | 'closed';
  clientId?: string;
  caseNumber?: string;
  clientCategory?: EventPayload<'PlacementOpened'>['clientCategory'];
  /** The owning office now: CaseOpened's, then each transfer's. */
  officeCode?: string;
  serviceStandard?: ServiceStandardRef;
  /** The events that close the case (the pinned standard's whole-service stopsOn). */
  closesOn: string[];
  reviewIntervalMonths?: number;
  atRiskDays?: number;
  officerId?: string;
  transfers: { fromOfficeCode: string; toOfficeCode: string }[];
  clock?: Omit<EventPayload<'ServiceClockStarted'>, 'startedBy'>;
  identityNoted: boolean;
  /** The client's identity as last noted (a redelivered identical one records nothing). */
  identity?: EventPayload<'ClientIdentityNoted'>;
  recommendation?: Recommendation;
  tracingOutcome?: 'familyFound' | 'familyNotFound';
  /** The family tracing found (person ids), for the return home. */
  familyPersonIds: string[];
  /** The tracing outcome as last noted (a redelivered identical one records nothing). */
  tracingOutcomeNoted?: EventPayload<'TracingOutcomeReceived'>;
  /** The ledger, oldest first; the last line is the current custodian. */
  custody: CustodyPeriod[];
  /** By safetyAssessmentId. */
  safetyAssessments: Record<
    string,
    { outcome: 'safe' | 'safeWithConditions' | 'unsafe'; familyPersonIds: string[] }
  >;
  returnHome?: { receivingPersonIds: string[]; plannedAt: string; returnedAt?: string };
  /** By referralId. */
  healthReferrals: Record<
    string,
    {
      facility: Organisation;
      status: 'issued' | 'admitted' | 'left';
      custodianBefore?: LedgerCustodian;
      /** When the letter was issued: no admission is dated before it. */
      issuedAt?: string;
    }
  >;
  /** By consentId. */
  consents: Record<string, { giverRole: EventPayload<'ConsentRecorded'>['giverRole'] }>;
  institution?: {
    institution: Organisation;
    consentId: string;
    status: 'referred' | 'admitted' | 'discharged';
    admittedAt?: string;
    /** The whole service's due date, or the extension's. */
    limitDate?: string;
    reviewsDue: number;
    reviewsDone: number;
    nextReviewDueOn?: string;
    /** Where the discharge took the client (an LKS referral may follow a discharge to an LKS). */
    dischargedTo?: EventPayload<'DischargedFromInstitution'>['destination'];
  };
  lks?: { lks: Organisation; status: 'referred' | 'handedOver' };
  closed?: { closedBy: string; closedAt: string; outcome?: 'met' | 'breached' };
}

export function placementStreamId(caseId: string): string {
  return `placement-${caseId}`;
}

/** The current custodian, or undefined before any custody is known. */
export function currentCustodian(state: PlacementState): LedgerCustodian | undefined {
  return state.custody.at(-1)?.custodian;
}

/** Who held the client at an instant (ISO), from the ledger; undefined before the first custody. */
export function custodianAt(state: PlacementState, instant: string): CustodyPeriod | undefined {
  const at = Date.parse(instant);
  let holder: CustodyPeriod | undefined;
  for (const period of state.custody) {
    if (Date.parse(period.since) <= at) holder = period;
    else break;
  }
  return holder;
}

const initialPlacementState = (): PlacementState => ({
  status: 'notOpened',
  closesOn: [],
  transfers: [],
  identityNoted: false,
  familyPersonIds: [],
  custody: [],
  safetyAssessments: {},
  healthReferrals: {},
  consents: {},
});

/** Who may consent to institution care only with a reason no family member or guardian did. */
const rolesNeedingReason: readonly EventPayload<'ConsentRecorded'>['giverRole'][] = [
  'villageOfficial',
  'lurah',
  'headOfLocalDinsos',
];

/** The instant each event that may close the case happened at (CaseClosed's closedAt). */
const instantOf: Partial<Record<PlacementEvent['type'], string>> = {
  CustodyRecorded: 'since',
  ReturnHomeArranged: 'plannedAt',
  ClientReturnedHome: 'returnedAt',
  HealthReferralIssued: 'issuedAt',
  AdmittedToHealthFacility: 'admittedAt',
  ClientLeftHealthFacility: 'leftAt',
  InstitutionReferralIssued: 'issuedAt',
  AdmittedToInstitution: 'admittedAt',
  DischargedFromInstitution: 'dischargedAt',
  LksReferralMade: 'issuedAt',
  ClientHandedOverToLks: 'handedOverAt',
};

function refuse(rule: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainRuleViolation(rule, message, details);
}

/** A custodian in words, for the messages. */
export function custodianInWords(custodian: LedgerCustodian): string {
  switch (custodian.kind) {
    case 'office':
      return `the office ${custodian.officeCode}`;
    case 'shelter':
    case 'healthFacility':
    case 'institution':
    case 'lks':
      return custodian.organisation.name;
    case 'family':
      return 'the family';
    case 'self':
      return 'the client themself';
  }
}

/**
 * The client of an open placement, or the refusal (officer commands). Routes ask it before they
 * prepare a command, so no document is numbered for a case that is closed or not open.
 */
export function requireOpen(state: PlacementState): string {
  if (state.status === 'closed') {
    const closed = state.closed;
    refuse(
      'case-closed',
      `This case is closed${closed ? ` (on ${closed.closedBy}, at ${closed.closedAt})` : ''}: the whole service has ended, and nothing more is recorded in its placement. Open a new case if the client needs help again.`,
    );
  }
  if (state.status !== 'open' || !state.clientId) {
    refuse(
      'placement-not-open',
      'This case has no placement yet: it opens when intake opens the case. Try again shortly.',
    );
  }
  return state.clientId;
}

/**
 * The custody a move closes, or the refusal: a custodian must be known, the move may not leave
 * two custodians at once, and it may not be dated before the custody it closes began.
 * `leavingHealthFacility`: the move is the client leaving the facility that holds them.
 */
function custodyToClose(
  state: PlacementState,
  at: string,
  move: { into: LedgerCustodian['kind']; leavingHealthFacility?: boolean; discharge?: boolean },
): LedgerCustodian {
  const current = state.custody.at(-1);
  if (!current) {
    refuse(
      'no-custodian',
      "No custodian of this client is recorded yet: the case's first custodian is not known here yet, so the client cannot be moved. Try again shortly, once intake's handover is recorded.",
    );
  }
  const holder = current.custodian;
  if (holder.kind === 'healthFacility' && !move.leavingHealthFacility) {
    refuse(
      'two-custodians',
      `Two custodians at once: ${holder.organisation.name} holds the client now; record the client leaving it first.`,
      { custodian: holder },
    );
  }
  if (
    holder.kind === 'institution' &&
    !move.discharge &&
    !move.leavingHealthFacility &&
    move.into !== 'healthFacility'
  ) {
    refuse(
      'two-custodians',
      `Two custodians at once: ${holder.organisation.name} holds the client now; record the discharge from it first.`,
      { custodian: holder },
    );
  }
  if (Date.parse(at) < Date.parse(current.since)) {
    refuse(
      'move-before-custody',
      `The move is dated ${at}, before the custody it closes began (${custodianInWords(holder)} since ${current.since}): check the date and time of the move.`,
      { since: current.since },
    );
  }
  return holder;
}

/** The events decided, with CaseClosed after the first one the pinned standard ends the service on. */
function closingOn(state: PlacementState, events: PlacementEvent[]): PlacementEvent[] {
  if (state.status !== 'open' || !state.clientId) return events;
  const closer = events.find((event) => state.closesOn.includes(event.type));
  const field = closer && instantOf[closer.type];
  if (!closer || !field) return events;
  const closedAt = (closer.payload as unknown as Record<string, string>)[field];
  const clock = state.clock;
  const at = events.indexOf(closer) + 1;
  return [
    ...events.slice(0, at),
    recorded('CaseClosed', {
      clientId: state.clientId,
      closedBy: closer.type,
      closedAt,
      clock: clock && {
        code: clock.clock,
        startedAt: clock.startedAt,
        dueDate: clock.dueDate,
        dueAt: clock.dueAt,
        outcome: Date.parse(closedAt) <= Date.parse(clock.dueAt) ? 'met' : 'breached',
      },
    }),
    ...events.slice(at),
  ];
}

function requireAdmitted(state: PlacementState, doing: string) {
  const institution = state.institution;
  if (institution?.status !== 'admitted') {
    refuse(
      'not-admitted',
      `The client is not staying in an institution: ${doing} only during an institution stay, after the admission is recorded.`,
    );
  }
  return institution;
}

function decideFact(command: PlacementCommand, state: PlacementState): PlacementEvent[] | null {
  switch (command.type) {
    case 'OpenPlacement': {
      // Asked by a reaction to CaseOpened: it opens once, however often it is asked.
      if (state.status !== 'notOpened') return [];
      const opened = recorded('PlacementOpened', {
        clientId: command.clientId,
        caseNumber: command.caseNumber,
        clientCategory: command.clientCategory,
        owningOfficeCode: command.owningOfficeCode,
        serviceStandard: command.serviceStandard,
        closesOn: command.closesOn,
        reviewIntervalMonths: command.reviewIntervalMonths,
        atRiskDays: command.atRiskDays,
      });
      // Intake's handover may have reached placement first: then the ledger already starts.
      const custody =
        state.custody.length > 0
          ? []
          : [
              recorded('CustodyRecorded', {
                clientId: command.clientId,
                since: command.openedAt,
                custodian: command.firstCustodian,
                recordedFrom: 'CaseOpened',
              }),
            ];
      // The case's own ClientRegistered, noted first, is the identity its documents print.
      const identity =
        command.identity && command.identity.clientId === command.clientId && !state.identityNoted
          ? [recorded('ClientIdentityNoted', command.identity)]
          : [];
      return [opened, ...custody, ...identity];
    }

    case 'RecordTransfer': {
      // Any status: intake's transfer may reach placement before CaseOpened (two topics reorder).
      if (transferRecorded(state, command.toOfficeCode)) return [];
      return [
        recorded('PlacementTransferred', {
          fromOfficeCode: command.fromOfficeCode,
          toOfficeCode: command.toOfficeCode,
          previousOfficerId: state.officerId,
        }),
      ];
    }

    case 'RecordClockStart': {
      // The whole service's clock starts once: a redelivered start records nothing.
      if (state.clock) return [];
      return [
        recorded('ServiceClockStarted', {
          clock: command.clock,
          startedBy: command.startedBy,
          startedAt: command.startedAt,
          startDate: command.startDate,
          dueDate: command.dueDate,
          dueAt: command.dueAt,
        }),
      ];
    }

    case 'NoteClientIdentity': {
      const { type: _type, ...identity } = command;
      if (state.identity && sameValue(state.identity, identity)) return [];
      return [recorded('ClientIdentityNoted', identity)];
    }

    case 'NoteRecommendation': {
      if (state.recommendation === command.recommendation) return [];
      return [
        recorded('RecommendationReceived', {
          clientId: command.clientId,
          recommendation: command.recommendation,
        }),
      ];
    }

    case 'NoteTracingOutcome': {
      const { type: _type, ...outcome } = command;
      if (state.tracingOutcomeNoted && sameValue(state.tracingOutcomeNoted, outcome)) return [];
      return [
        recorded('TracingOutcomeReceived', {
          clientId: outcome.clientId,
          outcome: outcome.outcome,
          familyMembers: outcome.familyMembers,
          relation: outcome.relation,
          familyAddress: outcome.familyAddress,
        }),
      ];
    }

    case 'RecordCustodyFromIntake': {
      const current = currentCustodian(state);
      if (current && sameValue(current, command.custodian)) return [];
      // A move intake makes after the case closed is not this case's any more.
      if (current && state.status === 'closed') return [];
      return closingOn(state, [
        recorded('CustodyRecorded', {
          clientId: command.clientId,
          since: command.since,
          previousCustodian: current,
          custodian: command.custodian,
          recordedFrom: command.recordedFrom,
        }),
      ]);
    }

    case 'MarkReviewDue': {
      // From a timer that may fire late or twice: each review falls due once, during the stay.
      const institution = state.institution;
      if (state.status !== 'open' || !state.clientId || institution?.status !== 'admitted') {
        return [];
      }
      if (command.reviewNumber !== institution.reviewsDue + 1) return [];
      return [
        recorded('InstitutionReviewDue', {
          clientId: state.clientId,
          reviewNumber: command.reviewNumber,
          dueOn: command.dueOn,
        }),
      ];
    }

    default:
      return null;
  }
}

function decide(command: PlacementCommand, state: PlacementState): PlacementEvent[] {
  const fact = decideFact(command, state);
  if (fact) return fact;
  const clientId = requireOpen(state);
  return closingOn(state, decideOfficer(command, state, clientId));
}

function decideOfficer(
  command: PlacementCommand,
  state: PlacementState,
  clientId: string,
): PlacementEvent[] {
  switch (command.type) {
    case 'AssignOfficer': {
      const handed = handOver(
        state.officerId,
        command.officerId,
        command.reason,
        'Another officer is responsible for this placement: say why it changes hands (about the work, never about the client).',
      );
      if (!handed) return [];
      return [
        recorded('PlacementOfficerAssigned', {
          officerId: command.officerId,
          how: command.how,
          previousOfficerId: handed.previous,
          reason: handed.reason,
        }),
      ];
    }

    case 'RecordSafetyAssessment': {
      if (state.safetyAssessments[command.safetyAssessmentId]) {
        refuse(
          'safety-assessment-exists',
          `A family safety assessment ${command.safetyAssessmentId} is already recorded in this case: each assessment has an id of its own.`,
        );
      }
      return [
        recorded('FamilySafetyAssessed', {
          clientId,
          safetyAssessmentId: command.safetyAssessmentId,
          familyPersonIds: command.familyPersonIds,
          outcome: command.outcome,
          assessedOn: command.assessedOn,
          findings: command.findings,
          conditions: command.conditions,
        }),
      ];
    }

    case 'ArrangeReturnHome': {
      if (state.tracingOutcome !== 'familyFound' && state.recommendation !== 'returnHome') {
        refuse(
          'return-home-needs-family',
          "No return home before a family is found or known: a return home is arranged once family tracing has found the client's family, or once the assessment recommends the return home (the family known).",
        );
      }
      const assessment = state.safetyAssessments[command.safetyAssessmentId];
      if (!assessment) {
        refuse(
          'safety-assessment-missing',
          `No family safety assessment ${command.safetyAssessmentId} is recorded in this case: assess the receiving family's safety and record it before arranging the return home.`,
        );
      }
      if (assessment.outcome === 'unsafe') {
        refuse(
          'family-unsafe',
          `The family safety assessment ${command.safetyAssessmentId} found the family unsafe: the client is not returned to it. Consider institution care or an LKS instead.`,
        );
      }
      if (state.returnHome) {
        refuse(
          'return-home-arranged',
          state.returnHome.returnedAt
            ? 'The client has already been returned home in this case.'
            : `The return home is already arranged (planned at ${state.returnHome.plannedAt}): record the return itself when it happens.`,
        );
      }
      return [
        recorded('ReturnHomeArranged', {
          clientId,
          receivingFamily: command.receivingFamily,
          destination: command.destination,
          plannedAt: command.plannedAt,
          escorts: command.escorts,
          safetyAssessmentId: command.safetyAssessmentId,
          childView: command.childView,
        }),
      ];
    }

    case 'RecordReturnHome': {
      if (!state.returnHome) {
        refuse(
          'return-home-not-arranged',
          'The return home has not been arranged: arrange it first (to whom, when, with which escort, on a family safety assessment), then record the return.',
        );
      }
      if (state.returnHome.returnedAt) {
        refuse(
          'returned-home-already',
          `The client was already returned home at ${state.returnHome.returnedAt}: a return home is recorded once.`,
        );
      }
      const custodian: LedgerCustodian = {
        kind: 'family',
        personIds: command.receivedBy.map((person) => person.personId),
      };
      const previousCustodian = custodyToClose(state, command.returnedAt, { into: 'family' });
      return [
        recorded('ClientReturnedHome', {
          clientId,
          returnedAt: command.returnedAt,
          place: command.place,
          officer: command.officer,
          receivedBy: command.receivedBy,
          witnesses: command.witnesses,
          notes: command.notes,
          beritaAcaraPemulangan: command.beritaAcaraPemulangan,
          document: command.document,
          previousCustodian,
          custodian,
        }),
      ];
    }

    case 'IssueHealthReferral': {
      if (state.healthReferrals[command.referralId]) {
        refuse(
          'health-referral-exists',
          `A health referral ${command.referralId} is already issued in this case: each referral letter has an id of its own.`,
        );
      }
      return [
        recorded('HealthReferralIssued', {
          clientId,
          referralId: command.referralId,
          facility: command.facility,
          reason: command.reason,
          issuedAt: command.issuedAt,
          signatory: command.signatory,
          letter: command.letter,
          letterFile: command.letterFile,
        }),
      ];
    }

    case 'AdmitToHealthFacility': {
      const referral = state.healthReferrals[command.referralId];
      if (referral?.status !== 'issued') {
        refuse(
          'health-referral-missing',
          referral
            ? `The health referral ${command.referralId} was already used for an admission: issue a new referral letter for a new admission.`
            : `No health referral ${command.referralId} is issued in this case: a health facility admits the client on a referral letter, so issue it first.`,
        );
      }
      const previousCustodian = custodyToClose(state, command.admittedAt, {
        into: 'healthFacility',
      });
      if (referral.issuedAt && Date.parse(command.admittedAt) < Date.parse(referral.issuedAt)) {
        refuse(
          'admission-before-referral',
          `The admission (${command.admittedAt}) is dated before the referral letter it rests on (${referral.issuedAt}): record the time the facility admitted the client.`,
        );
      }
      return [
        recorded('AdmittedToHealthFacility', {
          clientId,
          referralId: command.referralId,
          facility: referral.facility,
          admittedAt: command.admittedAt,
          previousCustodian,
          custodian: { kind: 'healthFacility', organisation: referral.facility },
        }),
      ];
    }

    case 'LeaveHealthFacility': {
      const referral = state.healthReferrals[command.referralId];
      const holder = currentCustodian(state);
      if (
        referral?.status !== 'admitted' ||
        holder?.kind !== 'healthFacility' ||
        !sameValue(holder.organisation, referral.facility)
      ) {
        refuse(
          'not-in-health-facility',
          `The client is not in the health facility of referral ${command.referralId}: recording the client leaving it would be a move that would leave no custodian. Record the admission first, or choose the referral of the facility that holds the client.`,
        );
      }
      const custodian = command.how === 'returned' ? referral.custodianBefore : command.custodian;
      if (!custodian) {
        refuse(
          'destination-missing',
          'Say where the client went on leaving the health facility: name the custodian the client was discharged to.',
        );
      }
      const previousCustodian = custodyToClose(state, command.leftAt, {
        into: custodian.kind,
        leavingHealthFacility: true,
      });
      return [
        recorded('ClientLeftHealthFacility', {
          clientId,
          referralId: command.referralId,
          facility: referral.facility,
          leftAt: command.leftAt,
          how: command.how,
          notes: command.notes,
          previousCustodian,
          custodian,
        }),
      ];
    }

    case 'RecordConsent': {
      if (
        rolesNeedingReason.includes(command.giverRole) &&
        !command.noFamilyConsentReason?.trim()
      ) {
        refuse(
          'consent-reason-missing',
          'A village official, a lurah or the head of the local Dinas Sosial consents only when no family member, guardian or caregiver can: say why none of them consented.',
        );
      }
      if (state.consents[command.consentId]) {
        refuse(
          'consent-exists',
          `A consent ${command.consentId} is already recorded in this case: each consent letter has an id of its own.`,
        );
      }
      return [
        recorded('ConsentRecorded', {
          clientId,
          consentId: command.consentId,
          givenBy: command.givenBy,
          giverRole: command.giverRole,
          purpose: command.purpose,
          letterDate: command.letterDate,
          letterScan: command.letterScan,
          noFamilyConsentReason: command.noFamilyConsentReason?.trim()
            ? command.noFamilyConsentReason
            : undefined,
        }),
      ];
    }

    case 'IssueInstitutionReferral': {
      if (!state.consents[command.consentId]) {
        refuse(
          'consent-missing',
          `No consent ${command.consentId} is recorded in this case: a consent letter (surat persetujuan) from the family, a guardian (wali), a caregiver (pengasuh), a village official (aparat desa), a lurah or the head of the local Dinas Sosial must be recorded first.`,
        );
      }
      const open = state.institution;
      if (open && open.status !== 'discharged') {
        refuse(
          'institution-referral-open',
          `The client is already ${open.status === 'admitted' ? 'staying in' : 'referred to'} ${open.institution.name}: one institution at a time. Record the discharge (or the admission) first.`,
        );
      }
      return [
        recorded('InstitutionReferralIssued', {
          clientId,
          institution: command.institution,
          consentId: command.consentId,
          issuedAt: command.issuedAt,
          signatory: command.signatory,
          letter: command.letter,
          letterFile: command.letterFile,
        }),
      ];
    }

    case 'AdmitToInstitution': {
      const referral = state.institution;
      if (referral?.status !== 'referred') {
        refuse(
          'institution-referral-missing',
          referral?.status === 'admitted'
            ? `The client is already admitted to ${referral.institution.name}.`
            : 'No admission without a referral: issue the referral letter to the institution (on a recorded consent) before recording the admission.',
        );
      }
      const previousCustodian = custodyToClose(state, command.admittedAt, { into: 'institution' });
      return [
        recorded('AdmittedToInstitution', {
          clientId,
          institution: referral.institution,
          admittedAt: command.admittedAt,
          firstReviewDueOn: command.firstReviewDueOn,
          stayLimitDate: state.clock?.dueDate,
          previousCustodian,
          custodian: { kind: 'institution', organisation: referral.institution },
        }),
      ];
    }

    case 'ReviewStay': {
      const institution = requireAdmitted(state, 'a stay is reviewed');
      return [
        recorded('InstitutionStayReviewed', {
          clientId,
          reviewNumber: institution.reviewsDone + 1,
          reviewedOn: command.reviewedOn,
          outcome: command.outcome,
          notes: command.notes,
          nextReviewDueOn: command.nextReviewDueOn,
        }),
      ];
    }

    case 'ExtendStay': {
      const institution = requireAdmitted(state, 'a stay is extended');
      const limit = institution.limitDate;
      if (limit !== undefined && command.extendedUntil <= limit) {
        refuse(
          'extension-not-later',
          `The stay already runs until ${limit}: an extension runs to a later date.`,
          { limitDate: limit },
        );
      }
      return [
        recorded('InstitutionStayExtended', {
          clientId,
          previousLimitDate: limit,
          extendedUntil: command.extendedUntil,
          reason: command.reason,
        }),
      ];
    }

    case 'Discharge': {
      const institution = state.institution;
      if (institution?.status !== 'admitted') {
        refuse(
          'discharge-before-admission',
          'No discharge before admission: the client is not staying in an institution. Record the admission first.',
        );
      }
      const independent =
        command.destination === 'independentLiving' || command.custodian.kind === 'self';
      if (independent) {
        if (command.destination !== 'independentLiving' || command.custodian.kind !== 'self') {
          refuse(
            'independent-living-for-adults',
            'A discharge to independent living leaves the client in their own care: name the client themself as the custodian, and independent living as the destination.',
          );
        }
        if (state.clientCategory === 'neglectedChild') {
          refuse(
            'independent-living-for-adults',
            'Independent living is for adults: a child is discharged to the family, an LKS or another institution.',
          );
        }
      } else if (command.custodian.kind !== destinationKind[command.destination]) {
        refuse(
          'destination-mismatch',
          `A discharge to ${destinationWords[command.destination]} names ${destinationWords[command.destination]} as the custodian.`,
        );
      }
      if (command.custodian.kind === 'family') {
        const known = new Set([
          ...state.familyPersonIds,
          ...Object.values(state.safetyAssessments).flatMap((assessed) => assessed.familyPersonIds),
        ]);
        const unknown = command.custodian.personIds.filter((personId) => !known.has(personId));
        if (unknown.length > 0) {
          refuse(
            'unknown-family-member',
            `No family member ${unknown.join(', ')} was found by tracing or named in a safety assessment of this case: discharge to family members the case knows.`,
            { unknown },
          );
        }
      }
      const previousCustodian = custodyToClose(state, command.dischargedAt, {
        into: command.custodian.kind,
        discharge: true,
      });
      return [
        recorded('DischargedFromInstitution', {
          clientId,
          institution: institution.institution,
          dischargedAt: command.dischargedAt,
          destination: command.destination,
          previousCustodian,
          custodian: command.custodian,
        }),
      ];
    }

    case 'MakeLksReferral': {
      if (
        state.tracingOutcome !== 'familyNotFound' &&
        state.recommendation !== 'continueWithLks' &&
        state.institution?.dischargedTo !== 'lks'
      ) {
        refuse(
          'lks-needs-family-not-found',
          'An LKS takes the client when no family is found: refer to an LKS once family tracing has found no family, the assessment recommends continuing with an LKS, or the institution discharged the client to an LKS.',
        );
      }
      if (state.lks?.status === 'referred') {
        refuse(
          'lks-referral-open',
          `The client is already referred to ${state.lks.lks.name}: record the handover to it first.`,
        );
      }
      return [
        recorded('LksReferralMade', {
          clientId,
          lks: command.lks,
          issuedAt: command.issuedAt,
          signatory: command.signatory,
          letter: command.letter,
          letterFile: command.letterFile,
        }),
      ];
    }

    case 'HandOverToLks': {
      const referral = state.lks;
      if (referral?.status !== 'referred') {
        refuse(
          'lks-referral-missing',
          'No handover to an LKS without a referral: refer the client to an LKS from the registry first.',
        );
      }
      const previousCustodian = custodyToClose(state, command.handedOverAt, { into: 'lks' });
      return [
        recorded('ClientHandedOverToLks', {
          clientId,
          lks: referral.lks,
          handedOverAt: command.handedOverAt,
          place: command.place,
          handedOverBy: command.handedOverBy,
          receivedBy: command.receivedBy,
          witnesses: command.witnesses,
          belongings: command.belongings,
          bast: command.bast,
          document: command.document,
          previousCustodian,
          custodian: { kind: 'lks', organisation: referral.lks },
        }),
      ];
    }

    default:
      // The facts from other services are decided above.
      return [];
  }
}

type DischargeDestination = EventPayload<'DischargedFromInstitution'>['destination'];

const destinationKind: Record<DischargeDestination, LedgerCustodian['kind']> = {
  family: 'family',
  lks: 'lks',
  otherInstitution: 'institution',
  independentLiving: 'self',
};

const destinationWords: Record<DischargeDestination, string> = {
  family: 'the family',
  lks: 'an LKS',
  otherInstitution: 'another institution',
  independentLiving: 'independent living',
};

/** The ledger with the custody a move opened. */
function moved(
  state: PlacementState,
  custodian: LedgerCustodian,
  since: string,
  openedBy: EventType,
): PlacementState {
  return { ...state, custody: [...state.custody, { custodian, since, openedBy }] };
}

function evolve(state: PlacementState, event: PlacementEvent): PlacementState {
  switch (event.type) {
    case 'PlacementOpened': {
      const p = event.payload;
      return {
        ...state,
        status: 'open',
        clientId: p.clientId,
        caseNumber: p.caseNumber,
        clientCategory: p.clientCategory,
        // A transfer recorded before the opening (two topics may reorder) already names the office.
        officeCode: state.transfers.length > 0 ? state.officeCode : p.owningOfficeCode,
        serviceStandard: p.serviceStandard,
        closesOn: p.closesOn,
        reviewIntervalMonths: p.reviewIntervalMonths,
        atRiskDays: p.atRiskDays,
      };
    }
    case 'PlacementOfficerAssigned':
      return { ...state, officerId: event.payload.officerId };
    case 'PlacementTransferred':
      return afterTransfer(state, event.payload);
    case 'ServiceClockStarted': {
      const { startedBy: _startedBy, ...clock } = event.payload;
      const institution = state.institution;
      // A stay admitted before the clock was known runs until the clock's due date.
      const stay =
        institution?.status === 'admitted' && institution.limitDate === undefined
          ? { institution: { ...institution, limitDate: clock.dueDate } }
          : {};
      return { ...state, clock, ...stay };
    }
    case 'ClientIdentityNoted':
      return { ...state, identityNoted: true, identity: event.payload };
    case 'RecommendationReceived':
      return { ...state, recommendation: event.payload.recommendation };
    case 'TracingOutcomeReceived':
      return {
        ...state,
        tracingOutcome: event.payload.outcome,
        familyPersonIds: event.payload.familyMembers.map((person) => person.personId),
        tracingOutcomeNoted: event.payload,
      };
    case 'CustodyRecorded':
      return moved(state, event.payload.custodian, event.payload.since, event.type);
    case 'FamilySafetyAssessed': {
      const p = event.payload;
      return {
        ...state,
        safetyAssessments: {
          ...state.safetyAssessments,
          [p.safetyAssessmentId]: { outcome: p.outcome, familyPersonIds: p.familyPersonIds },
        },
      };
    }
    case 'ReturnHomeArranged':
      return {
        ...state,
        returnHome: {
          receivingPersonIds: event.payload.receivingFamily.map((person) => person.personId),
          plannedAt: event.payload.plannedAt,
        },
      };
    case 'ClientReturnedHome': {
      const p = event.payload;
      const returnHome = state.returnHome && { ...state.returnHome, returnedAt: p.returnedAt };
      return moved({ ...state, returnHome }, p.custodian, p.returnedAt, event.type);
    }
    case 'HealthReferralIssued':
      return {
        ...state,
        healthReferrals: {
          ...state.healthReferrals,
          [event.payload.referralId]: {
            facility: event.payload.facility,
            status: 'issued',
            issuedAt: event.payload.issuedAt,
          },
        },
      };
    case 'AdmittedToHealthFacility': {
      const p = event.payload;
      const referral = state.healthReferrals[p.referralId] ?? { facility: p.facility };
      const healthReferrals = {
        ...state.healthReferrals,
        [p.referralId]: {
          ...referral,
          status: 'admitted' as const,
          custodianBefore: p.previousCustodian,
        },
      };
      return moved({ ...state, healthReferrals }, p.custodian, p.admittedAt, event.type);
    }
    case 'ClientLeftHealthFacility': {
      const p = event.payload;
      const referral = state.healthReferrals[p.referralId] ?? { facility: p.facility };
      const healthReferrals = {
        ...state.healthReferrals,
        [p.referralId]: { ...referral, status: 'left' as const },
      };
      return moved({ ...state, healthReferrals }, p.custodian, p.leftAt, event.type);
    }
    case 'ConsentRecorded':
      return {
        ...state,
        consents: {
          ...state.consents,
          [event.payload.consentId]: { giverRole: event.payload.giverRole },
        },
      };
    case 'InstitutionReferralIssued':
      return {
        ...state,
        institution: {
          institution: event.payload.institution,
          consentId: event.payload.consentId,
          status: 'referred',
          reviewsDue: 0,
          reviewsDone: 0,
        },
      };
    case 'AdmittedToInstitution': {
      const p = event.payload;
      const institution: NonNullable<PlacementState['institution']> = {
        consentId: '',
        reviewsDue: 0,
        reviewsDone: 0,
        ...state.institution,
        institution: p.institution,
        status: 'admitted',
        admittedAt: p.admittedAt,
        nextReviewDueOn: p.firstReviewDueOn,
        ...(p.stayLimitDate !== undefined ? { limitDate: p.stayLimitDate } : {}),
      };
      return moved({ ...state, institution }, p.custodian, p.admittedAt, event.type);
    }
    case 'InstitutionReviewDue': {
      const institution = state.institution;
      if (!institution) return state;
      return {
        ...state,
        institution: {
          ...institution,
          reviewsDue: Math.max(institution.reviewsDue, event.payload.reviewNumber),
        },
      };
    }
    case 'InstitutionStayReviewed': {
      const institution = state.institution;
      if (!institution) return state;
      const { nextReviewDueOn: _previous, ...rest } = institution;
      const next = event.payload.nextReviewDueOn;
      return {
        ...state,
        institution: {
          ...rest,
          reviewsDone: Math.max(institution.reviewsDone, event.payload.reviewNumber),
          ...(next !== undefined ? { nextReviewDueOn: next } : {}),
        },
      };
    }
    case 'InstitutionStayExtended': {
      const institution = state.institution;
      if (!institution) return state;
      return {
        ...state,
        institution: { ...institution, limitDate: event.payload.extendedUntil },
      };
    }
    case 'DischargedFromInstitution': {
      const p = event.payload;
      // To another institution the stay goes on there (from the discharge, reviews afresh), so
      // it can be reviewed, extended and ended in turn; any other destination ends it.
      const institution =
        state.institution &&
        (p.destination === 'otherInstitution' && p.custodian.kind === 'institution'
          ? {
              ...state.institution,
              institution: p.custodian.organisation,
              status: 'admitted' as const,
              admittedAt: p.dischargedAt,
              reviewsDue: 0,
              reviewsDone: 0,
              nextReviewDueOn: undefined,
            }
          : { ...state.institution, status: 'discharged' as const, dischargedTo: p.destination });
      return moved({ ...state, institution }, p.custodian, p.dischargedAt, event.type);
    }
    case 'LksReferralMade':
      return { ...state, lks: { lks: event.payload.lks, status: 'referred' } };
    case 'ClientHandedOverToLks': {
      const p = event.payload;
      return moved(
        { ...state, lks: { lks: p.lks, status: 'handedOver' } },
        p.custodian,
        p.handedOverAt,
        event.type,
      );
    }
    case 'CaseClosed': {
      const p = event.payload;
      return {
        ...state,
        status: 'closed',
        closed: {
          closedBy: p.closedBy,
          closedAt: p.closedAt,
          ...(p.clock ? { outcome: p.clock.outcome } : {}),
        },
      };
    }
  }
}

/** Every event it decides is checked against the contracts before it can be appended. */
export const placementDecider = checkedAgainstCatalogue<
  PlacementCommand,
  PlacementState,
  PlacementEvent
>({
  initialState: initialPlacementState,
  decide,
  evolve,
});
