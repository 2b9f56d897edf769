import { Inject, Injectable } from '@nestjs/common';
import type { CaseOwnership } from '@dinsos/auth';
import {
  CommandExecutor,
  DomainRuleViolation,
  SERVICE_NAME,
  eventIdNamespace,
  type CommandContext,
  type CommandReply,
  type CommandResult,
} from '@dinsos/platform';
import { v5 as uuidv5 } from 'uuid';
import {
  tracingDecider,
  tracingStreamId,
  type TracingCommand,
  type TracingState,
} from '../tracing/tracing.decider';

/** A route's command, prepared from the tracing as read, and what its answer adds to the result. */
export interface PreparedCommand<A extends object> {
  command: TracingCommand;
  answer?: A;
}

/**
 * The one way the candidate and outcome routes act on a case's tracing: the kit's executor, with
 * the command prepared (encrypted under the client's key the state names) before the
 * transaction, the case's pinned standard from the state, and an answer that may add the ids
 * the command made. The rules are the decider's.
 */
@Injectable()
export class CandidateCommands {
  constructor(
    private readonly commands: CommandExecutor,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /**
   * An id the command makes (a candidate, a concern, a person), derived from the command's
   * Idempotency-Key as the kit derives event ids: a retry names the same candidate and the same
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

  act<A extends object = object>(
    context: CommandContext,
    caseId: string,
    ownership: CaseOwnership,
    prepare: (clientId: string, state: TracingState) => Promise<PreparedCommand<A>>,
  ): Promise<CommandReply<CommandResult & A>> {
    const streamId = tracingStreamId(caseId);
    return this.commands.run(context, {
      reads: { tracing: { streamId, decider: tracingDecider } },
      prepare: ({ tracing }) => prepare(clientOf(tracing.state), tracing.state),
      decide: ({ tracing }, _transaction, prepared) => ({
        writes: [
          {
            decider: tracingDecider,
            streamId,
            command: prepared.command,
            current: tracing,
            officeCode: ownership.owningOfficeCode,
            caseId,
            serviceStandard: tracing.state.serviceStandard,
          },
        ],
        answer: (result) => ({ ...result, ...prepared.answer }) as CommandResult & A,
      }),
    });
  }
}

/**
 * The client of a started tracing, whose key encrypts what the command records. The case may be
 * known to the ownership table before its tracing starts: say so in words.
 */
function clientOf(state: TracingState): string {
  if (state.status === 'notStarted' || !state.clientId) {
    throw new DomainRuleViolation(
      'tracing-not-started',
      "The tracing of this family has not started yet: it starts on a recommendation to trace the family, or where the case's service standard puts the tracing step. If the recommendation was made moments ago, try again shortly.",
    );
  }
  return state.clientId;
}
