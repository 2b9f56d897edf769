import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { commandEventId, eventIdNamespace } from '../idempotency/idempotency-scope';
import { SERVICE_NAME } from '../runtime/tokens';
import type { Decider, DomainEvent } from './decider';
import {
  CommandExecutor,
  type CommandContext,
  type CommandReply,
  type CommandResult,
} from './command-executor';

type ServiceStandardRef = { code: string; version: number };

/** A route's command, prepared from the stream as read, and what its answer adds to the result. */
export interface PreparedCaseCommand<C, A extends object = object> {
  command: C;
  answer?: A;
  /** Rows of the service's own written in the command's transaction (a timer scheduled…). */
  alongside?(transaction: PoolClient): Promise<void>;
}

/** The case stream a route acts on. */
export interface CaseStreamTarget<C, S, E extends DomainEvent> {
  decider: Decider<C, S, E>;
  streamId: string;
  caseId: string;
  /** The owning office (the case access guard's ownership). */
  officeCode: string;
  /** The case's pinned standard as the state keeps it, for each event's envelope. */
  serviceStandard(state: S): ServiceStandardRef | undefined;
  /** Throws (a DomainRuleViolation in words) when the stream is not ready for any command yet. */
  ready?(state: S): void;
}

/**
 * The one way a route acts on a case stream with slow work first: the command is prepared from
 * the state as read (encryption under the client key the state names, documents rendered)
 * before the transaction, decided in it with the case's pinned standard in the envelope, and
 * answered with the ids the command made. The rules stay the decider's.
 */
@Injectable()
export class CaseCommands {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /**
   * An id the command makes (a referral, a consent, a person), derived from the command's
   * Idempotency-Key as the kit derives event ids: a retry names the same thing and the same
   * person, so it makes no second data key.
   */
  newId(context: CommandContext, what: string): string {
    const { actor, idempotencyKey } = context;
    return uuidv5(
      ['made-by-command', this.service, actor.officeCode, actor.id, idempotencyKey, what].join(
        '\n',
      ),
      eventIdNamespace,
    );
  }

  /** The id of the command's first event, as the kit derives it from the Idempotency-Key. */
  firstEventId(context: CommandContext): string {
    const { actor, idempotencyKey } = context;
    return commandEventId(
      {
        service: this.service,
        officeCode: actor.officeCode,
        actorId: actor.id,
        key: idempotencyKey,
      },
      0,
    );
  }

  act<C, S, E extends DomainEvent, A extends object = object>(
    context: CommandContext,
    target: CaseStreamTarget<C, S, E>,
    prepare: (state: S) => Promise<PreparedCaseCommand<C, A>>,
  ): Promise<CommandReply<CommandResult & A>> {
    return this.commands.run(context, {
      reads: { stream: { streamId: target.streamId, decider: target.decider } },
      authorize: ({ stream }) => target.ready?.(stream.state),
      prepare: ({ stream }) => prepare(stream.state),
      decide: async ({ stream }, transaction, prepared) => {
        await prepared.alongside?.(transaction);
        return {
          writes: [
            {
              decider: target.decider,
              streamId: target.streamId,
              command: prepared.command,
              current: stream,
              officeCode: target.officeCode,
              caseId: target.caseId,
              serviceStandard: target.serviceStandard(stream.state),
            },
          ],
          answer: (result) => ({ ...result, ...prepared.answer }) as CommandResult & A,
        };
      },
    });
  }
}
