import { Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaseOwnership, RequireCaseAccess, Roles, type CaseOwnership } from '@dinsos/auth';
import type { EventPayload } from '@dinsos/contracts';
import type { EventStore } from '@dinsos/event-store';
import {
  Command,
  CommandContext,
  DomainRuleViolation,
  EVENT_STORE,
  PersonalFields,
  ValidBody,
  compact,
  type CommandReply,
  type CommandResult,
} from '@dinsos/platform';
import { tracingStreamId } from '../tracing/tracing.decider';
import { CandidateCommands } from './candidate-commands';
import {
  FamilyFoundBody,
  FamilyNotFoundBody,
  ReasonBody,
  type FamilyMemberBody,
} from './candidates.requests';

/**
 * The outcome of the tracing: family found (on a confirmed candidate no safety concern or
 * do-not-contact blocks, resting on answered inquiries), family not found (the officer's
 * decision after trying, never automatic), and reopening after "not found" on new information.
 * Thin: validate, encrypt, hand over; the rules are the decider's.
 */
@ApiTags('tracings')
@Controller('tracings/:caseId')
export class OutcomeController {
  constructor(
    private readonly tracing: CandidateCommands,
    private readonly fields: PersonalFields,
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
  ) {}

  @Post('family-found')
  @ApiOperation({
    summary: "Record the client's family as found",
    description:
      'Only for a confirmed candidate with no open safety concern and not marked do-not-contact, and only on answered inquiries. Each family member is encrypted under their own key; a member who is a proposed candidate (candidateId) keeps that person and key. The family’s address is where the client goes home: encrypted under the client’s key.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  familyFound(
    @Param('caseId') caseId: string,
    @ValidBody(FamilyFoundBody) body: FamilyFoundBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply<CommandResult & { personIds: string[] }>> {
    return this.tracing.act(context, caseId, ownership, async (clientId) => {
      const personIds = await this.personIdsOf(context, caseId, body.familyMembers);
      const familyMembers = await Promise.all(
        body.familyMembers.map(({ candidateId: _candidate, ...person }, index) =>
          this.fields.encryptPerson(personIds[index], person),
        ),
      );
      return {
        command: {
          type: 'RecordFamilyFound',
          candidateId: body.candidateId,
          familyMembers,
          relation: body.relation,
          address: await this.fields.encrypt(clientId, compact(body.address)),
          verifiedBy: body.verifiedBy,
          evidenceInquiryIds: body.evidenceInquiryIds,
          childView: await this.fields.encrypt(clientId, body.childView),
        },
        answer: { personIds },
      };
    });
  }

  @Post('family-not-found')
  @ApiOperation({
    summary: 'Record that the family cannot be found (the path goes to an LKS)',
    description:
      'The officer’s decision, never automatic, and only after at least one inquiry was sent; the channels tried are taken from the inquiries. The reason holds no personal data.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  familyNotFound(
    @Param('caseId') caseId: string,
    @ValidBody(FamilyNotFoundBody) body: FamilyNotFoundBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.tracing.act(context, caseId, ownership, async () => ({
      command: { type: 'RecordFamilyNotFound', reason: body.reason },
    }));
  }

  @Post('reopen')
  @ApiOperation({ summary: 'Reopen a tracing closed as family not found, on new information' })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  reopen(
    @Param('caseId') caseId: string,
    @ValidBody(ReasonBody) body: ReasonBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.tracing.act(context, caseId, ownership, async (clientId) => ({
      command: { type: 'Reopen', reason: await this.fields.encrypt(clientId, body.reason) },
    }));
  }

  /**
   * Each family member's personId: a proposed candidate's own person, so one person keeps one
   * key (and erasure stays one act), or a new person derived from the Idempotency-Key.
   */
  private async personIdsOf(
    context: CommandContext,
    caseId: string,
    members: readonly FamilyMemberBody[],
  ): Promise<string[]> {
    const candidatePersons = new Map<string, string>();
    if (members.some((member) => member.candidateId !== undefined)) {
      for (const event of await this.store.readStream(tracingStreamId(caseId))) {
        if (event.type !== 'MatchCandidateProposed') continue;
        const { candidateId, person } = event.payload as EventPayload<'MatchCandidateProposed'>;
        candidatePersons.set(candidateId, person.personId);
      }
    }
    return members.map((member, index) => {
      if (member.candidateId === undefined) return this.tracing.newId(context, `member-${index}`);
      const personId = candidatePersons.get(member.candidateId);
      if (personId === undefined) {
        throw new DomainRuleViolation(
          'no-such-candidate',
          `No possible family member ${member.candidateId} has been proposed in this tracing: name a family member by the candidateId of a proposed candidate, or leave it out for a new person.`,
        );
      }
      return personId;
    });
  }
}
