import { Controller, Post } from '@nestjs/common';
import type { z } from 'zod';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentActor,
  CurrentCaseOwnership,
  RequireCaseAccess,
  Roles,
  type AuthenticatedActor,
  type CaseOwnership,
} from '@dinsos/auth';
import type { EventPayload } from '@dinsos/contracts';
import {
  Command,
  CommandContext,
  DomainRuleViolation,
  ValidBody,
  ValidParams,
  compact,
  type CommandReply,
  type CommandResult,
} from '@dinsos/platform';
import { PlacementCommands, type PlacementHistory } from '../placement/placement-commands';
import { placementActors } from '../placement/placement-roles';
import type { PlacementState } from '../placement/placement.decider';
import { CaseParams } from '../placement/placement.requests';
import {
  ArrangeReturnHomeBody,
  ReturnHomeBody,
  SafetyAssessmentBody,
  type FamilyMemberBody,
} from './return-home.requests';

type ContactPerson = EventPayload<'ReturnHomeArranged'>['receivingFamily'][number];

/**
 * The return home (seed 004 step 5; seed 000 step 6a): the receiving family is assessed for
 * safety, the return is arranged (to whom, when, with which escort, with the child's view), and
 * done with a Berita Acara Pemulangan rendered only from the events' facts. Thin: encrypt,
 * render, hand over; the rules are the decider's.
 */
@ApiTags('placements')
@Controller('placements/:caseId')
export class ReturnHomeController {
  constructor(private readonly placement: PlacementCommands) {}

  @Post('safety-assessments')
  @ApiOperation({
    summary: 'Record the safety assessment of the receiving family',
    description:
      'Name family members tracing found by their personId, or new ones; the answer gives each one’s personId and the safetyAssessmentId a return home rests on. Findings and conditions are encrypted under the client’s key.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  assessSafety(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(SafetyAssessmentBody) body: SafetyAssessmentBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply<CommandResult & { safetyAssessmentId: string; personIds: string[] }>> {
    return this.placement.act(context, caseId, ownership, async (clientId, state) => {
      const safetyAssessmentId = this.placement.newId(context, 'safety-assessment');
      const personIds = this.personIdsOf(context, state, body.family);
      return {
        command: {
          type: 'RecordSafetyAssessment',
          safetyAssessmentId,
          familyPersonIds: personIds,
          outcome: body.outcome,
          assessedOn: body.assessedOn,
          findings: await this.placement.encrypt(clientId, body.findings),
          ...(body.conditions
            ? { conditions: await this.placement.encrypt(clientId, body.conditions) }
            : {}),
        },
        answer: { safetyAssessmentId, personIds },
      };
    });
  }

  @Post('return-home/arrangement')
  @ApiOperation({
    summary: 'Arrange the return home: to whom, when, with which escort',
    description:
      'Only after the family was found (tracing) or a return home was recommended where the family is known, and on a recorded safety assessment that is not “unsafe”. Without receivingFamily, the family members tracing found and the assessment covered receive the client.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  arrange(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(ArrangeReturnHomeBody) body: ArrangeReturnHomeBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.placement.act(context, caseId, ownership, async (clientId, state, history) => {
      await this.placement.requireStepReady(caseId, state, 'ReturnHomeArranged', history);
      const assessed = state.safetyAssessments[body.safetyAssessmentId];
      const receivingFamily = body.receivingFamily
        ? await this.encryptFamily(context, state, body.receivingFamily)
        : (await this.familyFoundBy(history)).filter(
            (member) => !assessed || assessed.familyPersonIds.includes(member.personId),
          );
      // Without a family found or known, the decider's refusal says so: it comes first.
      const familyKnown =
        state.tracingOutcome === 'familyFound' || state.recommendation === 'returnHome';
      if (receivingFamily.length === 0 && familyKnown) {
        throw new DomainRuleViolation(
          'receiving-family-missing',
          'Name the family members who receive the client (receivingFamily): tracing found none that the safety assessment covered.',
        );
      }
      return {
        command: {
          type: 'ArrangeReturnHome',
          safetyAssessmentId: body.safetyAssessmentId,
          receivingFamily,
          destination: await this.placement.encrypt(clientId, compact(body.destination)),
          plannedAt: new Date(body.plannedAt).toISOString(),
          escorts: await Promise.all(
            body.escorts.map((escort, index) =>
              this.placement.person(context, `escort-${index}`, escort),
            ),
          ),
          childView: await this.placement.encrypt(clientId, body.childView),
        },
      };
    });
  }

  @Post('return-home')
  @ApiOperation({
    summary: 'Record the return home and issue the Berita Acara Pemulangan',
    description:
      'The family members of the arrangement receive the client; custody passes to them in the same event. The Berita Acara Pemulangan is rendered only from facts in the events (officer, family, witnesses, place, date), so it regenerates byte-identical.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  returnHome(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(ReturnHomeBody) body: ReturnHomeBody,
    @CommandContext() context: CommandContext,
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const returnedAt = this.placement.instant(body.returnedAt, 'The return home');
    return this.placement.act(context, caseId, ownership, async (clientId, state, history) => {
      await this.placement.requireStepReady(caseId, state, 'ClientReturnedHome', history);
      const arranged = await lastOf(history, 'ReturnHomeArranged');
      if (!arranged || !state.returnHome) {
        throw new DomainRuleViolation(
          'return-home-not-arranged',
          'The return home has not been arranged: arrange it first (to whom, when, with which escort).',
        );
      }
      const payload = {
        clientId,
        returnedAt,
        place: await this.placement.encrypt(clientId, body.place),
        officer: await this.placement.person(context, 'officer', body.officer),
        receivedBy: arranged.receivingFamily,
        witnesses: await Promise.all(
          body.witnesses.map((witness, index) =>
            this.placement.person(context, `witness-${index}`, witness),
          ),
        ),
        ...(body.notes ? { notes: await this.placement.encrypt(clientId, body.notes) } : {}),
      };
      const document = await this.placement.issue({
        caseId,
        history,
        state,
        officeCode: ownership.owningOfficeCode,
        type: 'ClientReturnedHome',
        payload,
        purpose: 'berita-acara-pemulangan',
        actor,
      });
      const { clientId: _client, ...fields } = payload;
      return {
        command: {
          type: 'RecordReturnHome',
          ...fields,
          beritaAcaraPemulangan: document.issued,
          document: document.file,
        },
      };
    });
  }

  /**
   * Members tracing found, or a safety assessment named, keep their person (and key); others
   * are new, from the key.
   */
  private personIdsOf(
    context: CommandContext,
    state: PlacementState,
    members: readonly FamilyMemberBody[],
  ): string[] {
    const known = new Set([
      ...state.familyPersonIds,
      ...Object.values(state.safetyAssessments).flatMap((assessed) => assessed.familyPersonIds),
    ]);
    return members.map((member, index) => {
      if (member.personId === undefined) return this.placement.newId(context, `family-${index}`);
      if (!known.has(member.personId)) {
        throw new DomainRuleViolation(
          'no-such-family-member',
          `No family member ${member.personId} is known in this case: name a member tracing found or a safety assessment named by their personId, or leave personId out for a new person.`,
        );
      }
      return member.personId;
    });
  }

  private async encryptFamily(
    context: CommandContext,
    state: PlacementState,
    members: readonly FamilyMemberBody[],
  ): Promise<ContactPerson[]> {
    const personIds = this.personIdsOf(context, state, members);
    return Promise.all(
      members.map(({ personId: _known, ...person }, index) =>
        this.placement.encryptPerson(personIds[index], person),
      ),
    );
  }

  /** The family tracing found, as it recorded them (encrypted under their own keys). */
  private async familyFoundBy(history: PlacementHistory): Promise<ContactPerson[]> {
    const outcome = await lastOf(history, 'TracingOutcomeReceived');
    return outcome?.familyMembers ?? [];
  }
}

async function lastOf<T extends 'ReturnHomeArranged' | 'TracingOutcomeReceived'>(
  history: PlacementHistory,
  type: T,
): Promise<EventPayload<T> | undefined> {
  const last = (await history()).filter((event) => event.type === type).at(-1);
  return last?.payload as EventPayload<T> | undefined;
}
