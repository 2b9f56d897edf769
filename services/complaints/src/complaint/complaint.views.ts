import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedActor } from '@dinsos/auth';
import type { EventStore, RecordedEvent } from '@dinsos/event-store';
import {
  CLOCK,
  EVENT_STORE,
  PersonalFields,
  foldEvents,
  purposeRule,
  withheldField,
  type Clock,
} from '@dinsos/platform';
import { slaStateOf, type SlaState } from '@dinsos/service-standards';
import { requireVisible } from './complaint-commands';
import {
  complaintDecider,
  complaintStreamId,
  type ComplaintClock,
  type ComplaintEvent,
  type ComplaintState,
} from './complaint.decider';
import type { ComplaintViewQuery } from './complaint.requests';

type Plain = Record<string, unknown>;

/**
 * Who reads a complaint's personal fields (the text, a named complainant, the replies), for
 * which purpose. A whistle-blower's identity is never in this view, whatever the purpose: only
 * the complainant route shows it, to complaints officers alone.
 */
const reading = purposeRule({
  record: 'the complaint',
  roles: { complaintHandling: ['complaints-officer', 'supervisor'], audit: ['auditor'] },
});

/** A clock as the view shows it, with its SLA state. */
export interface ClockView {
  clock: ComplaintClock;
  code: string;
  startedAt: string;
  dueDate: string;
  dueAt: string;
  stoppedAt?: string;
  running: boolean;
  breached: boolean;
  /** met once stopped in time; while paused, as it stood when the pause began. */
  sla: SlaState;
  /** Set while the clocks wait for the complainant. */
  paused?: { since: string; reason: 'waitingForComplainant'; inWords: string };
}

const stopsOf: Partial<Record<ComplaintEvent['type'], readonly ComplaintClock[]>> = {
  ComplaintVerified: ['verify'],
  ComplaintDeclined: ['verify', 'followUp', 'resolve'],
  ComplaintResponded: ['followUp'],
  ComplaintResolved: ['resolve'],
};

/** When each clock last started and stopped, from the events (the state keeps due times only). */
function clockTimes(events: readonly (RecordedEvent & ComplaintEvent)[]) {
  const times = new Map<ComplaintClock, { startedAt: string; stoppedAt?: string }>();
  for (const event of events) {
    const payload = event.payload as { clocks?: { clock: ComplaintClock }[] };
    for (const clock of stopsOf[event.type] ?? []) {
      const started = times.get(clock);
      if (started && started.stoppedAt === undefined) started.stoppedAt = event.occurredAt;
    }
    if (event.type !== 'ComplaintClockResumed') {
      for (const due of payload.clocks ?? []) {
        times.set(due.clock, { startedAt: event.occurredAt });
      }
    }
  }
  return times;
}

/**
 * A complaint as officers read it: status, clocks with their SLA state, the pause, and the
 * history; personal fields only with a purpose a role may read for, never a whistle-blower's
 * identity.
 */
@Injectable()
export class ComplaintViews {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
    private readonly fields: PersonalFields,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async events(complaintId: string): Promise<(RecordedEvent & ComplaintEvent)[]> {
    return (await this.store.readStream(
      complaintStreamId(complaintId),
    )) as unknown as (RecordedEvent & ComplaintEvent)[];
  }

  async ofComplaint(complaintId: string, actor: AuthenticatedActor, query: ComplaintViewQuery) {
    // Refused (403) before anything is read when the role may not read for the purpose.
    const access = reading.accessFor(actor, query.purpose);
    const events = await this.events(complaintId);
    const state: ComplaintState = foldEvents(complaintDecider, events);
    requireVisible(actor, state, 'read');
    const now = this.clock.now().toISOString();
    const whistleblowing = state.classification === 'whistleblowing';
    const times = clockTimes(events);
    const clocks: ClockView[] = (
      Object.entries(state.clocks) as [
        ComplaintClock,
        NonNullable<ComplaintState['clocks'][ComplaintClock]>,
      ][]
    ).map(([clock, value]) => {
      const time = times.get(clock) ?? { startedAt: state.receivedAt! };
      const paused = value.running ? state.pausedSince : undefined;
      const stoppedAt = value.running ? undefined : time.stoppedAt;
      const sla: SlaState =
        value.breached && value.running
          ? 'breached'
          : slaStateOf(
              {
                startedAt: time.startedAt,
                dueAt: value.dueAt,
                ...(stoppedAt ? { stoppedAt } : {}),
              },
              paused ?? now,
            );
      return {
        clock,
        code: value.code,
        startedAt: time.startedAt,
        dueDate: value.dueDate,
        dueAt: value.dueAt,
        ...(stoppedAt ? { stoppedAt } : {}),
        running: value.running,
        breached: value.breached,
        sla,
        ...(paused
          ? {
              paused: {
                since: paused,
                reason: 'waitingForComplainant' as const,
                inWords: 'waiting for the complainant',
              },
            }
          : {}),
      };
    });

    const history: Plain[] = [];
    let text: unknown;
    let complainant: unknown;
    for (const event of events) {
      const payload = await this.fields.payloadFor(event, access);
      const { complaintId: _id, ...rest } = payload;
      if (event.type === 'ComplaintReceived') {
        text = rest.text;
        complainant =
          rest.complainant === undefined
            ? undefined
            : whistleblowing
              ? { ...withheldField, whistleblower: true }
              : rest.complainant;
        continue;
      }
      history.push({ type: event.type, at: event.occurredAt, by: event.actor.id, ...rest });
    }
    const received = events[0]?.payload as Plain;
    return {
      complaintId,
      complaintNumber: state.complaintNumber,
      officeCode: state.officeCode,
      serviceStandard: state.serviceStandard,
      status: state.status,
      channel: state.channel,
      ...(received?.channelReference ? { channelReference: received.channelReference } : {}),
      classification: state.classification,
      anonymous: !state.complainantNamed,
      ...(complainant !== undefined ? { complainant } : {}),
      text,
      ...(state.about ? { about: state.about } : {}),
      receivedAt: state.receivedAt,
      ...(state.assignee ? { assignee: state.assignee } : {}),
      escalations: state.escalations,
      reopenedTimes: state.reopenedTimes,
      clocks,
      ...(state.pausedSince
        ? {
            paused: {
              since: state.pausedSince,
              reason: 'waitingForComplainant',
              inWords: 'waiting for the complainant',
            },
          }
        : {}),
      history,
      ...(query.purpose ? { purpose: query.purpose } : {}),
    };
  }

  /**
   * The complainant's identity, for complaints officers alone (the route's role), for
   * complaint handling: a whistle-blower's too, decrypted with the key only this service's role
   * may use.
   */
  async complainant(complaintId: string, actor: AuthenticatedActor) {
    const events = await this.events(complaintId);
    const state: ComplaintState = foldEvents(complaintDecider, events);
    requireVisible(actor, state, 'read');
    const received = events.find((event) => event.type === 'ComplaintReceived')!;
    const person = (received.payload as Plain).complainant as Plain | undefined;
    if (!person) {
      return {
        complaintId,
        anonymous: true,
        whistleblower: state.classification === 'whistleblowing',
      };
    }
    const decrypted = await this.fields.decryptObject(person, {
      actor,
      purpose: 'complaintHandling',
    });
    return {
      complaintId,
      anonymous: false,
      whistleblower: state.classification === 'whistleblowing',
      complainant: decrypted,
      purpose: 'complaintHandling',
    };
  }
}
