import type { z } from 'zod';
import { Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentActor,
  CurrentCaseOwnership,
  RequireCaseAccess,
  Roles,
  caseReaderRoles,
  type AuthenticatedActor,
  type CaseOwnership,
} from '@dinsos/auth';
import {
  Command,
  CommandContext,
  DomainRuleViolation,
  ValidBody,
  ValidParams,
  type CommandReply,
} from '@dinsos/platform';
import { PlacementCommands } from '../placement/placement-commands';
import { placementActors } from '../placement/placement-roles';
import { CaseParams } from '../placement/placement.requests';
import { LksHandoverBody, LksReferralBody } from './lks.requests';

/**
 * When no family is found (seed 004 steps 6–7): the client is referred to an LKS chosen from the
 * owning office's registry, then handed over with a BAST rendered from the event's facts.
 */
@ApiTags('placements')
@Controller('placements/:caseId')
export class LksController {
  constructor(private readonly placement: PlacementCommands) {}

  @Get('lks-registry')
  @ApiOperation({ summary: 'The LKS the owning office may refer to (its registry, kept as data)' })
  @Roles(...caseReaderRoles)
  @RequireCaseAccess('read')
  registry(@CurrentCaseOwnership() ownership: CaseOwnership) {
    return {
      officeCode: ownership.owningOfficeCode,
      lks: this.placement.standards.lks.of(ownership.owningOfficeCode),
    };
  }

  @Post('lks-referral')
  @ApiOperation({
    summary: 'Refer the client to an LKS of the office’s registry, with a referral letter',
    description: 'Only when the family was not found (or continuing with an LKS was recommended).',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  refer(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(LksReferralBody) body: LksReferralBody,
    @CommandContext() context: CommandContext,
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const officeCode = ownership.owningOfficeCode;
    const registered = this.placement.standards.lks.find(officeCode, body.lksCode);
    if (!registered) {
      throw new DomainRuleViolation(
        'lks-not-registered',
        `No LKS ${body.lksCode} is in the registry of office ${officeCode}: choose one from GET /placements/${caseId}/lks-registry.`,
      );
    }
    const issuedAt = this.placement.instant(undefined, 'The referral');
    return this.placement.act(context, caseId, ownership, async (clientId, state, history) => {
      await this.placement.requireStepReady(caseId, state, 'LksReferralMade', history);
      const payload = {
        clientId,
        lks: { code: registered.code, name: registered.name, regionCode: registered.regionCode },
        issuedAt,
        signatory: await this.placement.person(context, 'signatory', body.signatory),
      };
      const letter = await this.placement.issue({
        caseId,
        history,
        state,
        officeCode,
        type: 'LksReferralMade',
        payload,
        purpose: `lks-referral-${registered.code}`,
        actor,
      });
      const { clientId: _client, ...fields } = payload;
      return {
        command: {
          type: 'MakeLksReferral',
          ...fields,
          letter: letter.issued,
          letterFile: letter.file,
        },
      };
    });
  }

  @Post('lks-handover')
  @ApiOperation({
    summary: 'Record the handover to the LKS and issue its BAST',
    description:
      'Custody passes to the LKS in the same event; the BAST is rendered only from the event’s facts (parties, witnesses, place, date, belongings).',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  handOver(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(LksHandoverBody) body: LksHandoverBody,
    @CommandContext() context: CommandContext,
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const handedOverAt = this.placement.instant(body.handedOverAt, 'The handover');
    return this.placement.act(context, caseId, ownership, async (clientId, state, history) => {
      await this.placement.requireStepReady(caseId, state, 'ClientHandedOverToLks', history);
      if (state.lks?.status !== 'referred') {
        throw new DomainRuleViolation(
          'lks-referral-missing',
          'The client has not been referred to an LKS: make the referral first.',
        );
      }
      const payload = {
        clientId,
        lks: state.lks.lks,
        handedOverAt,
        place: body.place,
        handedOverBy: await this.placement.person(context, 'handed-over-by', body.handedOverBy),
        receivedBy: await this.placement.person(context, 'received-by', {
          ...body.receivedBy,
          organisation: body.receivedBy.organisation ?? state.lks.lks.name,
        }),
        witnesses: await Promise.all(
          body.witnesses.map((witness, index) =>
            this.placement.person(context, `witness-${index}`, witness),
          ),
        ),
        belongings: await Promise.all(
          body.belongings.map((item) => this.placement.encrypt(clientId, item)),
        ),
      };
      const bast = await this.placement.issue({
        caseId,
        history,
        state,
        officeCode: ownership.owningOfficeCode,
        type: 'ClientHandedOverToLks',
        payload,
        purpose: 'lks-handover',
        actor,
      });
      const { clientId: _client, lks: _lks, ...fields } = payload;
      return {
        command: { type: 'HandOverToLks', ...fields, bast: bast.issued, document: bast.file },
      };
    });
  }
}
