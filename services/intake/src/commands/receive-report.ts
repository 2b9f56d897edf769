import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { mayActForOffice, officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import { latestSchemaVersion } from '@dinsos/contracts';
import {
  WrongExpectedVersion,
  isRetryable,
  type AppendResult,
  type NewEvent,
  type PostgresEventStore,
} from '@dinsos/event-store';
import { PersonalDataVault } from '@dinsos/personal-data';
import {
  DATABASE_POOL,
  DomainRuleViolation,
  EVENT_STORE,
  IdempotencyStore,
  ServiceMetrics,
  commandEventId,
  loadStream,
  type CommandContext,
  type CommandOutcome,
  type CommandResult,
  type IdempotencyScope,
  type StreamState,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Pool, PoolClient } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { checkedAgainstCatalogue, type CataloguedEvent } from '../domain/catalogued-events';
import {
  clientDecider,
  clientStreamId,
  type ClientIdentity,
  type ClientState,
} from '../domain/client';
import {
  formatCaseNumber,
  initialIntakeCaseState,
  intakeCaseDecider,
  intakeCaseStreamId,
  type ReceiveReport,
  type ReportDetails,
} from '../domain/intake-case';
import type { ReceiveReportBody } from '../http/request-schemas';
import { intakeServiceName } from '../intake-config';
import { CLOCK, STANDARDS, type Clock } from '../intake-tokens';
import { nextNumber } from '../persistence/numbers';
import { findUploads, uploadingOfficesOf, type UploadRecord } from '../persistence/uploads';
import { Sealing, compact, fileReferenceOf } from './sealing';

/** Ids this handler derives, so a retried request names the same people. */
const idNamespace = '5b0e7d4c-2f61-4c8e-9d3a-8a1f6c2b9e47';

export function derivedId(scope: IdempotencyScope, what: string): string {
  return uuidv5(
    ['intake', scope.service, scope.officeCode, scope.actorId, scope.key, what].join('\n'),
    idNamespace,
  );
}

/** The answer to a received report: the command result, and the case and client it made. */
export interface ReportReceivedResult extends CommandResult {
  caseId: string;
  caseNumber: string;
  clientId: string;
}

const maxAttempts = 5;

/**
 * Receives a report or referral: the one intake command that writes two streams — the new case
 * (`intakeCase-<caseNumber>`, ReportReceived) and the client (`client-<clientId>`,
 * ClientRegistered) — and takes the office's next case number, all in one transaction with the
 * idempotency record: a failure stores nothing and uses no number. Personal data is sealed per
 * person before the transaction opens.
 */
@Injectable()
export class ReceiveReportHandler {
  private readonly cases;
  private readonly clients;
  private readonly sealing: Sealing;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: ServiceMetrics,
    @Inject(STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
    vault: PersonalDataVault,
  ) {
    this.cases = checkedAgainstCatalogue(intakeCaseDecider(standards));
    this.clients = checkedAgainstCatalogue(clientDecider(standards));
    this.sealing = new Sealing(vault);
  }

  async execute(context: CommandContext, body: ReceiveReportBody): Promise<CommandOutcome> {
    const actor = context.actor as AuthenticatedActor;
    const officeCode = body.officeCode ?? actor.officeCode;
    if (!this.standards.offices.has(officeCode)) {
      throw new DomainRuleViolation(
        'unknown-office',
        `There is no office ${officeCode} in this system.`,
      );
    }
    if (!mayActForOffice(actor, officeCode)) {
      throw new ForbiddenException(`Your office may not take in cases for office ${officeCode}.`);
    }
    const scope: IdempotencyScope = {
      service: intakeServiceName,
      officeCode: actor.officeCode,
      actorId: actor.id,
      key: context.idempotencyKey,
    };

    const referral = body.referredFromCaseId
      ? await this.referral(body.referredFromCaseId)
      : undefined;
    const files = await this.files(body);
    const clientId = await this.clientIdOf(
      body,
      scope,
      actor,
      files,
      referral?.referringCase.clientId,
    );
    for (const upload of files.values()) {
      if (upload.subjectId !== clientId) {
        throw new DomainRuleViolation(
          'file-of-another-person',
          `File ${upload.fileId} was uploaded for another person: upload the client's files with the clientId of this report.`,
        );
      }
    }
    const returning = Boolean(body.returningClientId || referral?.referringCase.clientId);
    const report = await this.sealReport(body, scope, clientId, files);
    const identity: ClientIdentity | undefined = body.client
      ? await this.sealing.identity(clientId, body.client, files)
      : returning
        ? undefined
        : { sex: 'unknown', identityDocuments: [] };

    const receivedAt = this.clock.now().toISOString();
    const year = this.standards.offices.caseNumberYear(officeCode, receivedAt);

    for (let attempt = 1; ; attempt += 1) {
      try {
        // Read before the transaction: inside it, only its own connection is used, so waiting
        // for the office's counter never holds a second connection of the pool.
        const client = await loadStream(this.store, clientStreamId(clientId), this.clients);
        const outcome = await this.idempotency.run(scope, context.requestHash, (transaction) =>
          this.receive(transaction, client, {
            context,
            scope,
            officeCode,
            year,
            receivedAt,
            clientId,
            returning,
            report,
            identity,
            standardCode: body.standardCode,
            referral,
            category: body.clientCategory,
          }),
        );
        if (!outcome.replayed) {
          // One ReportReceived on the case stream; the rest are the client's.
          const clientEvents = outcome.response.result.eventIds.length - 1;
          this.metrics.recordAppended('intakeCase', 1, 'command');
          if (clientEvents > 0) this.metrics.recordAppended('client', clientEvents, 'command');
        }
        return {
          result: outcome.response.result,
          replayed: outcome.replayed,
          location: outcome.response.location,
        };
      } catch (error) {
        const conflict = error instanceof WrongExpectedVersion || isRetryable(error);
        if (conflict && attempt < maxAttempts) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
          continue;
        }
        throw error;
      }
    }
  }

  private async receive(
    transaction: PoolClient,
    client: StreamState<ClientState>,
    input: {
      context: CommandContext;
      scope: IdempotencyScope;
      officeCode: string;
      year: number;
      receivedAt: string;
      clientId: string;
      returning: boolean;
      report: ReportDetails;
      identity?: ClientIdentity;
      standardCode?: string;
      referral?: ReceiveReport['referral'];
      category: ReceiveReportBody['clientCategory'];
    },
  ): Promise<{ result: ReportReceivedResult; location: string }> {
    const sequence = await nextNumber(transaction, 'case', input.officeCode, input.year);
    const caseNumber = formatCaseNumber(input.officeCode, input.year, sequence);
    const caseEvents = this.cases.decide(
      {
        type: 'ReceiveReport',
        caseNumber,
        officeCode: input.officeCode,
        receivedAt: input.receivedAt,
        clientId: input.clientId,
        returningClient: input.returning,
        report: input.report,
        ...(input.standardCode ? { standardCode: input.standardCode } : {}),
        ...(input.referral ? { referral: input.referral } : {}),
      },
      initialIntakeCaseState(),
    );
    const clientEvents = this.clients.decide(
      {
        type: 'RegisterClient',
        clientId: input.clientId,
        category: input.category,
        returning: input.returning,
        ...(input.identity ? { identity: input.identity } : {}),
      },
      client.state,
    );
    if (input.referral) await this.recordReceipt(transaction, input.referral.caseId, caseNumber);

    const pin = (caseEvents[0].payload as { serviceStandard: { code: string; version: number } })
      .serviceStandard;
    const toNew = (
      events: ReadonlyArray<Pick<CataloguedEvent, 'type' | 'subjectIds'> & { payload: object }>,
      offset: number,
    ): NewEvent<object>[] =>
      events.map((event, index) => ({
        eventId: commandEventId(input.scope, offset + index),
        type: event.type,
        schemaVersion: latestSchemaVersion(event.type),
        caseId: caseNumber,
        subjectIds: event.subjectIds,
        officeCode: input.officeCode,
        occurredAt: input.receivedAt,
        actor: {
          id: input.context.actor.id,
          role: input.context.actor.role,
          officeCode: input.context.actor.officeCode,
        },
        correlationId: input.context.correlationId,
        causationId: null,
        serviceStandard: pin,
        payload: event.payload,
      }));
    const caseStream = intakeCaseStreamId(caseNumber);
    const appended = await this.store.appendToStream(caseStream, toNew(caseEvents, 0), {
      expectedRevision: 'noStream',
      transaction,
    });
    let last: AppendResult = appended;
    const eventIds = appended.events.map((event) => event.eventId);
    if (clientEvents.length) {
      last = await this.store.appendToStream(
        clientStreamId(input.clientId),
        toNew(clientEvents, caseEvents.length),
        { expectedRevision: client.revision < 0 ? 'noStream' : client.revision, transaction },
      );
      eventIds.push(...last.events.map((event) => event.eventId));
    }
    return {
      result: {
        streamId: caseStream,
        revision: appended.nextExpectedRevision,
        position: last.position.toString(),
        eventIds,
        caseId: caseNumber,
        caseNumber,
        clientId: input.clientId,
      },
      location: `/cases/${caseNumber}`,
    };
  }

  private async referral(caseId: string): Promise<NonNullable<ReceiveReport['referral']>> {
    const referring = await loadStream(this.store, intakeCaseStreamId(caseId), this.cases);
    const { rows } = await this.pool.query<{ case_id: string }>(
      'select case_id from intake.referral_receipts where referring_case_id = $1',
      [caseId],
    );
    return {
      caseId,
      referringCase: referring.state,
      ...(rows[0] ? { alreadyReceivedAs: rows[0].case_id } : {}),
    };
  }

  private async recordReceipt(transaction: PoolClient, referringCaseId: string, caseId: string) {
    await transaction.query('savepoint referral_receipt');
    try {
      await transaction.query(
        'insert into intake.referral_receipts (referring_case_id, case_id) values ($1, $2)',
        [referringCaseId, caseId],
      );
      await transaction.query('release savepoint referral_receipt');
    } catch (error) {
      await transaction.query('rollback to savepoint referral_receipt');
      if ((error as { code?: string }).code === '23505') {
        throw new DomainRuleViolation(
          'referral-already-received',
          `The referral of case ${referringCaseId} was already received.`,
        );
      }
      throw error;
    }
  }

  /** The uploads a report names, each of which must exist. */
  private async files(body: ReceiveReportBody): Promise<Map<string, UploadRecord>> {
    const fileIds = [
      body.letter?.scanFileId,
      ...(body.client?.identityDocuments ?? []).map((document) => document.scanFileId),
    ].filter((id): id is string => typeof id === 'string');
    const found = await findUploads(this.pool, [...new Set(fileIds)]);
    const byId = new Map(found.map((upload) => [upload.fileId, upload]));
    const missing = fileIds.filter((id) => !byId.has(id));
    if (missing.length) {
      throw new DomainRuleViolation(
        'file-not-found',
        `No upload ${missing[0]} was received: upload the file first and send the fileId it answered.`,
      );
    }
    return byId;
  }

  /**
   * Whose report it is: a referred or returning client keeps their id; a new client takes the
   * id an upload answered (named, or implied by the uploaded files), else a new one.
   */
  private async clientIdOf(
    body: ReceiveReportBody,
    scope: IdempotencyScope,
    actor: AuthenticatedActor,
    files: Map<string, UploadRecord>,
    referredClientId: string | undefined,
  ): Promise<string> {
    if (referredClientId) return body.returningClientId ?? referredClientId;
    if (body.returningClientId) {
      // Only a client registered in an office the actor covers: another office's client is
      // not to be seen (the duplicate check shows it by office and score only).
      const registered = await this.store.readStream(clientStreamId(body.returningClientId));
      if (!registered.some((event) => officeCovers(actor.officeCode, event.officeCode))) {
        throw new DomainRuleViolation(
          'client-not-found',
          'There is no such client to take in again: register the client as new.',
        );
      }
      return body.returningClientId;
    }
    const subjects = [...new Set([...files.values()].map((upload) => upload.subjectId))];
    const named = body.clientId ?? (subjects.length === 1 ? subjects[0] : undefined);
    if (!named) return derivedId(scope, 'client');
    const offices = await uploadingOfficesOf(this.pool, named);
    if (!offices.some((office) => officeCovers(actor.officeCode, office))) {
      throw new DomainRuleViolation(
        'unknown-client-id',
        `No upload of your office answered the clientId ${named}.`,
      );
    }
    return named;
  }

  private async sealReport(
    body: ReceiveReportBody,
    scope: IdempotencyScope,
    clientId: string,
    files: Map<string, UploadRecord>,
  ): Promise<ReportDetails> {
    const scan = body.letter?.scanFileId ? files.get(body.letter.scanFileId) : undefined;
    const escorts = [];
    for (const [index, escort] of body.escorts.entries()) {
      escorts.push(await this.sealing.person(derivedId(scope, `escort-${index}`), escort));
    }
    return compact({
      clientCategory: body.clientCategory,
      foundAt: await this.sealing.optional(
        clientId,
        body.foundAt ? compact(body.foundAt) : undefined,
      ),
      foundOn: body.foundOn,
      reporter: body.reporter
        ? await this.sealing.person(derivedId(scope, 'reporter'), body.reporter)
        : undefined,
      source: compact(body.source),
      letter: body.letter
        ? compact({
            number: body.letter.number,
            date: body.letter.date,
            issuer: body.letter.issuer,
            reason: body.letter.reason,
            scan: scan ? await this.sealing.value(clientId, fileReferenceOf(scan)) : undefined,
          })
        : undefined,
      escorts,
      circumstances: await this.sealing.optional(clientId, body.circumstances),
    }) as ReportDetails;
  }
}
