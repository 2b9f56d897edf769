import { given } from '@dinsos/platform/domain';
import { serviceStandards } from '@dinsos/service-standards';
import { cataloguedEvent } from '@dinsos/platform/domain';
import { clientDecider, identityStatusOf, type RecordBiometrics } from './client.decider';
import {
  initialIntakeCaseState,
  intakeCaseDecider,
  type IntakeCaseEvent,
  type IntakeCaseState,
} from '../intake-case/intake-case.decider';
import { clientIdentity, ids, reportDetails, sealed } from '../testing/fixtures';

const decider = clientDecider(serviceStandards);

const registered = cataloguedEvent('ClientRegistered', {
  clientId: ids.client,
  category: 'neglectedChild',
  identityStatus: 'partlyKnown',
  ...clientIdentity(),
});

describe('client: registration', () => {
  it('registers a new client with how much of the identity is known', () => {
    given(decider)
      .when({
        type: 'RegisterClient',
        clientId: ids.client,
        category: 'neglectedChild',
        returning: false,
        identity: clientIdentity(),
      })
      .then([registered]);
  });

  it('tells known, partly known and unknown identities apart by the fields present', () => {
    const name = sealed(ids.client, 'name');
    expect(identityStatusOf(clientIdentity({ name, dateOfBirth: sealed(ids.client, 'dob') }))).toBe(
      'known',
    );
    expect(identityStatusOf(clientIdentity({ name, nik: sealed(ids.client, 'nik') }))).toBe(
      'known',
    );
    expect(identityStatusOf(clientIdentity({ name }))).toBe('partlyKnown');
    expect(identityStatusOf(clientIdentity())).toBe('partlyKnown'); // a called name only
    expect(identityStatusOf({ sex: 'unknown', identityDocuments: [] })).toBe('unknown');
  });

  it('registers a returning client again in the same stream, for the new case', () => {
    given(decider, [registered])
      .when({
        type: 'RegisterClient',
        clientId: ids.client,
        category: 'neglectedChild',
        returning: true,
        identity: clientIdentity(),
      })
      .then([registered]);
    given(decider, [registered])
      .when({
        type: 'RegisterClient',
        clientId: ids.client,
        category: 'neglectedChild',
        returning: true,
      })
      .thenNothingHappens();
  });

  it('refuses a returning client nobody registered, and a new client twice', () => {
    given(decider)
      .when({
        type: 'RegisterClient',
        clientId: ids.client,
        category: 'neglectedChild',
        returning: true,
      })
      .thenRefuses('client-not-found');
    given(decider, [registered])
      .when({
        type: 'RegisterClient',
        clientId: ids.client,
        category: 'neglectedChild',
        returning: false,
        identity: clientIdentity(),
      })
      .thenRefuses('client-already-registered');
    given(decider)
      .when({
        type: 'RegisterClient',
        clientId: ids.client,
        category: 'neglectedChild',
        returning: false,
      })
      .thenRefuses('client-identity-required');
  });

  it('takes a date of birth or an estimated age, not both', () => {
    given(decider)
      .when({
        type: 'RegisterClient',
        clientId: ids.client,
        category: 'neglectedChild',
        returning: false,
        identity: clientIdentity({ dateOfBirth: sealed(ids.client, 'dob') }),
      })
      .thenRefuses('age-given-twice');
  });
});

describe('client: duplicate decisions', () => {
  const decide = {
    type: 'DecideDuplicate' as const,
    clientId: ids.client,
    candidateClientId: ids.otherClient,
    decision: 'samePerson' as const,
    score: 0.93,
    candidateRegistered: true,
  };

  it('records the decision as an event naming both clients', () => {
    given(decider, [registered])
      .when(decide)
      .then([
        {
          type: 'DuplicateCandidateDecided',
          payload: {
            clientId: ids.client,
            candidateClientId: ids.otherClient,
            decision: 'samePerson',
            score: 0.93,
          },
          subjectIds: [ids.client, ids.otherClient].sort(),
        },
      ]);
  });

  it('refuses itself, an unknown candidate, an unregistered client, and deciding twice', () => {
    given(decider, [registered])
      .when({ ...decide, candidateClientId: ids.client })
      .thenRefuses('candidate-is-self');
    given(decider, [registered])
      .when({ ...decide, candidateRegistered: false })
      .thenRefuses('candidate-not-found');
    given(decider).when(decide).thenRefuses('client-not-found');
    const decided = decider.decide(decide, given(decider, [registered]).state());
    given(decider, [registered, ...decided])
      .when({ ...decide, decision: 'differentPerson' })
      .thenRefuses('duplicate-already-decided');
  });
});

describe('client: fingerprints and photo, where the standard places them', () => {
  const cases = intakeCaseDecider(serviceStandards);
  const caseOf = (events: IntakeCaseEvent[]): IntakeCaseState =>
    events.reduce(cases.evolve, initialIntakeCaseState());
  const reportAt = (officeCode: string) =>
    cataloguedEvent('ReportReceived', {
      ...reportDetails(),
      caseNumber: `${officeCode}-2026-000001`,
      receivingOfficeCode: officeCode,
      client: { clientId: ids.client, returning: false },
      serviceStandard:
        officeCode === '36'
          ? { code: 'banten-rehsos-anak-terlantar', version: 1 }
          : { code: 'bekasi-layanan-rujukan', version: 1 },
    });
  const bantenOpen = caseOf([
    reportAt('36'),
    ...cases.decide(
      {
        type: 'CheckRequirements',
        results: [
          { code: 'referral-letter', status: 'met' },
          { code: 'identity-document', status: 'met' },
          { code: 'regency-assessment', status: 'met' },
        ],
      },
      caseOf([reportAt('36')]),
    ),
  ]);
  const captures = [
    {
      modality: 'fingerprint' as const,
      position: 'rightThumb',
      file: sealed(ids.client, 'fingerprint'),
      capturedAt: '2026-03-10T10:00:00+07:00',
    },
  ];
  const record = (
    intakeCase: IntakeCaseState,
    otherServicesEvents: string[] = [],
  ): RecordBiometrics => ({
    type: 'RecordBiometrics',
    clientId: ids.client,
    captures,
    intakeCase,
    otherServicesEvents,
  });

  it("under seed 000 records them after the social worker's assessment (RecommendationMade)", () => {
    expect(bantenOpen.status).toBe('open');
    const early = given(decider, [registered])
      .when(record(bantenOpen))
      .thenRefuses('biometrics-too-early');
    expect(early.message).toContain('Assessment by a social worker (Peksos)');
    given(decider, [registered])
      .when(record(bantenOpen, ['AssessmentStarted', 'RecommendationMade']))
      .then([
        {
          type: 'BiometricsRecorded',
          payload: { clientId: ids.client, captures },
          subjectIds: [ids.client],
        },
      ]);
  });

  it('under seed 004 leaves them to family tracing (the Disdukcapil check)', () => {
    given(decider, [registered])
      .when(record(caseOf([reportAt('3603')]), ['RecommendationMade']))
      .thenRefuses('biometrics-not-in-standard');
  });

  it("refuses another client's case and an unregistered client", () => {
    given(decider, [registered])
      .when({
        ...record(bantenOpen, ['RecommendationMade']),
        intakeCase: { ...bantenOpen, clientId: ids.otherClient },
      })
      .thenRefuses('client-not-in-case');
    given(decider)
      .when(record(bantenOpen, ['RecommendationMade']))
      .thenRefuses('client-not-found');
  });
});
