import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, NotFoundException, Param, Post, Req } from '@nestjs/common';
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
import type { EventStore } from '@dinsos/event-store';
import {
  CLOCK,
  Command,
  CommandContext,
  CommandExecutor,
  DomainRuleViolation,
  EVENT_STORE,
  PersonalFields,
  SERVICE_NAME,
  SERVICE_STANDARDS,
  Upload,
  Uploads,
  ValidBody,
  ValidParams,
  cancelTimer,
  commandEventId,
  fileReferenceOf,
  loadStream,
  scheduleTimer,
  type Clock,
  type CommandReply,
  type CommandResult,
  type StreamToRead,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Request } from 'express';
import type { PoolClient } from 'pg';
import {
  tracingDecider,
  tracingStreamId,
  type TracingCommand,
  type TracingState,
} from '../tracing/tracing.decider';
import { DISDUKCAPIL_CHANNEL, type DisdukcapilChannel } from './disdukcapil.port';
import {
  AnswerInquiryBody,
  IdentityVerificationBody,
  InquiryParams,
  type InquiryPath,
  RecordBiometricsBody,
  RecordConsentBody,
  SendInquiryBody,
} from './inquiries.requests';
import { inquiryOverdueTimer, inquiryOverdueTimerId } from './inquiry-overdue.timer';

/** The answer to a sent inquiry: the command's result and the id the route gave the inquiry. */
export interface InquirySentResult extends CommandResult {
  inquiryId: string;
}

/** What a command does beside its append, in its transaction, once the decider recorded events. */
type Alongside = (
  transaction: PoolClient,
  command: TracingCommand,
  state: TracingState,
) => Promise<void>;

/**
 * Thin: validate, encrypt what is personal under the client's key (from the tracing's state),
 * hand over to the kit's executor, answer. The rules are the decider's; the overdue timer of an
 * inquiry is scheduled in the transaction that appends InquirySent, and cancelled in the one that
 * records its answer, so a refused command leaves no timer behind.
 */
@ApiTags('tracings')
@Controller('tracings/:caseId')
export class InquiriesController {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly fields: PersonalFields,
    private readonly uploads: Uploads,
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(DISDUKCAPIL_CHANNEL) private readonly disdukcapil: DisdukcapilChannel,
  ) {}

  @Post('letters')
  @Upload()
  @ApiOperation({
    summary: 'Upload a scanned letter or evidence file (the body is the file itself)',
    description:
      'Letters as sent, answers and their attachments, consent forms, fingerprint and iris captures: encrypted under the client’s key. Name the answered fileId in the command that uses it.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  async upload(
    @Param('caseId') caseId: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const { state } = await loadStream(this.store, tracingStreamId(caseId), tracingDecider);
    return this.uploads.receive(actor, clientOf(state), request, { caseId });
  }

  @Get('inquiries/:inquiryId')
  @ApiOperation({
    summary: 'One inquiry: channel, candidate, sent on, due, status (no personal data)',
    description:
      'Where POST inquiries points (Location). Its letter, answer and evidence are in the tracing’s view.',
  })
  @Roles(...caseReaderRoles)
  @RequireCaseAccess('read')
  async one(@ValidParams(InquiryParams) params: InquiryPath) {
    const { state } = await loadStream(this.store, tracingStreamId(params.caseId), tracingDecider);
    const inquiry = state.inquiries[params.inquiryId];
    if (!inquiry) {
      throw new NotFoundException(
        `No inquiry ${params.inquiryId} was sent in the tracing of case ${params.caseId}.`,
      );
    }
    return { caseId: params.caseId, inquiryId: params.inquiryId, ...inquiry };
  }

  @Post('inquiries')
  @ApiOperation({
    summary: 'Send an inquiry by letter; its overdue timer starts with it',
    description:
      'To the kelurahan/desa or kecamatan of origin (named by its Kemendagri code), Disdukcapil, the police, another Dinsos office or another agency. Sent today in the owning office’s calendar; due after periodDays calendar days (at most, and by default, the standard’s inquiry period), at the end of that day in the office’s time zone. Answers 201 with the inquiryId (and Location).',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command({ created: true })
  send(
    @Param('caseId') caseId: string,
    @ValidBody(SendInquiryBody) body: SendInquiryBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply<InquirySentResult>> {
    // Made once per request: a conflict decides again with the same id, and a retry with the
    // same Idempotency-Key answers the stored result, id included.
    const inquiryId = randomUUID();
    const officeCode = ownership.owningOfficeCode;
    return this.act<InquirySentResult>(context, caseId, ownership, {
      prepare: async (state) => {
        const clientId = clientOf(state);
        const periodDays = body.periodDays ?? state.inquiryPeriodDays ?? 0;
        const due = this.standards.dueDate(
          officeCode,
          { amount: periodDays, unit: 'calendarDays' },
          this.clock.now(),
        );
        const letter = await this.requireUploads([body.letter], clientId);
        return {
          type: 'SendInquiry',
          inquiryId,
          periodDays,
          channel: body.channel,
          addressee: body.addressee,
          letterNumber: body.letterNumber,
          letter: await this.fields.encryptFile(clientId, letter[0]),
          ...(body.candidateId !== undefined ? { candidateId: body.candidateId } : {}),
          sentOn: due.startDate,
          dueDate: due.dueDate,
          dueAt: due.dueAt,
        };
      },
      alongside: async (transaction, command, state) => {
        if (command.type !== 'SendInquiry') return;
        await scheduleTimer(
          transaction,
          inquiryOverdueTimer({
            caseId,
            officeCode,
            data: {
              inquiryId,
              dueAt: command.dueAt,
              serviceStandard: state.serviceStandard!,
            },
            correlationId: context.correlationId,
            // InquirySent is the command's first event: its id derives from the key (the kit's).
            causationId: commandEventId(
              {
                service: this.service,
                officeCode: context.actor.officeCode,
                actorId: context.actor.id,
                key: context.idempotencyKey,
              },
              0,
            ),
          }),
        );
      },
      answer: (result) => ({ ...result, inquiryId }),
      location: `/tracings/${encodeURIComponent(caseId)}/inquiries/${inquiryId}`,
    });
  }

  @Post('inquiries/:inquiryId/answer')
  @ApiOperation({
    summary: 'Record the answer to an inquiry, with its evidence',
    description:
      'One answer per inquiry; an answer after the due time is recorded as late. The answer text and the evidence files are encrypted under the client’s key.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  answer(
    @ValidParams(InquiryParams) params: InquiryPath,
    @ValidBody(AnswerInquiryBody) body: AnswerInquiryBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, params.caseId, ownership, {
      prepare: async (state) => {
        const clientId = clientOf(state);
        const evidence = await this.requireUploads(body.evidence, clientId);
        return {
          type: 'RecordAnswer',
          inquiryId: params.inquiryId,
          answeredOn: body.answeredOn,
          answer: await this.fields.encrypt(clientId, body.answer),
          evidence: await Promise.all(
            evidence.map((file) => this.fields.encryptFile(clientId, file)),
          ),
        };
      },
      alongside: cancelOverdue(params.inquiryId),
    });
  }

  @Post('biometrics')
  @ApiOperation({
    summary: 'Record the fingerprints and iris captured for the Disdukcapil check (seed 004)',
    description:
      'Each capture is uploaded first (POST letters); the event holds encrypted references and hashes, never images.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  biometrics(
    @Param('caseId') caseId: string,
    @ValidBody(RecordBiometricsBody) body: RecordBiometricsBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, {
      prepare: async (state) => {
        const clientId = clientOf(state);
        const files = await this.requireUploads(
          body.captures.map((capture) => capture.file),
          clientId,
        );
        return {
          type: 'RecordBiometrics',
          captures: await Promise.all(
            body.captures.map(async (capture, index) => ({
              modality: capture.modality,
              ...(capture.position !== undefined ? { position: capture.position } : {}),
              file: await this.fields.encryptFile(clientId, files[index]),
              capturedAt: capture.capturedAt,
            })),
          ),
        };
      },
    });
  }

  @Post('inquiries/:inquiryId/identity-verification')
  @ApiOperation({
    summary: 'Record Disdukcapil’s answer to the fingerprint/iris check, as the officer enters it',
    description:
      'Answers the inquiry sent to Disdukcapil. No Disdukcapil system is called from here: the officer enters the answer that came back by letter or phone, and it is recorded as evidence (NIK, KK number and who answered encrypted under the client’s key).',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  identityVerification(
    @ValidParams(InquiryParams) params: InquiryPath,
    @ValidBody(IdentityVerificationBody) body: IdentityVerificationBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, params.caseId, ownership, {
      prepare: async (state) => {
        const clientId = clientOf(state);
        const answer = await this.disdukcapil.answerTo({
          caseId: params.caseId,
          inquiryId: params.inquiryId,
          enteredByOfficer: body,
        });
        return {
          type: 'RecordIdentityVerification',
          inquiryId: params.inquiryId,
          nikFound: answer.nikFound,
          ...(answer.nik !== undefined
            ? { nik: await this.fields.encrypt(clientId, answer.nik) }
            : {}),
          ...(answer.familyCardNumber !== undefined
            ? { familyCardNumber: await this.fields.encrypt(clientId, answer.familyCardNumber) }
            : {}),
          matchLevel: answer.matchLevel,
          // The contract's field is text: who answered, kept as JSON ({name, position}).
          answeredBy: await this.fields.encrypt(clientId, JSON.stringify(answer.answeredBy)),
          answeredAt: answer.answeredAt,
        };
      },
      alongside: cancelOverdue(params.inquiryId),
    });
  }

  @Post('consent')
  @ApiOperation({
    summary: 'Record consent to trace the family, where the standard asks for it',
    description: 'Before any inquiry goes out under a standard that asks consent.',
  })
  @Roles('tracing-officer', 'supervisor')
  @RequireCaseAccess('act')
  @Command()
  consent(
    @Param('caseId') caseId: string,
    @ValidBody(RecordConsentBody) body: RecordConsentBody,
    @CommandContext() context: CommandContext,
    @CurrentCaseOwnership() ownership: CaseOwnership,
  ): Promise<CommandReply> {
    return this.act(context, caseId, ownership, {
      prepare: async (state) => {
        const clientId = clientOf(state);
        const [scan] = await this.requireUploads(body.scan ? [body.scan] : [], clientId);
        return {
          type: 'RecordConsent',
          givenBy: body.givenBy,
          ...(scan ? { scan: await this.fields.encryptFile(clientId, scan) } : {}),
        };
      },
    });
  }

  /** The uploads named, in order, each a file of the client's. */
  private async requireUploads(fileIds: readonly string[], clientId: string) {
    const uploads = await this.uploads.require(fileIds, {
      subjectId: clientId,
      missing: (fileId) =>
        `No file ${fileId} was uploaded for this client: upload it first (POST /tracings/{caseId}/letters) and send the fileId it answered.`,
    });
    return fileIds.map((fileId) => fileReferenceOf(uploads.get(fileId)!));
  }

  /**
   * One command on the case's tracing, prepared (encrypted) from the state it decides on. What
   * goes `alongside` runs in the append's transaction, and only when the decider records events:
   * a refused command (or one with nothing to record) schedules or cancels nothing.
   */
  private act<R extends CommandResult = CommandResult>(
    context: CommandContext,
    caseId: string,
    ownership: CaseOwnership,
    options: {
      prepare: (state: TracingState) => Promise<TracingCommand>;
      alongside?: Alongside;
      answer?: (result: CommandResult) => R;
      location?: string;
    },
  ): Promise<CommandReply<R>> {
    const streamId = tracingStreamId(caseId);
    return this.commands.run<{ tracing: StreamToRead<TracingState> }, R, TracingCommand>(context, {
      reads: { tracing: { streamId, decider: tracingDecider } },
      prepare: (states) => options.prepare(states.tracing.state),
      decide: async (states, transaction, command) => {
        const tracing = states.tracing;
        if (options.alongside) {
          // The executor decides again right after this; deciding here first (pure) means a
          // refusal is thrown before anything is written beside the append.
          const decided = tracingDecider.decide(command, tracing.state);
          if (decided.length > 0) await options.alongside(transaction, command, tracing.state);
        }
        return {
          writes: [
            {
              decider: tracingDecider,
              streamId,
              command,
              current: tracing,
              officeCode: ownership.owningOfficeCode,
              caseId,
              serviceStandard: tracing.state.serviceStandard,
            },
          ],
          ...(options.answer ? { answer: options.answer } : {}),
          ...(options.location ? { location: options.location } : {}),
        };
      },
    });
  }
}

/** An answer came in: the inquiry's overdue timer has nothing left to do. */
function cancelOverdue(inquiryId: string): Alongside {
  return async (transaction) => {
    await cancelTimer(transaction, inquiryOverdueTimerId(inquiryId));
  };
}

/**
 * The client of a started tracing. The case may be known to the ownership table moments before
 * its tracing starts (or the other way round): say so in words.
 */
function clientOf(state: TracingState): string {
  if (state.status === 'notStarted' || !state.clientId) {
    throw new DomainRuleViolation(
      'tracing-not-started',
      "The tracing of this family has not started here yet: it starts on a recommendation to trace the family, or where the case's service standard puts the tracing step. If it was recommended moments ago, try again shortly.",
    );
  }
  return state.clientId;
}
