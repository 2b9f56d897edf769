import type { z } from 'zod';
import { Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentActor,
  CurrentCaseOwnership,
  RequireCaseAccess,
  Roles,
  type AuthenticatedActor,
  type CaseOwnership,
} from '@dinsos/auth';
import {
  Command,
  CommandContext,
  ValidBody,
  ValidParams,
  compact,
  type CommandReply,
  type CommandResult,
} from '@dinsos/platform';
import { PlacementCommands } from '../placement/placement-commands';
import { placementActors } from '../placement/placement-roles';
import type { LedgerCustodian } from '../placement/placement.decider';
import { CaseParams } from '../placement/placement.requests';
import {
  AdmissionBody,
  HealthReferralBody,
  LeaveFacilityBody,
  ReferralParams,
} from './health-referral.requests';

/**
 * A sick client (seed 000 step 6b, "Rujukan Faskes (bila kondisi sakit)"; seed 004 at any time):
 * a referral letter, the admission (custody passes to the facility), and the client's return or
 * discharge (custody follows). Thin: encrypt, render, hand over; the rules are the decider's.
 */
@ApiTags('placements')
@Controller('placements/:caseId/health-referrals')
export class HealthReferralController {
  constructor(private readonly placement: PlacementCommands) {}

  @Post()
  @ApiOperation({
    summary: 'Issue a referral letter to a health facility (Faskes)',
    description:
      'The condition is encrypted under the client’s key; the letter is rendered from the event’s facts. The answer gives the referralId the admission and departure name.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  refer(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(HealthReferralBody) body: HealthReferralBody,
    @CommandContext() context: CommandContext,
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply<CommandResult & { referralId: string }>> {
    const issuedAt = this.placement.instant(undefined, 'The referral');
    return this.placement.act(context, caseId, ownership, async (clientId, state, history) => {
      const referralId = this.placement.newId(context, 'health-referral');
      const payload = {
        clientId,
        referralId,
        facility: compact(body.facility),
        reason: await this.placement.encrypt(clientId, body.reason),
        issuedAt,
        signatory: await this.placement.person(context, 'signatory', body.signatory),
      };
      const letter = await this.placement.issue({
        caseId,
        history,
        state,
        officeCode: ownership.owningOfficeCode,
        type: 'HealthReferralIssued',
        payload,
        purpose: `health-referral-${referralId}`,
        actor,
      });
      const { clientId: _client, ...fields } = payload;
      return {
        command: {
          type: 'IssueHealthReferral',
          ...fields,
          letter: letter.issued,
          letterFile: letter.file,
        },
        answer: { referralId },
      };
    });
  }

  @Post(':referralId/admission')
  @ApiOperation({ summary: 'Record the admission to the facility: custody passes to it' })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  admit(
    @ValidParams(ReferralParams) { caseId, referralId }: z.infer<typeof ReferralParams>,
    @ValidBody(AdmissionBody) body: AdmissionBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const admittedAt = this.placement.instant(body.admittedAt, 'The admission');
    return this.placement.act(context, caseId, ownership, async () => ({
      command: { type: 'AdmitToHealthFacility', referralId, admittedAt },
    }));
  }

  @Post(':referralId/departure')
  @ApiOperation({
    summary: 'Record the client leaving the facility',
    description:
      '“returned”: back to the custodian before the admission (an institution, if the client came from one); “discharged”: to dischargedTo (the office or a shelter; institution care goes through its consent, referral and admission).',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  leave(
    @ValidParams(ReferralParams) { caseId, referralId }: z.infer<typeof ReferralParams>,
    @ValidBody(LeaveFacilityBody) body: LeaveFacilityBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const leftAt = this.placement.instant(body.leftAt, 'The departure');
    return this.placement.act(context, caseId, ownership, async (clientId) => {
      const custodian: LedgerCustodian | undefined = !body.dischargedTo
        ? undefined
        : body.dischargedTo.kind === 'office'
          ? { kind: 'office', officeCode: ownership.owningOfficeCode }
          : { kind: body.dischargedTo.kind, organisation: compact(body.dischargedTo.organisation) };
      return {
        command: {
          type: 'LeaveHealthFacility',
          referralId,
          leftAt,
          how: body.how,
          ...(body.notes ? { notes: await this.placement.encrypt(clientId, body.notes) } : {}),
          ...(custodian ? { custodian } : {}),
        },
      };
    });
  }
}
