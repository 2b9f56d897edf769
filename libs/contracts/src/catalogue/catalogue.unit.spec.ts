import { z } from 'zod';
import { UnknownEventTypeError } from '../errors';
import { exampleReportReceived } from '../examples/example-events';
import {
  allEventDefinitions,
  currentEventDefinitions,
  eventDefinitionsOfContext,
  everyEventDefinition,
  isEventType,
  getEventDefinition,
  latestSchemaVersion,
  owningContextOf,
  topicForEventType,
  validateEvent,
} from './catalogue';
import {
  contextNames,
  contextOfService,
  contexts,
  parseStreamId,
  topicForContext,
  topicForStreamCategory,
  type ContextName,
} from './contexts';
import { defineEvent } from './define-event';

// DESIGN.md section 2's starting vocabulary, plus the intake events the intake issue names. A
// context may hold more (a generated service adds its skeleton's events), never fewer.
const vocabulary: Partial<Record<ContextName, string[]>> = {
  intake: [
    'ReportReceived',
    'ClientRegistered',
    'RequirementsChecked',
    'ClientHandedOverToShelter',
    'CaseOpened',
    'BiometricsRecorded',
    'CaseTransferred',
    'CaseReferredToOffice',
    'DuplicateCandidateDecided',
  ],
  assessment: [
    'AssessmentStarted',
    'AssessmentClockStarted',
    'AssessmentClockStopped',
    'SocialWorkerAssigned',
    'AssessmentTransferred',
    'AssessmentRecorded',
    'RehabilitationNoteRecorded',
    'RecommendationSubmitted',
    'RecommendationRejected',
    'RecommendationMade',
  ],
  tracing: [
    'TracingStarted',
    'TracingOfficerAssigned',
    'TracingTransferred',
    'TracingConsentRecorded',
    'InquirySent',
    'InquiryAnswered',
    'InquiryOverdue',
    'BiometricsCapturedForVerification',
    'IdentityVerificationReceived',
    'MatchCandidateProposed',
    'SafetyConcernRecorded',
    'SafetyConcernCleared',
    'DoNotContactMarked',
    'MatchDecided',
    'FamilyFound',
    'FamilyNotFound',
    'TracingReopened',
  ],
  placement: [
    'ReturnHomeArranged',
    'ClientReturnedHome',
    'HealthReferralIssued',
    'ConsentRecorded',
    'InstitutionReferralIssued',
    'AdmittedToInstitution',
    'InstitutionStayReviewed',
    'DischargedFromInstitution',
    'LksReferralMade',
    'ClientHandedOverToLks',
  ],
  complaints: [
    'ComplaintReceived',
    'ComplaintVerified',
    'ComplaintDeclined',
    'ComplaintAssigned',
    'ComplaintResponded',
    'ComplaintResolved',
    'ComplaintEscalated',
  ],
};

describe('the event catalogue', () => {
  it.each(Object.keys(vocabulary) as ContextName[])(
    'holds the %s vocabulary, each event owned by that context',
    (context) => {
      const types = new Set(eventDefinitionsOfContext(context).map((d) => d.type));
      expect([...types].sort()).toEqual(expect.arrayContaining(vocabulary[context] ?? []));
    },
  );

  it('names every event with its version and owning context', () => {
    const reportReceived = getEventDefinition('ReportReceived', 2);
    expect(reportReceived).toMatchObject({ type: 'ReportReceived', version: 2, context: 'intake' });
    expect(latestSchemaVersion('ReportReceived')).toBe(2);
    expect(owningContextOf('FamilyFound')).toBe('tracing');
    expect(currentEventDefinitions.every((d) => latestSchemaVersion(d.type) === d.version)).toBe(
      true,
    );
  });

  it('throws a typed error for a type or version it does not know', () => {
    expect(() => getEventDefinition('ClientAbducted', 1)).toThrow(UnknownEventTypeError);
    expect(() => getEventDefinition('ReportReceived', 3)).toThrow(UnknownEventTypeError);
  });

  it('keeps every event in a stream category its context owns', () => {
    for (const definition of allEventDefinitions) {
      expect(contexts[definition.context].streamCategories).toContain(definition.streamCategory);
    }
    expect(getEventDefinition('ClientRegistered', 1).streamCategory).toBe('client');
    expect(getEventDefinition('ComplaintReceived', 1).caseLink).toBe('optional');
  });

  it('fixes the events of the contexts whose services are built, and keeps the others provisional', () => {
    const built = ['intake', 'assessment', 'tracing', 'placement', 'complaints', 'audit'];
    for (const definition of allEventDefinitions) {
      expect({ event: definition.type, provisional: definition.provisional }).toEqual({
        event: definition.type,
        provisional: !built.includes(definition.context),
      });
    }
  });
});

describe('topics', () => {
  it('gives each context its dinsos.<context>.events.v1 topic', () => {
    expect(contextNames.slice(0, 5).map(topicForContext)).toEqual([
      'dinsos.intake.events.v1',
      'dinsos.assessment.events.v1',
      'dinsos.tracing.events.v1',
      'dinsos.placement.events.v1',
      'dinsos.complaints.events.v1',
    ]);
    for (const name of contextNames.filter((context) => context !== 'audit')) {
      expect(topicForContext(name)).toBe(`dinsos.${name}.events.v1`);
    }
    // Audit's records are not case events: the names table gives them their own topic.
    expect(topicForContext('audit')).toBe('dinsos.audit.access.v1');
  });

  it('publishes the client category on the intake topic', () => {
    expect(topicForStreamCategory('client')).toBe('dinsos.intake.events.v1');
    expect(topicForStreamCategory('complaint')).toBe('dinsos.complaints.events.v1');
    expect(topicForEventType('ClientRegistered')).toBe('dinsos.intake.events.v1');
  });

  it('maps services to contexts, family-tracing to tracing', () => {
    expect(contextOfService('family-tracing')).toBe('tracing');
  });

  it('splits a stream id at the first hyphen, so ids may hold hyphens', () => {
    expect(parseStreamId('client-7c9e6679-7425-40de')).toEqual({
      category: 'client',
      id: '7c9e6679-7425-40de',
    });
    expect(() => parseStreamId('client')).toThrow();
  });
});

describe('defining an event', () => {
  const payload = z.object({ note: z.string() });

  it('takes the provisional default of its context, and one line fixes it', () => {
    const provisional = defineEvent({
      type: 'NoteAdded',
      version: 1,
      context: 'intake',
      streamCategory: 'intakeCase',
      caseLink: 'required',
      summary: 's',
      payload,
    });
    const fixed = defineEvent({
      type: 'NoteAdded',
      version: 1,
      context: 'intake',
      streamCategory: 'intakeCase',
      caseLink: 'required',
      summary: 's',
      payload,
      provisional: false,
    });
    expect(provisional.provisional).toBe(true);
    expect(fixed.provisional).toBe(false);
  });

  it('refuses a stream category of another context', () => {
    expect(() =>
      defineEvent({
        type: 'NoteAdded',
        version: 1,
        context: 'intake',
        streamCategory: 'tracing',
        caseLink: 'required',
        summary: 's',
        payload,
      }),
    ).toThrow(/not owned by intake/);
  });
});

describe('validateEvent', () => {
  it('accepts a valid payload and returns it typed', () => {
    const result = validateEvent('ReportReceived', 2, exampleReportReceived());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.payload.source.kind).toBe('police');
  });

  it('says where a payload is wrong', () => {
    const payload = {
      ...exampleReportReceived(),
      source: { kind: 'neighbour' },
      serviceStandard: undefined,
    };
    const result = validateEvent('ReportReceived', 2, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.path).sort()).toEqual([
        'serviceStandard',
        'source.kind',
      ]);
    }
  });

  it('drops keys the schema does not know (a newer producer may add optional fields)', () => {
    const result = validateEvent('ReportReceived', 2, {
      ...exampleReportReceived(),
      addedLater: 1,
    });
    expect(result.ok && 'addedLater' in result.payload).toBe(false);
  });
});

describe("audit's access records", () => {
  it('are catalogued for the wire, but are no case events', () => {
    expect(getEventDefinition('AuditRecordRead', 1)).toMatchObject({
      context: 'audit',
      streamCategory: 'auditAccess',
      provisional: false,
    });
    expect(topicForEventType('AuditRecordRead')).toBe('dinsos.audit.access.v1');
    expect(eventDefinitionsOfContext('audit').map((d) => d.type)).toEqual(['AuditRecordRead']);
    expect(everyEventDefinition.map((d) => d.type)).toContain('AuditRecordRead');
    // Case views need words for every case event, the analysts' feed a rule for every field.
    expect(isEventType('AuditRecordRead')).toBe(false);
    expect(allEventDefinitions.map((d) => d.type)).not.toContain('AuditRecordRead');
  });

  it('require a purpose and name the case in the payload', () => {
    const valid = {
      access: 'caseHistory',
      caseId: '3603-2026-000123',
      purpose: 'Pemeriksaan berkala',
      personalData: 'asStored',
      outcome: 'answered',
    };
    expect(validateEvent('AuditRecordRead', 1, valid).ok).toBe(true);
    const { purpose: _purpose, ...withoutPurpose } = valid;
    expect(validateEvent('AuditRecordRead', 1, withoutPurpose).ok).toBe(false);
    expect(validateEvent('AuditRecordRead', 1, { ...valid, purpose: 'x' }).ok).toBe(false);
  });
});
