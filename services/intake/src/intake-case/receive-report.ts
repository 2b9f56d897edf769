import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { mayActForOffice, officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import type { PostgresEventStore } from '@dinsos/event-store';
import {
  CLOCK,
  CommandExecutor,
  DATABASE_POOL,
  DomainRuleViolation,
  EVENT_STORE,
  NumberSeries,
  PersonalFields,
  Uploads,
  compact,
  loadStream,
  SERVICE_STANDARDS,
  type CommandContext,
  type CommandDecision,
  type CommandReply,
  type CommandResult,
  type IdempotencyScope,
  type UploadRecord,
  type Clock,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Pool, PoolClient } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { checkedAgainstCatalogue } from '@dinsos/platform/domain';
import { clientDecider, clientStreamId, type ClientIdentity } from '../client/client.decider';
import {
  formatCaseNumber,
  intakeCaseDecider,
  intakeCaseStreamId,
  pinAtIntake,
  type ReceiveReport,
  type ReportDetails,
} from './intake-case.decider';
import type { ReceiveReportBody } from './intake-case.requests';
import { intakeServiceName } from '../intake-config';
import { encryptIdentity } from '../client/encrypt-identity';

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

/**
 * Receives a report or referral: the one intake command that writes two streams — the new case
 * (`intakeCase-<caseNumber>`, ReportReceived) and the client (`client-<clientId>`,
 * ClientRegistered) — and takes the office's next case number, all in one transaction with the
 * idempotency record: a failure stores nothing and uses no number. Personal data is encrypted per
 * person before the transaction opens.
 */
@Injectable()
export class ReceiveReportHandler {
  private readonly cases;
  private readonly clients;

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    private readonly commands: CommandExecutor,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fields: PersonalFields,
    private readonly uploads: Uploads,
    private readonly numbers: NumberSeries,
  ) {
    this.cases = checkedAgainstCatalogue(intakeCaseDecider(standards));
    this.clients = checkedAgainstCatalogue(clientDecider(standards));
  }

  async execute(
    context: CommandContext,
    body: ReceiveReportBody,
  ): Promise<CommandReply<ReportReceivedResult>> {
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
    const report = await this.encryptReport(body, scope, clientId, files);
    const identity: ClientIdentity | undefined = body.client
      ? await encryptIdentity(this.fields, clientId, body.client, files)
      : returning
        ? undefined
        : { sex: 'unknown', identityDocuments: [] };

    const receivedAt = this.clock.now().toISOString();
    const year = this.standards.offices.caseNumberYear(officeCode, receivedAt);
    const serviceStandard = pinAtIntake(this.standards, officeCode, receivedAt, body.standardCode);
    const clientStream = clientStreamId(clientId);

    return this.commands.run(context, {
      reads: { client: { streamId: clientStream, decider: this.clients } },
      decide: async ({ client }, transaction): Promise<CommandDecision<ReportReceivedResult>> => {
        const sequence = await this.numbers.next(transaction, 'case', officeCode, year);
        const caseNumber = formatCaseNumber(officeCode, year, sequence);
        if (referral) await this.recordReceipt(transaction, referral.caseId, caseNumber);
        const envelope = { officeCode, caseId: caseNumber, serviceStandard };
        return {
          writes: [
            {
              ...envelope,
              decider: this.cases,
              streamId: intakeCaseStreamId(caseNumber),
              command: {
                type: 'ReceiveReport',
                caseNumber,
                officeCode,
                receivedAt,
                clientId,
                returningClient: returning,
                report,
                ...(body.standardCode ? { standardCode: body.standardCode } : {}),
                ...(referral ? { referral } : {}),
              } satisfies ReceiveReport,
            },
            {
              ...envelope,
              decider: this.clients,
              streamId: clientStream,
              current: client,
              command: {
                type: 'RegisterClient',
                clientId,
                category: body.clientCategory,
                returning,
                ...(identity ? { identity } : {}),
              },
            },
          ],
          answer: (result) => ({ ...result, caseId: caseNumber, caseNumber, clientId }),
          location: `/cases/${caseNumber}`,
        };
      },
    });
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
    const recorded = await transaction.query(
      `insert into intake.referral_receipts (referring_case_id, case_id) values ($1, $2)
       on conflict (referring_case_id) do nothing`,
      [referringCaseId, caseId],
    );
    if (recorded.rowCount === 0) {
      throw new DomainRuleViolation(
        'referral-already-received',
        `The referral of case ${referringCaseId} was already received.`,
      );
    }
  }

  /** The uploads a report names, each of which must exist. */
  private async files(body: ReceiveReportBody): Promise<Map<string, UploadRecord>> {
    const fileIds = [
      body.letter?.scanFileId,
      ...(body.client?.identityDocuments ?? []).map((document) => document.scanFileId),
    ].filter((id): id is string => typeof id === 'string');
    return this.uploads.require(fileIds);
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
    const offices = await this.uploads.uploadingOfficesOf(named);
    if (!offices.some((office) => officeCovers(actor.officeCode, office))) {
      throw new DomainRuleViolation(
        'unknown-client-id',
        `No upload of your office answered the clientId ${named}.`,
      );
    }
    return named;
  }

  private async encryptReport(
    body: ReceiveReportBody,
    scope: IdempotencyScope,
    clientId: string,
    files: Map<string, UploadRecord>,
  ): Promise<ReportDetails> {
    const scan = body.letter?.scanFileId ? files.get(body.letter.scanFileId) : undefined;
    const escorts = [];
    for (const [index, escort] of body.escorts.entries()) {
      escorts.push(await this.fields.encryptPerson(derivedId(scope, `escort-${index}`), escort));
    }
    return compact({
      clientCategory: body.clientCategory,
      foundAt: await this.fields.encryptOptional(
        clientId,
        body.foundAt ? compact(body.foundAt) : undefined,
      ),
      foundOn: body.foundOn,
      reporter: body.reporter
        ? await this.fields.encryptPerson(derivedId(scope, 'reporter'), body.reporter)
        : undefined,
      source: compact(body.source),
      letter: body.letter
        ? compact({
            number: body.letter.number,
            date: body.letter.date,
            issuer: body.letter.issuer,
            reason: body.letter.reason,
            scan: scan ? await this.fields.encryptFile(clientId, scan) : undefined,
          })
        : undefined,
      escorts,
      circumstances: await this.fields.encryptOptional(clientId, body.circumstances),
    }) as ReportDetails;
  }
}
