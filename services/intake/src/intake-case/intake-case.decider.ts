import type { EventPayload, schemas } from '@dinsos/contracts';
import { DomainRuleViolation, type Decider } from '@dinsos/platform/domain';
import {
  AmbiguousStandardError,
  NoStandardInForceError,
  UnknownOfficeError,
  procedureProgress,
  type ProcedureStep,
  type ServiceStandard,
  type ServiceStandardCatalogue,
} from '@dinsos/service-standards';
import type { z } from 'zod';
import { cataloguedEvent, type CataloguedEvent } from '@dinsos/platform/domain';

/**
 * The intake case (stream `intakeCase-<caseId>`): from the report of a found or referred client
 * to an open case, and the case moving between offices. The steps and their order come from the
 * case's pinned service standard (@dinsos/service-standards), never from this code. Pure: no
 * Nest, no I/O. Personal values arrive sealed (the contracts' `{keyId, iv, ct, tag}`) and are
 * only copied.
 */

type ContactPerson = z.infer<typeof schemas.ContactPerson>;
type Organisation = z.infer<typeof schemas.Organisation>;
type Custodian = z.infer<typeof schemas.Custodian>;
type IssuedDocument = z.infer<typeof schemas.IssuedDocument>;
type ServiceStandardRef = z.infer<typeof schemas.ServiceStandardRef>;
type ReportReceivedPayload = EventPayload<'ReportReceived'>;
type SealedField = NonNullable<ReportReceivedPayload['circumstances']>;

export type IntakeCaseEvent =
  | CataloguedEvent<'ReportReceived'>
  | CataloguedEvent<'RequirementsChecked'>
  | CataloguedEvent<'ClientHandedOverToShelter'>
  | CataloguedEvent<'CaseOpened'>
  | CataloguedEvent<'CaseTransferred'>
  | CataloguedEvent<'CaseReferredToOffice'>;

export type RequirementResult = EventPayload<'RequirementsChecked'>['requirements'][number];

/** What the officer reports, personal values sealed; the decider adds what it decides. */
export type ReportDetails = Omit<
  ReportReceivedPayload,
  'caseNumber' | 'client' | 'receivingOfficeCode' | 'serviceStandard' | 'referredFromCaseId'
>;

export interface ReceiveReport {
  type: 'ReceiveReport';
  /** Allocated for the office and year; also the case id. */
  caseNumber: string;
  officeCode: string;
  /** When the report was received: pins the standard in force at the office that day. */
  receivedAt: string;
  /** Names the standard when the office runs several. */
  standardCode?: string;
  clientId: string;
  /** The client came before (returning or referred): their identity is already registered. */
  returningClient: boolean;
  report: ReportDetails;
  /** When another office referred the client: that case as it stands, and whether it was taken in. */
  referral?: { caseId: string; referringCase: IntakeCaseState; alreadyReceivedAs?: string };
}

export interface CheckRequirements {
  type: 'CheckRequirements';
  results: RequirementResult[];
}

export interface HandOverToShelter {
  type: 'HandOverToShelter';
  shelter: Organisation;
  /** The reporter or an escort, as recorded in ReportReceived. */
  handedOverByPersonId: string;
  receivedBy?: ContactPerson;
  handedOverAt: string;
  place: string;
  belongings?: SealedField;
  bast: IssuedDocument;
  document?: SealedField;
}

export interface TransferCase {
  type: 'TransferCase';
  toOfficeCode: string;
  reason: string;
}

export type LetterSignatory = NonNullable<EventPayload<'CaseReferredToOffice'>['signatory']>;

export interface ReferCase {
  type: 'ReferCase';
  toOfficeCode: string;
  reason: EventPayload<'CaseReferredToOffice'>['reason'];
  /**
   * When the referral is made: the receiving office's standard in force then, and the letter's
   * date (recorded as the event's issuedAt).
   */
  referredAt: string;
  /** Who signs the letter, name and NIP sealed under a key of their own. */
  signatory: LetterSignatory;
  letter: IssuedDocument;
  letterFile?: SealedField;
  note?: string;
}

export type IntakeCaseCommand =
  ReceiveReport | CheckRequirements | HandOverToShelter | TransferCase | ReferCase;

export interface IntakeCaseState {
  status: 'none' | 'received' | 'open';
  caseNumber?: string;
  receivingOfficeCode?: string;
  owningOfficeCode?: string;
  standard?: ServiceStandardRef;
  clientId?: string;
  clientCategory?: ReportReceivedPayload['clientCategory'];
  referredFromCaseId?: string;
  letter?: ReportReceivedPayload['letter'];
  source?: ReportReceivedPayload['source'];
  reporter?: ContactPerson;
  escorts: ContactPerson[];
  /** The latest requirements check. */
  requirements?: { complete: boolean; results: RequirementResult[] };
  shelter?: Organisation;
  custodian?: Custodian;
  transfers: Array<{ fromOfficeCode: string; toOfficeCode: string }>;
  /** Offices that handed the case over by a transfer: they keep reading it. */
  readGrantOfficeCodes: string[];
  referrals: Array<{ toOfficeCode: string; reason: string; letterNumber: string }>;
  /**
   * The events that complete steps of the standard, in order. RequirementsChecked counts only
   * when complete: an incomplete case is held at that step.
   */
  completedBy: string[];
}

export const initialIntakeCaseState = (): IntakeCaseState => ({
  status: 'none',
  escorts: [],
  transfers: [],
  readGrantOfficeCodes: [],
  referrals: [],
  completedBy: [],
});

function refuse(rule: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainRuleViolation(rule, message, details);
}

/** The pinned standard of a received case. */
export function pinnedStandard(
  catalogue: ServiceStandardCatalogue,
  state: IntakeCaseState,
): ServiceStandard {
  if (!state.standard) refuse('case-not-received', 'No report was received for this case yet.');
  return catalogue.get(state.standard);
}

/** The intake step of a standard that an event completes, if the standard has one. */
export function intakeStepCompletedBy(
  standard: ServiceStandard,
  eventType: string,
): ProcedureStep | undefined {
  return standard.steps.find(
    (step) =>
      step.performedBy === 'intake' && (step.completedBy as readonly string[]).includes(eventType),
  );
}

/**
 * Where the case stands in its standard: steps completed and available. `otherEvents` are event
 * types other services recorded for the case (e.g. RecommendationMade after the Peksos
 * assessment), for steps of intake that follow theirs.
 */
export function progressOf(
  standard: ServiceStandard,
  state: IntakeCaseState,
  otherEvents: readonly string[] = [],
) {
  return procedureProgress(standard, [...state.completedBy, ...otherEvents]);
}

/** Refuses a step whose required steps are not complete, naming what comes first. */
export function requireStepAvailable(
  standard: ServiceStandard,
  step: ProcedureStep,
  completed: readonly string[],
  rule: string,
): void {
  const missing = step.requires.filter((code) => !completed.includes(code));
  if (missing.length === 0) return;
  const names = missing
    .map((code) => standard.steps.find((s) => s.code === code)?.text.english ?? code)
    .join('; ');
  refuse(
    rule,
    `Under the ${standard.title.english} standard this step ("${step.text.english}") comes after: ${names}.`,
    { step: step.code, missingSteps: missing },
  );
}

function requireReceived(state: IntakeCaseState): void {
  if (state.status === 'none') {
    refuse('case-not-received', 'No report was received for this case yet.');
  }
}

function requireOpen(state: IntakeCaseState, action: string): void {
  requireReceived(state);
  if (state.status !== 'open') {
    refuse(
      'case-not-open',
      `The case is not open yet: finish its intake steps before it can be ${action}.`,
    );
  }
}

function requireKnownOffice(catalogue: ServiceStandardCatalogue, officeCode: string): void {
  if (!catalogue.offices.has(officeCode)) {
    refuse('unknown-office', `There is no office ${officeCode} in this system.`);
  }
}

/** The standard a case received now at the office follows, or the rule that refuses it. */
export function pinAtIntake(
  catalogue: ServiceStandardCatalogue,
  officeCode: string,
  at: string,
  standardCode?: string,
): ServiceStandardRef {
  try {
    return catalogue.pinAtIntake(officeCode, at, standardCode);
  } catch (error) {
    if (error instanceof NoStandardInForceError) {
      refuse(
        'no-standard-in-force',
        standardCode
          ? `Office ${officeCode} does not run the standard ${standardCode} on that date.`
          : `Office ${officeCode} runs no service standard on that date, so it cannot take in a case.`,
      );
    }
    if (error instanceof AmbiguousStandardError) {
      refuse(
        'standard-not-named',
        `Office ${officeCode} runs several standards (${error.standardCodes.join(', ')}): name the one this case follows.`,
      );
    }
    if (error instanceof UnknownOfficeError) {
      refuse('unknown-office', `There is no office ${officeCode} in this system.`);
    }
    throw error;
  }
}

function receiveReport(
  catalogue: ServiceStandardCatalogue,
  command: ReceiveReport,
  state: IntakeCaseState,
): IntakeCaseEvent[] {
  if (state.status !== 'none') {
    refuse('case-already-received', `Case ${command.caseNumber} was already received.`);
  }
  requireKnownOffice(catalogue, command.officeCode);
  const pin = pinAtIntake(catalogue, command.officeCode, command.receivedAt, command.standardCode);
  const standard = catalogue.get(pin);
  if (!standard.clientCategories.includes(command.report.clientCategory)) {
    refuse(
      'category-not-served',
      `The standard "${standard.title.english}" serves ${standard.clientCategories.join(', ')}; a client of the category ${command.report.clientCategory} cannot be taken in under it.`,
      { standard: pin, served: standard.clientCategories },
    );
  }
  if (command.referral) {
    const { referringCase, caseId } = command.referral;
    const referred = referringCase.referrals.some((r) => r.toOfficeCode === command.officeCode);
    if (referringCase.status === 'none' || !referred) {
      refuse(
        'referral-not-found',
        `Case ${caseId} was not referred to office ${command.officeCode}.`,
      );
    }
    if (command.referral.alreadyReceivedAs) {
      refuse(
        'referral-already-received',
        `The referral of case ${caseId} was already received as case ${command.referral.alreadyReceivedAs}.`,
      );
    }
    if (referringCase.clientId !== command.clientId) {
      refuse(
        'referral-client-mismatch',
        `Case ${caseId} referred another client; a referred client keeps their client record.`,
      );
    }
  }
  return [
    cataloguedEvent('ReportReceived', {
      ...command.report,
      caseNumber: command.caseNumber,
      receivingOfficeCode: command.officeCode,
      client: { clientId: command.clientId, returning: command.returningClient },
      serviceStandard: pin,
      ...(command.referral ? { referredFromCaseId: command.referral.caseId } : {}),
    }),
  ];
}

function checkRequirements(
  catalogue: ServiceStandardCatalogue,
  command: CheckRequirements,
  state: IntakeCaseState,
): IntakeCaseEvent[] {
  requireReceived(state);
  const standard = pinnedStandard(catalogue, state);
  const step = intakeStepCompletedBy(standard, 'RequirementsChecked');
  if (!step) {
    refuse(
      'step-not-in-standard',
      `The standard "${standard.title.english}" has no requirements check at intake.`,
    );
  }
  if (state.requirements?.complete) {
    refuse(
      'requirements-already-complete',
      'The requirements of this case were already checked and found complete.',
    );
  }
  requireStepAvailable(
    standard,
    step,
    progressOf(standard, state).completed,
    'step-not-yet-available',
  );
  const known = new Map(standard.requirements.map((r) => [r.code, r]));
  const seen = new Set<string>();
  for (const result of command.results) {
    if (!known.has(result.code)) {
      refuse(
        'unknown-requirement',
        `The standard "${standard.title.english}" has no requirement ${result.code}; its requirements are ${[...known.keys()].join(', ')}.`,
      );
    }
    if (seen.has(result.code)) {
      refuse('requirement-checked-twice', `Requirement ${result.code} is listed twice.`);
    }
    seen.add(result.code);
  }
  const unchecked = [...known.keys()].filter((code) => !seen.has(code));
  if (unchecked.length) {
    refuse(
      'requirement-not-checked',
      `Every requirement of the standard must be checked (met, missing, or not applicable with a reason); not checked: ${unchecked.join(', ')}.`,
      { unchecked },
    );
  }
  const results = standard.requirements.map((requirement) =>
    command.results.find((r) => r.code === requirement.code)!,
  );
  const complete = standard.requirements.every(
    (requirement) =>
      !requirement.mandatory ||
      results.find((r) => r.code === requirement.code)!.status !== 'missing',
  );
  const checked = cataloguedEvent('RequirementsChecked', { requirements: results, complete });
  return [checked, ...openedIfIntakeDone(catalogue, state, [checked])];
}

function handOverToShelter(
  catalogue: ServiceStandardCatalogue,
  command: HandOverToShelter,
  state: IntakeCaseState,
): IntakeCaseEvent[] {
  requireReceived(state);
  const standard = pinnedStandard(catalogue, state);
  const step = intakeStepCompletedBy(standard, 'ClientHandedOverToShelter');
  if (!step) {
    refuse(
      'handover-not-in-standard',
      `The standard "${standard.title.english}" has no handover to a shelter at intake.`,
    );
  }
  if (state.shelter) {
    refuse('already-handed-over', 'The client was already handed over to the shelter.');
  }
  requireStepAvailable(
    standard,
    step,
    progressOf(standard, state).completed,
    'requirements-incomplete',
  );
  const people = [...(state.reporter ? [state.reporter] : []), ...state.escorts];
  const handingOver = people.find((person) => person.personId === command.handedOverByPersonId);
  if (!handingOver) {
    refuse(
      'unknown-handing-over-person',
      'The person handing the client over must be the reporter or an escort recorded with the report.',
    );
  }
  const handedOver = cataloguedEvent('ClientHandedOverToShelter', {
    clientId: state.clientId!,
    shelter: command.shelter,
    bast: command.bast,
    handedOverBy: handingOver,
    ...(command.receivedBy ? { receivedBy: command.receivedBy } : {}),
    handedOverAt: command.handedOverAt,
    place: command.place,
    ...(command.belongings ? { belongings: command.belongings } : {}),
    ...(command.document ? { document: command.document } : {}),
    custodian: { kind: 'shelter', organisation: command.shelter },
  });
  return [handedOver, ...openedIfIntakeDone(catalogue, state, [handedOver])];
}

/**
 * CaseOpened when the events just decided complete the standard's last intake step
 * (`caseOpensAfter`), naming the first custodian: the shelter when the client was handed over
 * to one, else the owning office.
 */
function openedIfIntakeDone(
  catalogue: ServiceStandardCatalogue,
  state: IntakeCaseState,
  decided: IntakeCaseEvent[],
): IntakeCaseEvent[] {
  if (state.status === 'open') return [];
  const after = decided.reduce(evolve, state);
  const standard = pinnedStandard(catalogue, after);
  if (!progressOf(standard, after).completed.includes(standard.caseOpensAfter)) return [];
  return [
    cataloguedEvent('CaseOpened', {
      caseNumber: after.caseNumber!,
      clientId: after.clientId!,
      clientCategory: after.clientCategory!,
      owningOfficeCode: after.owningOfficeCode!,
      serviceStandard: after.standard!,
      custodian: after.custodian ?? { kind: 'office', officeCode: after.owningOfficeCode! },
      ...(after.referredFromCaseId ? { referredFromCaseId: after.referredFromCaseId } : {}),
    }),
  ];
}

function transferCase(
  catalogue: ServiceStandardCatalogue,
  command: TransferCase,
  state: IntakeCaseState,
): IntakeCaseEvent[] {
  requireOpen(state, 'transferred');
  requireKnownOffice(catalogue, command.toOfficeCode);
  if (command.toOfficeCode === state.owningOfficeCode) {
    refuse(
      'transfer-to-same-office',
      `The case is already owned by office ${command.toOfficeCode}.`,
    );
  }
  return [
    cataloguedEvent('CaseTransferred', {
      fromOfficeCode: state.owningOfficeCode!,
      toOfficeCode: command.toOfficeCode,
      serviceStandard: state.standard!,
      reason: command.reason,
    }),
  ];
}

function referCase(
  catalogue: ServiceStandardCatalogue,
  command: ReferCase,
  state: IntakeCaseState,
): IntakeCaseEvent[] {
  requireOpen(state, 'referred');
  requireKnownOffice(catalogue, command.toOfficeCode);
  if (command.toOfficeCode === state.owningOfficeCode) {
    refuse('referral-to-same-office', 'A case cannot be referred to the office that owns it.');
  }
  if (state.referrals.some((r) => r.toOfficeCode === command.toOfficeCode)) {
    refuse(
      'already-referred',
      `The client of this case was already referred to office ${command.toOfficeCode}.`,
    );
  }
  const receiving = pinAtIntake(catalogue, command.toOfficeCode, command.referredAt);
  if (receiving.code === state.standard!.code) {
    refuse(
      'referral-to-same-standard',
      `Office ${command.toOfficeCode} runs the same standard as this case: transfer the case instead of referring it.`,
    );
  }
  return [
    cataloguedEvent('CaseReferredToOffice', {
      clientId: state.clientId!,
      toOfficeCode: command.toOfficeCode,
      reason: command.reason,
      letter: command.letter,
      ...(command.letterFile ? { letterFile: command.letterFile } : {}),
      ...(command.note ? { note: command.note } : {}),
      // What the letter says beyond the case's facts, so it regenerates from its event alone.
      issuedAt: command.referredAt,
      signatory: command.signatory,
    }),
  ];
}

function evolve(state: IntakeCaseState, event: IntakeCaseEvent): IntakeCaseState {
  switch (event.type) {
    case 'ReportReceived': {
      const p = event.payload;
      return {
        ...state,
        status: 'received',
        caseNumber: p.caseNumber,
        receivingOfficeCode: p.receivingOfficeCode,
        owningOfficeCode: p.receivingOfficeCode,
        standard: p.serviceStandard,
        clientId: p.client?.clientId,
        clientCategory: p.clientCategory,
        referredFromCaseId: p.referredFromCaseId,
        letter: p.letter,
        source: p.source,
        reporter: p.reporter,
        escorts: p.escorts,
        completedBy: [...state.completedBy, event.type],
      };
    }
    case 'RequirementsChecked':
      return {
        ...state,
        requirements: { complete: event.payload.complete, results: event.payload.requirements },
        completedBy: event.payload.complete
          ? [...state.completedBy, event.type]
          : state.completedBy,
      };
    case 'ClientHandedOverToShelter':
      return {
        ...state,
        shelter: event.payload.shelter,
        custodian: event.payload.custodian,
        completedBy: [...state.completedBy, event.type],
      };
    case 'CaseOpened':
      return {
        ...state,
        status: 'open',
        caseNumber: event.payload.caseNumber,
        owningOfficeCode: event.payload.owningOfficeCode,
        clientId: event.payload.clientId,
        custodian: event.payload.custodian,
        completedBy: [...state.completedBy, event.type],
      };
    case 'CaseTransferred': {
      const { fromOfficeCode, toOfficeCode } = event.payload;
      const grants = new Set([...state.readGrantOfficeCodes, fromOfficeCode]);
      grants.delete(toOfficeCode);
      return {
        ...state,
        owningOfficeCode: toOfficeCode,
        transfers: [...state.transfers, { fromOfficeCode, toOfficeCode }],
        readGrantOfficeCodes: [...grants].sort(),
      };
    }
    case 'CaseReferredToOffice':
      return {
        ...state,
        referrals: [
          ...state.referrals,
          {
            toOfficeCode: event.payload.toOfficeCode,
            reason: event.payload.reason,
            letterNumber: event.payload.letter.number,
          },
        ],
      };
    default:
      return state;
  }
}

/** The intake case decider over the standards (and offices) of a catalogue. */
export function intakeCaseDecider(
  catalogue: ServiceStandardCatalogue,
): Decider<IntakeCaseCommand, IntakeCaseState, IntakeCaseEvent> {
  return {
    initialState: initialIntakeCaseState,
    decide(command, state) {
      switch (command.type) {
        case 'ReceiveReport':
          return receiveReport(catalogue, command, state);
        case 'CheckRequirements':
          return checkRequirements(catalogue, command, state);
        case 'HandOverToShelter':
          return handOverToShelter(catalogue, command, state);
        case 'TransferCase':
          return transferCase(catalogue, command, state);
        case 'ReferCase':
          return referCase(catalogue, command, state);
      }
    },
    evolve,
  };
}

export function intakeCaseStreamId(caseId: string): string {
  return `intakeCase-${caseId}`;
}

/** `<office>-<year>-<sequence of six digits>`, e.g. 3603-2026-000123: the case number and id. */
export function formatCaseNumber(officeCode: string, year: number, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError('a case number sequence is a whole number from 1');
  }
  return `${officeCode}-${year}-${String(sequence).padStart(6, '0')}`;
}
