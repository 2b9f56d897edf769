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
  DomainRuleViolation,
  Uploads,
  ValidBody,
  ValidParams,
  cancelTimer,
  compact,
  fileReferenceOf,
  scheduleTimer,
  type CommandReply,
  type CommandResult,
} from '@dinsos/platform';
import { addMonths, startOfLocalDay } from '@dinsos/service-standards';
import { PlacementCommands } from '../placement/placement-commands';
import { placementActors } from '../placement/placement-roles';
import type { LedgerCustodian, PlacementState } from '../placement/placement.decider';
import { CaseParams } from '../placement/placement.requests';
import {
  ConsentBody,
  DischargeBody,
  ExtensionBody,
  InstitutionAdmissionBody,
  InstitutionReferralBody,
  ReviewBody,
} from './institution-care.requests';
import { stayReviewTimer, stayReviewTimerId } from './stay-review.timer';

/**
 * Institution (panti) care, seed 000 step 6c: consent first (a surat persetujuan with its scan),
 * the referral letter on it, the admission (custody to the institution), reviews at the
 * standard's interval raised by the kit's timers, a supervisor's extension with a reason, and the
 * discharge to a named destination. Thin: encrypt, render, schedule, hand over.
 */
@ApiTags('placements')
@Controller('placements/:caseId')
export class InstitutionCareController {
  constructor(
    private readonly placement: PlacementCommands,
    private readonly uploads: Uploads,
  ) {}

  @Post('consents')
  @ApiOperation({
    summary: 'Record a consent letter (surat persetujuan) to institution care, with its scan',
    description:
      'From the family, a guardian (wali), a caregiver (pengasuh), a village official (aparat desa), a lurah or the head of the local Dinsos; the last three also record why no family member or guardian consented. Upload the scan to /placements/{caseId}/uploads first. The answer gives the consentId a referral rests on.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  recordConsent(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(ConsentBody) body: ConsentBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply<CommandResult & { consentId: string }>> {
    return this.placement.act(context, caseId, ownership, async (clientId) => {
      const scans = await this.uploads.require([body.letterScanFileId], {
        subjectId: clientId,
        missing: (fileId) =>
          `No upload ${fileId} was received for the client of this case: upload the scan to /placements/${caseId}/uploads first.`,
      });
      const consentId = this.placement.newId(context, 'consent');
      return {
        command: {
          type: 'RecordConsent',
          consentId,
          givenBy: await this.placement.person(context, 'consent-giver', body.givenBy),
          giverRole: body.giverRole,
          purpose: 'institutionCare',
          letterDate: body.letterDate,
          letterScan: await this.placement.encrypt(
            clientId,
            fileReferenceOf(scans.get(body.letterScanFileId)!),
          ),
          ...(body.noFamilyConsentReason
            ? { noFamilyConsentReason: body.noFamilyConsentReason }
            : {}),
        },
        answer: { consentId },
      };
    });
  }

  @Post('institution-referral')
  @ApiOperation({
    summary: 'Issue the referral letter to an institution (panti), on recorded consent',
    description: 'Refused (422, naming what is missing) until a consent letter is recorded.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  refer(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(InstitutionReferralBody) body: InstitutionReferralBody,
    @CommandContext() context: CommandContext,
    @CurrentActor() actor: AuthenticatedActor,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const issuedAt = this.placement.instant(undefined, 'The referral');
    return this.placement.act(context, caseId, ownership, async (clientId, state, history) => {
      await this.placement.requireStepReady(caseId, state, 'InstitutionReferralIssued', history);
      this.placement.requireRecommended(state, 'institutionCare');
      // The rule first (cheap): no letter is numbered for a referral without consent.
      if (!state.consents[body.consentId]) throw consentMissing();
      const payload = {
        clientId,
        institution: compact(body.institution),
        consentId: body.consentId,
        issuedAt,
        signatory: await this.placement.person(context, 'signatory', body.signatory),
      };
      const letter = await this.placement.issue({
        caseId,
        history,
        state,
        officeCode: ownership.owningOfficeCode,
        type: 'InstitutionReferralIssued',
        payload,
        purpose: `institution-referral-${body.consentId}`,
        actor,
      });
      const { clientId: _client, ...fields } = payload;
      return {
        command: {
          type: 'IssueInstitutionReferral',
          ...fields,
          letter: letter.issued,
          letterFile: letter.file,
        },
      };
    });
  }

  @Post('institution-referral/admission')
  @ApiOperation({
    summary: 'Record the admission to the institution: custody passes to it',
    description:
      "The stay runs within the standard's limit (seed 000: one running year from the report); the first review falls due at the standard's interval from admission.",
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  admit(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(InstitutionAdmissionBody) body: InstitutionAdmissionBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const admittedAt = this.placement.instant(body.admittedAt, 'The admission');
    const officeCode = ownership.owningOfficeCode;
    return this.placement.act(context, caseId, ownership, async (_clientId, state) => {
      const admittedOn = this.placement.standards.offices.localDate(officeCode, admittedAt);
      const firstReviewDueOn = addMonths(admittedOn, state.reviewIntervalMonths ?? 1);
      return {
        command: { type: 'AdmitToInstitution', admittedAt, firstReviewDueOn },
        alongside: (transaction) =>
          this.scheduleReview(transaction, context, {
            caseId,
            officeCode,
            state,
            admittedAt,
            reviewNumber: 1,
            dueOn: firstReviewDueOn,
          }),
      };
    });
  }

  @Post('institution-stay/reviews')
  @ApiOperation({
    summary: 'Record a review of the stay',
    description: "The next review falls due at the standard's interval from this one.",
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  review(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(ReviewBody) body: ReviewBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const officeCode = ownership.owningOfficeCode;
    const reviewedOn = body.reviewedOn ?? this.placement.today(officeCode);
    return this.placement.act(context, caseId, ownership, async (clientId, state) => {
      const nextReviewDueOn =
        body.outcome === 'continue'
          ? addMonths(reviewedOn, state.reviewIntervalMonths ?? 1)
          : undefined;
      const reviewNumber = (state.institution?.reviewsDone ?? 0) + 1;
      return {
        command: {
          type: 'ReviewStay',
          reviewedOn,
          outcome: body.outcome,
          ...(body.notes ? { notes: await this.placement.encrypt(clientId, body.notes) } : {}),
          ...(nextReviewDueOn ? { nextReviewDueOn } : {}),
        },
        alongside: async (transaction) => {
          const admittedAt = state.institution?.admittedAt;
          if (!admittedAt) return; // not staying: the decider refuses the review
          // Reviewed before its timer fired: that review is no longer due.
          await cancelTimer(transaction, stayReviewTimerId(caseId, admittedAt, reviewNumber));
          if (!nextReviewDueOn) return;
          await this.scheduleReview(transaction, context, {
            caseId,
            officeCode,
            state,
            admittedAt,
            reviewNumber: reviewNumber + 1,
            dueOn: nextReviewDueOn,
          });
        },
      };
    });
  }

  @Post('institution-stay/extensions')
  @ApiOperation({
    summary: "Extend the stay beyond its limit (a supervisor's decision, with a reason)",
  })
  @Roles('supervisor')
  @RequireCaseAccess('act')
  @Command()
  extend(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(ExtensionBody) body: ExtensionBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.placement.act(context, caseId, ownership, async () => ({
      command: { type: 'ExtendStay', extendedUntil: body.extendedUntil, reason: body.reason },
    }));
  }

  @Post('institution-stay/discharge')
  @ApiOperation({
    summary: 'Discharge the client from the institution, to a named destination',
    description:
      'Home (family members by personId), an LKS, another institution, or independent living for an adult. Custody passes to the destination in the same event.',
  })
  @Roles(...placementActors)
  @RequireCaseAccess('act')
  @Command()
  discharge(
    @ValidParams(CaseParams) { caseId }: z.infer<typeof CaseParams>,
    @ValidBody(DischargeBody) body: DischargeBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    const dischargedAt = this.placement.instant(body.dischargedAt, 'The discharge');
    const { destination } = body;
    const custodian: LedgerCustodian =
      destination.kind === 'family'
        ? { kind: 'family', personIds: destination.personIds }
        : destination.kind === 'lks'
          ? { kind: 'lks', organisation: compact(destination.organisation) }
          : destination.kind === 'otherInstitution'
            ? { kind: 'institution', organisation: compact(destination.organisation) }
            : { kind: 'self' };
    return this.placement.act(context, caseId, ownership, async (_clientId, state) => ({
      command: {
        type: 'Discharge',
        dischargedAt,
        destination: destination.kind,
        custodian,
      },
      // The stay ends here: its next review never falls due. At another institution it goes
      // on, its first review due at the standard's interval from the discharge.
      alongside: async (transaction) => {
        const stay = state.institution;
        if (!stay?.admittedAt) return;
        await cancelTimer(
          transaction,
          stayReviewTimerId(caseId, stay.admittedAt, stay.reviewsDone + 1),
        );
        if (destination.kind !== 'otherInstitution') return;
        const officeCode = ownership.owningOfficeCode;
        const movedOn = this.placement.standards.offices.localDate(officeCode, dischargedAt);
        await this.scheduleReview(transaction, context, {
          caseId,
          officeCode,
          state,
          admittedAt: dischargedAt,
          reviewNumber: 1,
          dueOn: addMonths(movedOn, state.reviewIntervalMonths ?? 1),
        });
      },
    }));
  }

  private scheduleReview(
    transaction: Parameters<typeof scheduleTimer>[0],
    context: CommandContext,
    review: {
      caseId: string;
      officeCode: string;
      state: PlacementState;
      admittedAt: string;
      reviewNumber: number;
      dueOn: string;
    },
  ): Promise<void> {
    const { caseId, officeCode, state, admittedAt, reviewNumber, dueOn } = review;
    if (!state.serviceStandard) return Promise.resolve();
    const zone = this.placement.standards.offices.get(officeCode).timeZone;
    return scheduleTimer(
      transaction,
      stayReviewTimer({
        caseId,
        admittedAt,
        officeCode,
        dueAt: startOfLocalDay(dueOn, zone),
        data: { reviewNumber, dueOn, serviceStandard: state.serviceStandard },
        correlationId: context.correlationId,
        // The admission or review is the command's first event.
        causationId: this.placement.firstEventId(context),
      }),
    );
  }
}

function consentMissing(): DomainRuleViolation {
  return new DomainRuleViolation(
    'consent-missing',
    'No consent to institution care is recorded: a consent letter (surat persetujuan) from the family, a guardian (wali), a caregiver (pengasuh), a village official (aparat desa), a lurah or the head of the local Dinas Sosial must be recorded first, with its scan.',
    { missing: ['ConsentRecorded'] },
  );
}
