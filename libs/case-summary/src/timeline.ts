import { isEventType, owningContextOf, type ContextName, type EventType } from '@dinsos/contracts';
import { positionText, type CaseEventInput } from './case-event';

/**
 * The catalogued event types in words, as a case history shows them. Partial, so a new service's
 * provisional events (the generator writes some) compile before they have words: they read as
 * their type split into words until they get their own; a spec wants words for every event that
 * left provisional.
 */
export const eventTypeWords: Readonly<Partial<Record<EventType, string>>> = {
  // intake
  ReportReceived: 'Report received',
  ClientRegistered: 'Client registered',
  RequirementsChecked: 'Requirements checked',
  ClientHandedOverToShelter: 'Client handed over to the shelter (BAST)',
  CaseOpened: 'Case opened',
  BiometricsRecorded: 'Fingerprints and photo recorded',
  CaseTransferred: 'Case transferred to another office',
  CaseReferredToOffice: "Client referred to another office's service",
  DuplicateCandidateDecided: 'Possible duplicate client decided',
  // assessment
  AssessmentStarted: 'Assessment started',
  AssessmentClockStarted: 'Assessment time limit started',
  AssessmentClockStopped: 'Assessment time limit stopped',
  SocialWorkerAssigned: 'Social worker assigned',
  AssessmentTransferred: 'Assessment moved to the new office',
  AssessmentRecorded: 'Assessment recorded',
  RehabilitationNoteRecorded: 'Rehabilitation note recorded',
  RecommendationSubmitted: 'Recommendation submitted for approval',
  RecommendationRejected: 'Recommendation sent back',
  RecommendationMade: 'Recommendation made',
  // tracing
  TracingStarted: 'Family tracing started',
  TracingOfficerAssigned: 'Tracing officer assigned',
  TracingTransferred: 'Family tracing moved to the new office',
  TracingConsentRecorded: 'Consent to tracing recorded',
  InquirySent: 'Inquiry sent',
  InquiryAnswered: 'Inquiry answered',
  InquiryOverdue: 'Inquiry overdue',
  BiometricsCapturedForVerification: 'Fingerprints and iris captured for the Disdukcapil check',
  IdentityVerificationReceived: "Disdukcapil's identity check received",
  MatchCandidateProposed: 'Possible family member proposed',
  SafetyConcernRecorded: 'Safety concern recorded',
  SafetyConcernCleared: 'Safety concern cleared',
  DoNotContactMarked: 'Possible family marked "do not contact"',
  MatchDecided: 'Possible family member confirmed or rejected',
  FamilyFound: 'Family found',
  FamilyNotFound: 'Family not found',
  TracingReopened: 'Family tracing reopened',
  // placement
  PlacementOpened: 'Placement opened',
  PlacementOfficerAssigned: 'Placement officer assigned',
  PlacementTransferred: 'Placement moved to the new office',
  ServiceClockStarted: 'Service time limit started',
  ClientIdentityNoted: 'Client identity noted for documents',
  RecommendationReceived: 'Recommendation noted by placement',
  TracingOutcomeReceived: 'Tracing outcome noted by placement',
  CustodyRecorded: 'Custody recorded',
  FamilySafetyAssessed: 'Family safety assessed',
  ReturnHomeArranged: 'Return home arranged',
  ClientReturnedHome: 'Client returned home (Berita Acara Pemulangan)',
  HealthReferralIssued: 'Health facility referral issued',
  AdmittedToHealthFacility: 'Admitted to a health facility',
  ClientLeftHealthFacility: 'Left the health facility',
  ConsentRecorded: 'Consent to institution care recorded',
  InstitutionReferralIssued: 'Institution referral issued',
  AdmittedToInstitution: 'Admitted to an institution',
  InstitutionReviewDue: 'Institution stay review due',
  InstitutionStayReviewed: 'Institution stay reviewed',
  InstitutionStayExtended: 'Institution stay extended',
  DischargedFromInstitution: 'Discharged from the institution',
  LksReferralMade: 'Referred to an LKS',
  ClientHandedOverToLks: 'Client handed over to the LKS (BAST)',
  CaseClosed: 'Case closed',
  // complaints
  ComplaintReceived: 'Complaint received',
  ComplaintVerified: 'Complaint verified',
  ComplaintDeclined: 'Complaint declined',
  ComplaintAssigned: 'Complaint assigned',
  ComplaintResponded: 'Complainant answered',
  ComplaintResolved: 'Complaint resolved',
  ComplaintEscalated: 'Complaint escalated',
  ComplaintReopened: 'Complaint reopened',
  ComplaintClockPaused: 'Complaint time limits paused',
  ComplaintClockResumed: 'Complaint time limits resumed',
  ComplaintSlaBreached: 'Complaint time limit breached',
};

/**
 * An event type in words: the catalogued words, or for a type the catalogue does not know
 * (yet) its name split into words (`SomethingNewHappened` → `Something new happened`).
 */
export function eventTypeInWords(type: string): string {
  const own = isEventType(type) ? eventTypeWords[type] : undefined;
  if (own) return own;
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One line of a case's history. No payload: personal fields stay in the event. */
export interface TimelineEntry {
  eventId: string;
  position: string;
  streamId: string;
  streamRevision: number;
  type: string;
  schemaVersion: number;
  /** The context that owns the type; null for a type the catalogue does not know. */
  context: ContextName | null;
  words: string;
  actor: { id: string; role: string; officeCode: string };
  /** Who, in words: `social-worker of office 3603`, or `the placement service (office 3603)`. */
  who: string;
  occurredAt: string;
  recordedAt: string;
  causationId: string | null;
  correlationId: string;
}

function whoInWords(actor: CaseEventInput['actor']): string {
  if (actor.role === 'service') {
    const service = actor.id.startsWith('service:') ? actor.id.slice('service:'.length) : actor.id;
    return `the ${service} service (office ${actor.officeCode})`;
  }
  return `${actor.role} of office ${actor.officeCode}`;
}

export function timelineEntryOf(event: CaseEventInput): TimelineEntry {
  return {
    eventId: event.eventId,
    position: positionText(event.position),
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    type: event.type,
    schemaVersion: event.schemaVersion,
    context: isEventType(event.type) ? owningContextOf(event.type) : null,
    words: eventTypeInWords(event.type),
    actor: { id: event.actor.id, role: event.actor.role, officeCode: event.actor.officeCode },
    who: whoInWords(event.actor),
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    causationId: event.causationId,
    correlationId: event.correlationId,
  };
}
