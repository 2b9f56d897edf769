import type { EventPayload } from '@dinsos/contracts';
import { DomainRuleViolation, type Decider } from '@dinsos/platform/domain';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { cataloguedEvent, type CataloguedEvent } from '@dinsos/platform/domain';
import {
  intakeStepCompletedBy,
  pinnedStandard,
  progressOf,
  requireStepAvailable,
  type IntakeCaseState,
} from '../intake-case/intake-case.decider';

/**
 * A client across cases (stream `client-<clientId>`): registered at each intake with the
 * identity as then known, biometric captures, and the officers' decisions on duplicate
 * candidates. A client who comes back is registered again in the same stream, for the new case.
 * Pure: no Nest, no I/O; personal values arrive sealed.
 */

type ClientRegisteredPayload = EventPayload<'ClientRegistered'>;

export type ClientEvent =
  | CataloguedEvent<'ClientRegistered'>
  | CataloguedEvent<'BiometricsRecorded'>
  | CataloguedEvent<'DuplicateCandidateDecided'>;

/** The identity as known, sealed; how much is known is decided here. */
export type ClientIdentity = Omit<
  ClientRegisteredPayload,
  'clientId' | 'category' | 'identityStatus'
>;

export interface RegisterClient {
  type: 'RegisterClient';
  clientId: string;
  category: ClientRegisteredPayload['category'];
  /** A client who came before: the stream must exist. */
  returning: boolean;
  /** The identity as now known; a returning client may come without a new one. */
  identity?: ClientIdentity;
}

export interface DecideDuplicate {
  type: 'DecideDuplicate';
  clientId: string;
  candidateClientId: string;
  decision: EventPayload<'DuplicateCandidateDecided'>['decision'];
  score?: number;
  reason?: string;
  /** Whether the candidate is a registered client the duplicate check showed this officer. */
  candidateRegistered: boolean;
}

export interface RecordBiometrics {
  type: 'RecordBiometrics';
  clientId: string;
  captures: EventPayload<'BiometricsRecorded'>['captures'];
  /** The case the captures are taken for, as it stands. */
  intakeCase: IntakeCaseState;
  /** Event types other services recorded for the case (e.g. RecommendationMade). */
  otherServicesEvents: readonly string[];
}

export type ClientCommand = RegisterClient | DecideDuplicate | RecordBiometrics;

export interface ClientState {
  registered: boolean;
  category?: ClientRegisteredPayload['category'];
  registrations: number;
  /** Candidate client id → the decision taken on it. */
  decisions: Record<string, EventPayload<'DuplicateCandidateDecided'>['decision']>;
  captures: number;
}

export const initialClientState = (): ClientState => ({
  registered: false,
  registrations: 0,
  decisions: {},
  captures: 0,
});

function refuse(rule: string, message: string): never {
  throw new DomainRuleViolation(rule, message);
}

function requireRegistered(state: ClientState): void {
  if (!state.registered) refuse('client-not-found', 'There is no such client.');
}

/**
 * How much of the identity is known, from which fields are present (their values are sealed):
 * a name with a date of birth or NIK is known; nothing that names the person is unknown.
 */
export function identityStatusOf(
  identity: ClientIdentity,
): ClientRegisteredPayload['identityStatus'] {
  if (identity.name && (identity.dateOfBirth || identity.nik)) return 'known';
  const anything = [
    identity.name,
    identity.calledName,
    identity.nik,
    identity.familyCardNumber,
    identity.dateOfBirth,
  ].some((value) => value !== undefined);
  return anything ? 'partlyKnown' : 'unknown';
}

function registerClient(command: RegisterClient, state: ClientState): ClientEvent[] {
  if (command.returning && !state.registered) {
    refuse(
      'client-not-found',
      'There is no such client to take in again: register the client as new.',
    );
  }
  if (!command.returning && state.registered) {
    refuse('client-already-registered', 'This client is already registered.');
  }
  if (!command.identity) {
    if (command.returning) return [];
    refuse(
      'client-identity-required',
      'A new client needs the identity as known, even if unknown.',
    );
  }
  const identity = command.identity;
  if (identity.dateOfBirth && identity.estimatedAgeYears) {
    refuse(
      'age-given-twice',
      'Give either the date of birth or, when it is unknown, an estimated age, not both.',
    );
  }
  return [
    cataloguedEvent('ClientRegistered', {
      clientId: command.clientId,
      category: command.category,
      identityStatus: identityStatusOf(identity),
      ...identity,
    }),
  ];
}

function decideDuplicate(command: DecideDuplicate, state: ClientState): ClientEvent[] {
  requireRegistered(state);
  if (command.candidateClientId === command.clientId) {
    refuse('candidate-is-self', 'A client cannot be a duplicate of themself.');
  }
  if (state.decisions[command.candidateClientId]) {
    refuse(
      'duplicate-already-decided',
      `This candidate was already decided (${state.decisions[command.candidateClientId]}).`,
    );
  }
  if (!command.candidateRegistered) {
    refuse('candidate-not-found', 'There is no such candidate client.');
  }
  return [
    cataloguedEvent('DuplicateCandidateDecided', {
      clientId: command.clientId,
      candidateClientId: command.candidateClientId,
      decision: command.decision,
      ...(command.score !== undefined ? { score: command.score } : {}),
      ...(command.reason ? { reason: command.reason } : {}),
    }),
  ];
}

function recordBiometrics(
  catalogue: ServiceStandardCatalogue,
  command: RecordBiometrics,
  state: ClientState,
): ClientEvent[] {
  requireRegistered(state);
  const intakeCase = command.intakeCase;
  if (intakeCase.clientId !== command.clientId) {
    refuse('client-not-in-case', 'This client is not the client of the case.');
  }
  const standard = pinnedStandard(catalogue, intakeCase);
  const step = intakeStepCompletedBy(standard, 'BiometricsRecorded');
  if (!step) {
    refuse(
      'biometrics-not-in-standard',
      `The standard "${standard.title.english}" does not record fingerprints and photos at intake.`,
    );
  }
  requireStepAvailable(
    standard,
    step,
    progressOf(standard, intakeCase, command.otherServicesEvents).completed,
    'biometrics-too-early',
  );
  return [
    cataloguedEvent('BiometricsRecorded', {
      clientId: command.clientId,
      captures: command.captures,
    }),
  ];
}

function evolve(state: ClientState, event: ClientEvent): ClientState {
  switch (event.type) {
    case 'ClientRegistered':
      return {
        ...state,
        registered: true,
        category: event.payload.category,
        registrations: state.registrations + 1,
      };
    case 'DuplicateCandidateDecided':
      return {
        ...state,
        decisions: {
          ...state.decisions,
          [event.payload.candidateClientId]: event.payload.decision,
        },
      };
    case 'BiometricsRecorded':
      return { ...state, captures: state.captures + event.payload.captures.length };
    default:
      return state;
  }
}

export function clientDecider(
  catalogue: ServiceStandardCatalogue,
): Decider<ClientCommand, ClientState, ClientEvent> {
  return {
    initialState: initialClientState,
    decide(command, state) {
      switch (command.type) {
        case 'RegisterClient':
          return registerClient(command, state);
        case 'DecideDuplicate':
          return decideDuplicate(command, state);
        case 'RecordBiometrics':
          return recordBiometrics(catalogue, command, state);
      }
    },
    evolve,
  };
}

export function clientStreamId(clientId: string): string {
  return `client-${clientId}`;
}
