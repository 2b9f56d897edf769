import { Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaseOwnership, RequireCaseAccess, Roles, type CaseOwnership } from '@dinsos/auth';
import {
  scoreFamilyCandidate,
  type FamilyCandidate,
  type FamilyMatchClass,
  type KnownOfClient,
} from '@dinsos/name-matching';
import {
  Command,
  CommandContext,
  PersonalFields,
  ValidBody,
  ValidParams,
  type CommandReply,
  type CommandResult,
} from '@dinsos/platform';
import { z } from 'zod';
import { CandidateCommands } from './candidate-commands';
import {
  CandidateParams,
  ConcernParams,
  DecisionBody,
  ProposeCandidateBody,
  ReasonBody,
  SafetyConcernBody,
} from './candidates.requests';

/** The answer to a proposal: the candidate made, and how it scored. */
export interface CandidateProposed {
  candidateId: string;
  score: number;
  class: FamilyMatchClass;
}

/**
 * Possible family members: proposed and scored, safety concerns and their clearing,
 * do-not-contact, decisions. Thin: validate, score, encrypt, hand over; the rules are the
 * decider's. Tracing officers and supervisors act; clearing a concern is a supervisor's.
 */
@ApiTags('tracings')
@Controller('tracings/:caseId')
export class CandidatesController {
  constructor(
    private readonly tracing: CandidateCommands,
    private readonly fields: PersonalFields,
  ) {}

  @Post('candidates')
  @ApiOperation({
    summary: 'Propose a possible family member, scored against what is known of the client',
    description:
      'The person is encrypted under a key of their own (a new personId). The score (libs/name-matching scoreFamilyCandidate) compares field by field; the event keeps the comparison (names of fields only), the score, the class, the algorithm version and what was known of the client (encrypted under the client’s key), so a replay shows what the officer saw. `known` is entered by the officer from the assessment and intake records for now.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command({ created: true })
  propose(
    @Param('caseId') caseId: string,
    @ValidBody(ProposeCandidateBody) body: ProposeCandidateBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply<CommandResult & CandidateProposed>> {
    const candidateId = this.tracing.newId(context, 'candidate');
    const personId = this.tracing.newId(context, 'candidate-person');
    const scored = scoreFamilyCandidate(knownOf(body), candidateOf(body));
    return this.tracing.act<CandidateProposed>(context, caseId, ownership, async (clientId) => ({
      command: {
        type: 'ProposeCandidate',
        candidateId,
        person: await this.fields.encryptPerson(personId, {
          ...body.person,
          relationship: body.person.relationship ?? body.relationClaimed,
        }),
        knownOfClient: await this.fields.encrypt(clientId, JSON.stringify(body.known)),
        relationClaimed: body.relationClaimed,
        comparison: scored.comparison,
        score: scored.score,
        class: scored.class,
        algorithm: scored.algorithm,
      },
      answer: { candidateId, score: scored.score, class: scored.class },
    }));
  }

  @Post('candidates/:candidateId/safety-concerns')
  @ApiOperation({
    summary: 'Record a safety concern about a possible family',
    description: 'It blocks "family found" for this family until a supervisor clears it.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command({ created: true })
  recordConcern(
    @ValidParams(CandidateParams) params: z.infer<typeof CandidateParams>,
    @ValidBody(SafetyConcernBody) body: SafetyConcernBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply<CommandResult & { concernId: string }>> {
    const concernId = this.tracing.newId(context, 'safety-concern');
    return this.tracing.act(context, params.caseId, ownership, async (clientId) => ({
      command: {
        type: 'RecordSafetyConcern',
        concernId,
        candidateId: params.candidateId,
        kind: body.kind,
        details: await this.fields.encrypt(clientId, body.details),
      },
      answer: { concernId },
    }));
  }

  @Post('safety-concerns/:concernId/clearance')
  @ApiOperation({ summary: 'Clear a safety concern, with the reason (a supervisor)' })
  @Roles('supervisor')
  @RequireCaseAccess('act')
  @Command()
  clearConcern(
    @ValidParams(ConcernParams) params: z.infer<typeof ConcernParams>,
    @ValidBody(ReasonBody) body: ReasonBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.tracing.act(context, params.caseId, ownership, async (clientId) => ({
      command: {
        type: 'ClearSafetyConcern',
        concernId: params.concernId,
        reason: await this.fields.encrypt(clientId, body.reason),
      },
    }));
  }

  @Post('candidates/:candidateId/do-not-contact')
  @ApiOperation({
    summary: 'Mark a possible family do-not-contact, with the reason',
    description: 'No inquiry may go to it or ask about it, and the client is not returned to it.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  markDoNotContact(
    @ValidParams(CandidateParams) params: z.infer<typeof CandidateParams>,
    @ValidBody(ReasonBody) body: ReasonBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.tracing.act(context, params.caseId, ownership, async (clientId) => ({
      command: {
        type: 'MarkDoNotContact',
        candidateId: params.candidateId,
        reason: await this.fields.encrypt(clientId, body.reason),
      },
    }));
  }

  @Post('candidates/:candidateId/decision')
  @ApiOperation({
    summary: "Confirm or reject a possible family, with the child's view",
    description: 'A candidate is decided once; a rejection needs a reason.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  decide(
    @ValidParams(CandidateParams) params: z.infer<typeof CandidateParams>,
    @ValidBody(DecisionBody) body: DecisionBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.tracing.act(context, params.caseId, ownership, async (clientId) => ({
      command: {
        type: 'DecideCandidate',
        candidateId: params.candidateId,
        decision: body.decision,
        ...(body.reason !== undefined
          ? { reason: await this.fields.encrypt(clientId, body.reason) }
          : {}),
        childView: await this.fields.encrypt(clientId, body.childView),
      },
    }));
  }
}

/** What is known of the client, as the scorer takes it. */
function knownOf({ known }: ProposeCandidateBody): KnownOfClient {
  return {
    clientNames: known.clientNames,
    fatherName: known.fatherName,
    motherName: known.motherName,
    places: known.places ?? [],
    estimatedAgeYears: known.estimatedAgeYears,
  };
}

/**
 * The possible family member as the scorer takes it: the person's name, the relation claimed,
 * the most precise region code of their address with the place names the family gives, and
 * what the family says of the child.
 */
function candidateOf({ person, relationClaimed, family }: ProposeCandidateBody): FamilyCandidate {
  const address = person.address;
  const regionCode =
    address?.villageCode ?? address?.districtCode ?? address?.regencyCode ?? address?.provinceCode;
  return {
    name: person.name,
    relation: relationClaimed,
    address: { regionCode, places: family.places ?? [] },
    ageYears: family.ageYears,
    clientName: family.clientName,
    clientAgeYears: family.clientAgeYears,
    clientFatherName: family.clientFatherName,
    clientMotherName: family.clientMotherName,
  };
}
