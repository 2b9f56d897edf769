import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedActor } from '@dinsos/auth';
import type { EventPayload } from '@dinsos/contracts';
import type { EventStore, RecordedEvent } from '@dinsos/event-store';
import {
  CLOCK,
  EVENT_STORE,
  PersonalFields,
  SERVICE_STANDARDS,
  foldEvents,
  purposeRule,
  type Clock,
} from '@dinsos/platform';
import {
  localDateAt,
  type ServiceStandardCatalogue,
  type SlaState,
} from '@dinsos/service-standards';
import {
  assessmentDecider,
  assessmentStreamId,
  daysWithoutNote,
  shelterCareClock,
  slaOfClock,
  type AssessmentClock,
  type AssessmentEvent,
  type AssessmentState,
} from './assessment.decider';
import type { AssessmentViewQuery } from './assessment.requests';

type Plain = Record<string, unknown>;

/** Who may read the personal fields of an assessment, and for which purpose. */
const reading = purposeRule({
  record: 'the assessment',
  roles: { caseHandling: ['social-worker', 'supervisor'], audit: ['auditor'] },
});

export interface ClockView extends AssessmentClock {
  sla: SlaState | 'notStarted';
}

/**
 * The assessment of a case as officers read it: state from the decider, contents from the
 * events, personal fields decrypted only with a purpose and for a role that may read them.
 */
@Injectable()
export class AssessmentViews {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
    private readonly fields: PersonalFields,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async ofCase(caseId: string, actor: AuthenticatedActor, query: AssessmentViewQuery) {
    // Refused (403) before anything is read when the role may not read for the purpose.
    const access = reading.accessFor(actor, query.purpose);
    const events = (await this.store.readStream(
      assessmentStreamId(caseId),
    )) as unknown as (RecordedEvent & AssessmentEvent)[];
    const state = foldEvents(assessmentDecider, events);
    const purpose = query.purpose;
    const payloadOf = (event: RecordedEvent): Promise<Plain> =>
      this.fields.payloadFor(event, access);
    const now = this.clock.now();
    const timeZone = state.officeCode
      ? this.standards.offices.get(state.officeCode).timeZone
      : undefined;
    const today = timeZone ? localDateAt(now, timeZone) : undefined;
    const shelter = shelterCareClock(state);

    const assessments: Plain[] = [];
    const notes: Plain[] = [];
    const recommendations = new Map<number, Plain>();
    for (const event of events) {
      const by = { at: event.occurredAt, by: event.actor.id };
      switch (event.type) {
        case 'AssessmentRecorded': {
          const { clientId: _client, ...payload } = await payloadOf(event);
          assessments.push({ ...payload, recorded: by });
          break;
        }
        case 'RehabilitationNoteRecorded': {
          const { clientId: _client, ...payload } = await payloadOf(event);
          notes.push({ ...payload, recorded: by });
          break;
        }
        case 'RecommendationSubmitted':
        case 'RecommendationMade':
        case 'RecommendationRejected': {
          const { clientId: _client, ...payload } = await payloadOf(event);
          const number = (event.payload as EventPayload<'RecommendationMade'>).recommendationNumber;
          const earlier = recommendations.get(number) ?? {};
          const step =
            event.type === 'RecommendationSubmitted'
              ? { submitted: by }
              : event.type === 'RecommendationMade'
                ? { made: by }
                : { rejected: by, rejectionReason: payload.reason };
          const { reason: _reason, ...rest } = payload;
          recommendations.set(number, { ...earlier, ...rest, ...step });
          break;
        }
      }
    }

    const [last] = events.slice(-1);
    return {
      caseId,
      revision: events.length - 1,
      position: last?.position.toString() ?? null,
      status: state.status,
      caseNumber: state.caseNumber ?? null,
      owningOfficeCode: state.officeCode ?? null,
      clientCategory: state.clientCategory ?? null,
      custodianAtOpening: state.custodian ?? null,
      serviceStandard: state.serviceStandard ?? null,
      steps: state.steps,
      socialWorkerId: state.socialWorkerId ?? null,
      personalFields: purpose ? { shown: true, purpose } : { shown: false },
      clocks: Object.values(state.clocks).map((clock) => this.clockView(clock, now)),
      shelterCare:
        shelter?.startDate && today
          ? {
              clock: shelter.code,
              from: shelter.startDate,
              until: shelter.stopDate ?? null,
              dueDate: shelter.dueDate ?? null,
              daysWithoutNote: daysWithoutNote(state, today),
            }
          : null,
      assessments,
      rehabilitationNotes: notes,
      recommendations: [...recommendations.entries()].map(([number, recommendation]) => ({
        ...recommendation,
        recommendationNumber: number,
        status: state.recommendations.find((r) => r.number === number)?.status,
      })),
      transfers: state.transfers,
    };
  }

  private clockView(clock: AssessmentClock, now: Date): ClockView {
    return { ...clock, sla: slaOfClock(clock, now) ?? 'notStarted' };
  }
}

export type AssessmentView = Awaited<ReturnType<AssessmentViews['ofCase']>>;
export type { AssessmentState };
