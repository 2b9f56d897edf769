import { createHash } from 'node:crypto';
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { mayActForOffice, officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import type { EventPayload } from '@dinsos/contracts';
import {
  CLOCK,
  CaseCommands,
  CommandExecutor,
  DomainRuleViolation,
  NumberSeries,
  PersonalFields,
  SERVICE_STANDARDS,
  type Clock,
  type CommandContext,
  type CommandReply,
  type CommandResult,
} from '@dinsos/platform';
import {
  complaintSlaOf,
  formatInstantInZone,
  type ServiceStandard,
  type ServiceStandardCatalogue,
  type TimeLimit,
} from '@dinsos/service-standards';
import type { PoolClient } from 'pg';
import {
  complaintDecider,
  complaintStreamId,
  runningClocks,
  type ClockDue,
  type ComplaintClock,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
} from './complaint.decider';
import type { ComplainantBody, ReceiveComplaintBody } from './complaint.requests';
import { syncBreachTimers } from './sla-breach.timer';
import { StatusSecrets } from '../status-check/status-secrets';

type ContactPerson = NonNullable<EventPayload<'ComplaintReceived'>['complainant']>;

/** The number series of complaints (platform_number_counters), per office and office-local year. */
export const complaintSeries = 'ADU';

/** `ADU/<office>/<year>/<sequence, 4 digits>`: e.g. ADU/36/2026/0001. */
export function formatComplaintNumber(officeCode: string, year: number, sequence: number): string {
  return `${complaintSeries}/${officeCode}/${year}/${String(sequence).padStart(4, '0')}`;
}

/**
 * The data subject of the complaint itself: the text of an anonymous complaint is encrypted
 * under its key, and the status secret derives from it. Restricted to complaints' role.
 */
export function complaintSubjectId(complaintId: string): string {
  return `complaint-${complaintId}`;
}

/** A command prepared from the complaint as read, before the transaction. */
export interface PreparedComplaintCommand<A extends object = object> {
  /** The command, or how to make it in the transaction (a number of the office's series). */
  command: ComplaintCommand | ((transaction: PoolClient) => Promise<ComplaintCommand>);
  answer?: A;
  /** Rows of the service's own in the command's transaction, with the state it leads to. */
  alongside?(transaction: PoolClient, after: ComplaintState): Promise<void>;
}

/** The clock code of each limit of a complaint SLA. */
const clockCodes: readonly ComplaintClock[] = ['verify', 'followUp', 'resolve'];

/**
 * The one way the complaint routes act: reads the complaint, refuses what the actor's office may
 * not see (404, as for a complaint that does not exist), prepares the slow parts (encryption, the
 * reply sent), decides in the transaction, and brings the SLA breach timers in line with the
 * clocks the command starts, stops, pauses or moves. The rules are the decider's.
 */
@Injectable()
export class ComplaintCommands {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly cases: CaseCommands,
    readonly fields: PersonalFields,
    private readonly numbers: NumberSeries,
    private readonly secrets: StatusSecrets,
    @Inject(SERVICE_STANDARDS) readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  /** The complaint's pinned standard. */
  standardOf(state: ComplaintState): ServiceStandard {
    return this.standards.get(state.serviceStandard!);
  }

  /**
   * Receives a complaint on a channel the office's standard names, with its number (in the
   * transaction), its clocks (verify and resolve, from receipt, in the office's calendar and
   * zone), the complainant under a key of their own (a whistle-blower's restricted to this
   * service's role), and the status secret (recorded as a keyed hash; derived, never stored).
   */
  async receive(
    context: CommandContext,
    body: ReceiveComplaintBody,
  ): Promise<
    CommandReply<CommandResult & { complaintId: string; complaintNumber: string; secret: string }>
  > {
    const actor = context.actor as AuthenticatedActor;
    const officeCode = body.officeCode ?? actor.officeCode;
    if (!this.standards.offices.has(officeCode)) {
      throw new DomainRuleViolation(
        'unknown-office',
        `There is no office ${officeCode} in this system.`,
      );
    }
    if (!mayActForOffice(actor, officeCode)) {
      throw new ForbiddenException(
        `Your office may not receive complaints for office ${officeCode}.`,
      );
    }
    const receivedAt = this.now();
    const standard = this.standardInForce(officeCode, receivedAt, body.standardCode);
    const offered = standard.complaintChannels.map((entry) => entry.channel);
    if (!offered.includes(body.channel)) {
      throw new DomainRuleViolation(
        'channel-not-offered',
        `Office ${officeCode}'s service standard (${standard.code} v${standard.version}) does not name ${body.channel} as a complaint channel: it names ${offered.join(', ')}.`,
        { channel: body.channel, channels: offered },
      );
    }
    const clocks = this.clocksStartingOn('ComplaintReceived', standard, officeCode, receivedAt);
    const year = this.standards.offices.caseNumberYear(officeCode, receivedAt);
    const complaintId = this.cases.newId(context, 'complaint');
    const complaint = complaintSubjectId(complaintId);
    const whistleblowing = body.classification === 'whistleblowing';

    const reply = await this.act(context, complaintId, { receiving: true }, async () => {
      // The complaint's own key, for this service's role alone (created once: a retry reuses it).
      await this.fields.encryptPersonRestricted(complaint, {});
      const secret = await this.secretOf(complaintId);
      const complainant = body.complainant
        ? await this.complainant(
            this.cases.newId(context, 'complainant'),
            body.complainant,
            whistleblowing,
          )
        : undefined;
      const text = await this.fields.encrypt(complainant?.personId ?? complaint, body.text);
      let complaintNumber = '';
      return {
        command: async (transaction) => {
          const sequence = await this.numbers.next(transaction, complaintSeries, officeCode, year);
          complaintNumber = formatComplaintNumber(officeCode, year, sequence);
          return {
            type: 'ReceiveComplaint',
            complaintId,
            complaintNumber,
            officeCode,
            serviceStandard: { code: standard.code, version: standard.version },
            channel: body.channel,
            ...(body.channelReference ? { channelReference: body.channelReference } : {}),
            classification: body.classification,
            ...(complainant ? { complainant } : {}),
            text: text as EventPayload<'ComplaintReceived'>['text'],
            ...(body.about ? { about: body.about } : {}),
            receivedAt,
            clocks,
          } satisfies ComplaintCommand;
        },
        alongside: (transaction) =>
          this.secrets.record(transaction, { complaintId, complaintNumber, officeCode, secret }),
        answer: {
          complaintId,
          get complaintNumber() {
            return complaintNumber;
          },
        },
      };
    });
    // The secret is derived again, not kept in the idempotency record: a replay answers it too.
    return {
      ...reply,
      result: { ...reply.result, secret: await this.secretOf(complaintId) },
      location: `/complaints/${complaintId}`,
    };
  }

  /**
   * A command on a received complaint the actor's office covers (else 404, as for none).
   * `receiving`: the stream is new (ReceiveComplaint), no scope to check yet.
   */
  act<A extends object = object>(
    context: CommandContext,
    complaintId: string,
    options: { receiving?: boolean },
    prepare: (state: ComplaintState) => Promise<PreparedComplaintCommand<A>>,
  ): Promise<CommandReply<CommandResult & A>> {
    const actor = context.actor as AuthenticatedActor;
    const streamId = complaintStreamId(complaintId);
    return this.commands.run(context, {
      reads: { complaint: { streamId, decider: complaintDecider } },
      authorize: ({ complaint }) => {
        if (!options.receiving) requireVisible(actor, complaint.state, 'act');
      },
      prepare: ({ complaint }) => prepare(complaint.state),
      decide: async ({ complaint }, transaction, prepared) => {
        const command =
          typeof prepared.command === 'function'
            ? await prepared.command(transaction)
            : prepared.command;
        const before = complaint.state;
        // Decided here too (pure) for the state it leads to: the timers follow its clocks. A
        // refusal throws here, the same as the executor's decision would.
        const events = complaintDecider.decide(command, before) as ComplaintEvent[];
        const after = events.reduce(complaintDecider.evolve, before);
        if (events.length > 0) {
          await syncBreachTimers(transaction, {
            before,
            after,
            correlationId: context.correlationId,
            causationId: this.firstEventId(context),
          });
          await prepared.alongside?.(transaction, after);
        }
        return {
          writes: [
            {
              decider: complaintDecider,
              streamId,
              command,
              current: complaint,
              officeCode: after.officeCode!,
              ...(after.about ? { caseId: after.about.caseId } : {}),
              serviceStandard: after.serviceStandard,
            },
          ],
          answer: (result) => ({ ...result, ...prepared.answer }) as CommandResult & A,
        };
      },
    });
  }

  /** The id of the command's first event, as the kit derives it from the Idempotency-Key. */
  firstEventId(context: CommandContext): string {
    return this.cases.firstEventId(context);
  }

  /** The clocks a step starts (the standard's, else SP4N-LAPOR!'s), due in the office's calendar. */
  clocksStartingOn(
    eventType: string,
    standard: ServiceStandard,
    officeCode: string,
    startedAt: string,
  ): ClockDue[] {
    const sla = complaintSlaOf(standard);
    return clockCodes
      .filter((clock) => (sla[clock].startsOn as readonly string[]).includes(eventType))
      .map((clock) => this.due(clock, sla[clock], officeCode, startedAt));
  }

  /** One clock started at `startedAt`. */
  due(
    clock: ComplaintClock,
    limit: Pick<TimeLimit, 'amount' | 'unit' | 'code'>,
    officeCode: string,
    startedAt: string,
  ): ClockDue {
    const due = this.standards.dueDate(officeCode, limit, startedAt);
    return { clock, code: limit.code, dueDate: due.dueDate, dueAt: due.dueAt };
  }

  /**
   * The running clocks after a pause, moved on by the time paused: newDueAt = resumedAt +
   * (dueAt − pausedAt), its date the office-local date of that instant.
   */
  resumedClocks(state: ComplaintState, resumedAt: string): ClockDue[] {
    const officeCode = state.officeCode!;
    const zone = this.standards.offices.get(officeCode).timeZone;
    const pausedAt = Date.parse(state.pausedSince!);
    const paused = Math.max(0, Date.parse(resumedAt) - pausedAt);
    return runningClocks(state).map(([clock, value]) => {
      const dueAt = formatInstantInZone(new Date(Date.parse(value.dueAt) + paused), zone);
      return { clock, code: value.code, dueDate: dueAt.slice(0, 10), dueAt };
    });
  }

  /**
   * The status secret of a complaint: a keyed derivation (the vault's deterministic encryption
   * under the complaint's own key, which only complaints' role may use) of its id, so a replay
   * answers the same secret and no copy of it is stored anywhere.
   */
  async secretOf(complaintId: string): Promise<string> {
    const sealed = await this.fields.vault.encryptFile(
      complaintSubjectId(complaintId),
      Buffer.from(`dinsos.complaint-status-secret.v1\0${complaintId}`, 'utf8'),
    );
    return createHash('sha256')
      .update(sealed.iv)
      .update(sealed.tag)
      .update(sealed.ciphertext)
      .digest()
      .subarray(0, 24)
      .toString('base64url');
  }

  /** The subject a complaint's texts are encrypted under: the complainant's, else its own. */
  textSubjectOf(state: ComplaintState): string {
    return state.complainantPersonId ?? complaintSubjectId(state.complaintId!);
  }

  private async complainant(
    personId: string,
    body: ComplainantBody,
    whistleblowing: boolean,
  ): Promise<ContactPerson> {
    return whistleblowing
      ? this.fields.encryptPersonRestricted(personId, body)
      : this.fields.encryptPerson(personId, body);
  }

  private standardInForce(
    officeCode: string,
    at: string,
    standardCode: string | undefined,
  ): ServiceStandard {
    try {
      return this.standards.standardInForce(officeCode, at, standardCode);
    } catch (error) {
      if (error instanceof Error && /StandardInForce|AmbiguousStandard/.test(error.name)) {
        throw new DomainRuleViolation('no-standard', error.message);
      }
      throw error;
    }
  }
}

/** 404 for a complaint not received, or of an office the actor does not cover. */
export function requireVisible(
  actor: AuthenticatedActor,
  state: ComplaintState,
  mode: 'act' | 'read',
): void {
  const officeCode = state.officeCode;
  const visible =
    state.status !== 'notReceived' &&
    officeCode !== undefined &&
    (mode === 'act'
      ? mayActForOffice(actor, officeCode)
      : officeCovers(actor.officeCode, officeCode));
  if (!visible) {
    throw new NotFoundException('There is no such complaint in the offices you serve.');
  }
}
