import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedActor } from '@dinsos/auth';
import {
  documentInputOf,
  documentIssuingEvents,
  ErasedDocumentFactError,
  type DocumentDirectory,
} from '@dinsos/documents';
import type { PostgresEventStore } from '@dinsos/event-store';
import type { DataAccess } from '@dinsos/personal-data';
import {
  CLOCK,
  CommandExecutor,
  DocumentIssuer,
  DomainRuleViolation,
  EVENT_STORE,
  FollowedEvents,
  PersonalFields,
  Uploads,
  loadStream,
  SERVICE_STANDARDS,
  type CommandContext,
  type CommandReply,
  type IdempotencyScope,
  type Clock,
  documentDirectory,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { checkedAgainstCatalogue } from '@dinsos/platform/domain';
import { clientDecider, clientStreamId, type RecordBiometrics } from '../client/client.decider';
import {
  intakeCaseDecider,
  intakeCaseStreamId,
  type HandOverToShelter,
  type IntakeCaseCommand,
  type IntakeCaseState,
  type ReferCase,
} from './intake-case.decider';
import { factToRecord, intakeDocumentFacts } from '../documents/intake-documents';
import type {
  BiometricsBody,
  CheckRequirementsBody,
  HandOverBody,
  ReferBody,
  TransferBody,
} from './intake-case.requests';
import type { DuplicateDecisionBody } from '../duplicate-check/duplicate-check.requests';
import { intakeServiceName } from '../intake-config';
import { DuplicateCheck } from '../duplicate-check/duplicate-check';
import { requireCaseAccess } from './case-access';
import { derivedId } from './receive-report';

/** Stands in for a document in a dry run of the decider, before a real one is rendered. */
const notYetIssued = {
  number: '-',
  templateCode: '-',
  templateVersion: 1,
  sha256: '0'.repeat(64),
};

/** Stands in for a personal value in a dry run of the decider, before it is encrypted. */
const notYetSealed = { keyId: 'not-yet-sealed', iv: 'AA==', ct: 'AA==', tag: 'AA==' };

/**
 * Intake's commands on an existing case: load the case (office scope from its own stream),
 * prepare what the decider needs (encrypted personal values, issued documents, facts from other
 * streams), and hand over to the platform's CommandExecutor (idempotency, expected revision,
 * retries). The rules are the deciders'.
 */
@Injectable()
export class CaseCommands {
  private readonly cases;
  private readonly clients;
  private readonly directory: DocumentDirectory;

  constructor(
    private readonly commands: CommandExecutor,
    private readonly duplicates: DuplicateCheck,
    private readonly fields: PersonalFields,
    private readonly uploads: Uploads,
    private readonly documents: DocumentIssuer,
    private readonly followed: FollowedEvents,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cases = checkedAgainstCatalogue(intakeCaseDecider(standards));
    this.clients = checkedAgainstCatalogue(clientDecider(standards));
    this.directory = documentDirectory(standards);
  }

  /** The case as its stream has it, after the office-scope check. */
  async caseFor(actor: AuthenticatedActor, caseId: string, needed: 'act' | 'read') {
    const current = await loadStream(this.store, intakeCaseStreamId(caseId), this.cases);
    const access = requireCaseAccess(actor, caseId, current.state, needed);
    return { ...current, access };
  }

  /**
   * A command on the case stream. The office scope is decided again on the state the command
   * decides on: a transfer committed after caseFor() read the case is not missed.
   */
  private caseTarget(context: CommandContext, caseId: string, state: IntakeCaseState) {
    return {
      decider: this.cases,
      streamId: intakeCaseStreamId(caseId),
      officeCode: state.owningOfficeCode!,
      caseId,
      ...(state.standard ? { serviceStandard: state.standard } : {}),
      authorize: (current: IntakeCaseState) =>
        requireCaseAccess(context.actor as AuthenticatedActor, caseId, current, 'act'),
    };
  }

  /**
   * A command on the case's client stream, asked for on the case: the case is read too, so the
   * office scope and If-Match (the case's ETag) are decided on the case as it is when the
   * command commits, and the client stream is appended to at the revision it was read.
   */
  private onClientStream<C>(
    context: CommandContext,
    caseId: string,
    state: IntakeCaseState,
    command: (caseState: IntakeCaseState) => C,
  ) {
    return this.commands.run(context, {
      reads: {
        case: { streamId: intakeCaseStreamId(caseId), decider: this.cases },
        client: { streamId: clientStreamId(state.clientId!), decider: this.clients },
      },
      ifMatch: 'case',
      authorize: (states) =>
        requireCaseAccess(context.actor as AuthenticatedActor, caseId, states.case.state, 'act'),
      decide: (states) => ({
        writes: [
          {
            decider: this.clients,
            streamId: clientStreamId(state.clientId!),
            command: command(states.case.state),
            current: states.client,
            officeCode: states.case.state.owningOfficeCode!,
            caseId,
            ...(states.case.state.standard ? { serviceStandard: states.case.state.standard } : {}),
          },
        ],
      }),
    });
  }

  /**
   * Issues the document the command's event records, rendered by documentInputOf (the rules an
   * auditor regenerates it with) from the case's facts in the store and that event as the store
   * will give it back decrypted: the command is decided on the state (its document not issued
   * yet, which the document does not state) and the event's payload decrypted again.
   */
  private async issueDocument(
    actor: AuthenticatedActor,
    caseId: string,
    state: IntakeCaseState,
    command: IntakeCaseCommand,
    document: { purpose: string; issuedAt: string },
  ) {
    const event = this.cases.decide(command, state).find((e) => documentIssuingEvents[e.type]);
    if (!event) throw new Error(`${command.type} records no document`);
    const kind = documentIssuingEvents[event.type];
    const owning = state.owningOfficeCode!;
    const access: DataAccess = { actor, purpose: 'documentIssuing' };
    const facts = await intakeDocumentFacts(
      this.store,
      this.fields,
      access,
      caseId,
      state.clientId!,
    );
    const issuing = await factToRecord(this.fields, access, event, {
      officeCode: owning,
      occurredAt: document.issuedAt,
      ...(state.standard ? { serviceStandard: state.standard } : {}),
    });
    try {
      return await this.documents.issue({
        template: kind.template,
        series: kind.series,
        caseId,
        purpose: document.purpose,
        officeCode: owning,
        year: this.standards.offices.caseNumberYear(owning, document.issuedAt),
        subjectId: state.clientId!,
        input: (number) => documentInputOf(facts, issuing, this.directory, number).input,
      });
    } catch (error) {
      if (error instanceof ErasedDocumentFactError) {
        throw new DomainRuleViolation(
          'document-facts-erased',
          'The document cannot be issued: personal data it must state was erased.',
        );
      }
      throw error;
    }
  }

  private scopeOf(context: CommandContext): IdempotencyScope {
    return {
      service: intakeServiceName,
      officeCode: context.actor.officeCode,
      actorId: context.actor.id,
      key: context.idempotencyKey,
    };
  }

  async checkRequirements(
    context: CommandContext,
    caseId: string,
    body: CheckRequirementsBody,
  ): Promise<CommandReply> {
    const { state } = await this.caseFor(context.actor as AuthenticatedActor, caseId, 'act');
    return this.commands.execute(context, {
      ...this.caseTarget(context, caseId, state),
      command: { type: 'CheckRequirements', results: body.requirements },
    });
  }

  /**
   * Seed 004 step 3: the BAST is numbered, rendered from the case as recorded (decrypted for
   * document issuing), kept in the file store under the client's key, and recorded with the
   * handover; the case opens with the shelter as custodian.
   */
  async handOverToShelter(
    context: CommandContext,
    caseId: string,
    body: HandOverBody,
  ): Promise<CommandReply> {
    const actor = context.actor as AuthenticatedActor;
    const { state } = await this.caseFor(actor, caseId, 'act');
    const handedOverAt = this.clock.now().toISOString();
    const place = body.place ?? body.shelter.name;
    const draft: HandOverToShelter = {
      type: 'HandOverToShelter',
      shelter: body.shelter,
      handedOverByPersonId: body.handedOverByPersonId,
      handedOverAt,
      place,
      bast: notYetIssued,
    };
    // The rules first (cheap, pure): no document is numbered or rendered for a refused handover.
    this.cases.decide(draft, state);

    const scope = this.scopeOf(context);
    const handover: HandOverToShelter = {
      ...draft,
      receivedBy: await this.fields.encryptPerson(derivedId(scope, 'received-by'), {
        ...body.receivedBy,
        organisation: body.shelter.name,
      }),
      // One text, an item a line: the request refuses items with a line break.
      ...(body.belongings.length
        ? { belongings: await this.fields.encrypt(state.clientId!, body.belongings.join('\n')) }
        : {}),
    };
    const bast = await this.issueDocument(actor, caseId, state, handover, {
      purpose: 'shelter-handover',
      issuedAt: handedOverAt,
    });
    return this.commands.execute(context, {
      ...this.caseTarget(context, caseId, state),
      command: { ...handover, bast: bast.issued, document: bast.file },
      location: `/cases/${caseId}/documents/bast`,
    });
  }

  async transfer(context: CommandContext, caseId: string, body: TransferBody) {
    const { state } = await this.caseFor(context.actor as AuthenticatedActor, caseId, 'act');
    return this.commands.execute(context, {
      ...this.caseTarget(context, caseId, state),
      command: { type: 'TransferCase', toOfficeCode: body.toOfficeCode, reason: body.reason },
    });
  }

  /**
   * A referral to another office's service: the referral letter (surat rujukan) is numbered,
   * rendered and kept like the BAST; the receiving office then opens its own case with
   * `referredFromCaseId`.
   */
  async refer(context: CommandContext, caseId: string, body: ReferBody) {
    const actor = context.actor as AuthenticatedActor;
    const { state } = await this.caseFor(actor, caseId, 'act');
    const referredAt = this.clock.now().toISOString();
    const signatoryId = derivedId(this.scopeOf(context), 'signatory');
    const draft: ReferCase = {
      type: 'ReferCase',
      toOfficeCode: body.toOfficeCode,
      reason: body.reason,
      referredAt,
      signatory: { personId: signatoryId, name: notYetSealed, position: body.signatory.position },
      letter: notYetIssued,
      ...(body.note ? { note: body.note } : {}),
    };
    this.cases.decide(draft, state);

    const referral: ReferCase = {
      ...draft,
      signatory: {
        personId: signatoryId,
        name: await this.fields.encrypt(signatoryId, body.signatory.name),
        position: body.signatory.position,
        ...(body.signatory.nip
          ? { nip: await this.fields.encrypt(signatoryId, body.signatory.nip) }
          : {}),
      },
    };
    const letter = await this.issueDocument(actor, caseId, state, referral, {
      purpose: `referral-to-${body.toOfficeCode}`,
      issuedAt: referredAt,
    });
    return this.commands.execute(context, {
      ...this.caseTarget(context, caseId, state),
      command: { ...referral, letter: letter.issued, letterFile: letter.file },
      location: `/cases/${caseId}/documents/referral-letters/${body.toOfficeCode}`,
    });
  }

  /** Fingerprints, iris or photo of the case's client, uploaded first under the client's key. */
  async recordBiometrics(context: CommandContext, caseId: string, body: BiometricsBody) {
    const { state } = await this.caseFor(context.actor as AuthenticatedActor, caseId, 'act');
    const uploads = await this.uploads.require(
      body.captures.map((capture) => capture.fileId),
      {
        subjectId: state.clientId!,
        missing: (fileId) =>
          `No upload ${fileId} was received for the client of this case: upload it to /cases/${caseId}/uploads first.`,
      },
    );
    const captures: RecordBiometrics['captures'] = [];
    for (const capture of body.captures) {
      captures.push({
        modality: capture.modality,
        ...(capture.position ? { position: capture.position } : {}),
        file: await this.fields.encryptFile(state.clientId!, uploads.get(capture.fileId)!),
        capturedAt: capture.capturedAt,
      });
    }
    const otherServicesEvents = await this.followed.typesOfCase(caseId);
    return this.onClientStream(context, caseId, state, (intakeCase) => ({
      type: 'RecordBiometrics',
      clientId: state.clientId!,
      captures,
      intakeCase,
      otherServicesEvents,
    }));
  }

  /** The officer's decision on a candidate the duplicate check showed them in full. */
  async decideDuplicate(context: CommandContext, caseId: string, body: DuplicateDecisionBody) {
    const actor = context.actor as AuthenticatedActor;
    const { state } = await this.caseFor(actor, caseId, 'act');
    const candidate = await this.duplicates.candidateForCase(
      actor,
      caseId,
      state,
      body.candidateClientId,
    );
    return this.onClientStream(context, caseId, state, () => ({
      type: 'DecideDuplicate',
      clientId: state.clientId!,
      candidateClientId: body.candidateClientId,
      decision: body.decision,
      ...(candidate ? { score: candidate.score } : {}),
      ...(body.reason ? { reason: body.reason } : {}),
      candidateRegistered: candidate !== undefined,
    }));
  }
}
