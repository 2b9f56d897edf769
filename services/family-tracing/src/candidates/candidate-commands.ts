import { Injectable } from '@nestjs/common';
import type { CaseOwnership } from '@dinsos/auth';
import {
  CaseCommands,
  DomainRuleViolation,
  type CommandContext,
  type CommandReply,
  type CommandResult,
  type PreparedCaseCommand,
} from '@dinsos/platform';
import {
  tracingDecider,
  tracingStreamId,
  type TracingCommand,
  type TracingState,
} from '../tracing/tracing.decider';

/**
 * The one way the candidate and outcome routes act on a case's tracing: the kit's CaseCommands,
 * with the client's key from the tracing's state and the case's pinned standard in the envelope.
 * The rules are the decider's.
 */
@Injectable()
export class CandidateCommands {
  constructor(private readonly cases: CaseCommands) {}

  /** An id the command makes (a candidate, a concern, a person), derived from its key. */
  newId(context: CommandContext, what: string): string {
    return this.cases.newId(context, what);
  }

  act<A extends object = object>(
    context: CommandContext,
    caseId: string,
    ownership: CaseOwnership,
    prepare: (
      clientId: string,
      state: TracingState,
    ) => Promise<PreparedCaseCommand<TracingCommand, A>>,
  ): Promise<CommandReply<CommandResult & A>> {
    return this.cases.act(
      context,
      {
        decider: tracingDecider,
        streamId: tracingStreamId(caseId),
        caseId,
        officeCode: ownership.owningOfficeCode,
        serviceStandard: (state) => state.serviceStandard,
      },
      (state) => prepare(clientOf(state), state),
    );
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
