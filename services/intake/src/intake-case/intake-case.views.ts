import { GoneException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import type { PostgresEventStore, RecordedEvent } from '@dinsos/event-store';
import { EncryptedFileStore, type FileReference } from '@dinsos/file-store';
import type { DataAccess } from '@dinsos/personal-data';
import { documentIssuingEvents, type DocumentDirectory } from '@dinsos/documents';
import {
  EVENT_STORE,
  FollowedEvents,
  checkIssuedDocuments,
  documentDirectory,
  documentFactsOf,
  foldEvents,
  loadStream,
  toDomainEvent,
  PersonalFields,
  SERVICE_STANDARDS,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import {
  intakeCaseDecider,
  intakeCaseStreamId,
  pinnedStandard,
  progressOf,
  type IntakeCaseEvent,
  type IntakeCaseState,
} from './intake-case.decider';
import { requireCaseAccess } from './case-access';
import { registrationForCase } from '../client/client-registration';
import { intakeDocumentEvents } from '../documents/intake-documents';

/** What an office that handed the case over by a transfer still sees: the history up to it. */
function historyVisibleTo(
  actor: AuthenticatedActor,
  state: IntakeCaseState,
  events: RecordedEvent[],
): { events: RecordedEvent[]; cut: boolean } {
  const owns =
    state.owningOfficeCode !== undefined && officeCovers(actor.officeCode, state.owningOfficeCode);
  if (owns) return { events, cut: false };
  let last = -1;
  events.forEach((event, index) => {
    if (
      event.type === 'CaseTransferred' &&
      officeCovers(actor.officeCode, (event.payload as { fromOfficeCode: string }).fromOfficeCode)
    ) {
      last = index;
    }
  });
  return { events: events.slice(0, last + 1), cut: true };
}

/** Reads of a case for officers: summary, history, client identity, issued documents. */
@Injectable()
export class CaseViews {
  private readonly cases;
  private readonly directory: DocumentDirectory;

  constructor(
    private readonly fields: PersonalFields,
    private readonly files: EncryptedFileStore,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    private readonly followed: FollowedEvents,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
  ) {
    this.cases = intakeCaseDecider(standards);
    this.directory = documentDirectory(standards);
  }

  async load(actor: AuthenticatedActor, caseId: string) {
    const current = await loadStream(this.store, intakeCaseStreamId(caseId), this.cases);
    const access = requireCaseAccess(actor, caseId, current.state, 'read');
    return { ...current, access };
  }

  /**
   * The case as the actor may see it. The owning office (and the province above it) sees all;
   * an office that transferred the case away sees its history up to the transfer, and the
   * current stage.
   */
  async detail(actor: AuthenticatedActor, caseId: string) {
    const { state, revision, access } = await this.load(actor, caseId);
    const all = await this.store.readCase(caseId);
    const { events, cut } = historyVisibleTo(actor, state, all);
    const view = cut
      ? foldEvents(
          this.cases,
          events
            .filter((event) => event.streamId === intakeCaseStreamId(caseId))
            .map((event) => toDomainEvent(event) as IntakeCaseEvent),
        )
      : state;
    const standard = pinnedStandard(this.standards, state);
    const progress = progressOf(standard, state, await this.followed.typesOfCase(caseId));
    const stepText = (code: string) => ({
      code,
      text: standard.steps.find((step) => step.code === code)!.text,
      performedBy: standard.steps.find((step) => step.code === code)!.performedBy,
    });
    return {
      caseId,
      caseNumber: view.caseNumber,
      access,
      historyCutAtTransfer: cut,
      revision,
      status: view.status,
      receivingOfficeCode: view.receivingOfficeCode,
      owningOfficeCode: view.owningOfficeCode,
      serviceStandard: view.standard,
      clientId: view.clientId,
      clientCategory: view.clientCategory,
      ...(view.referredFromCaseId ? { referredFromCaseId: view.referredFromCaseId } : {}),
      source: view.source,
      people: [
        ...(view.reporter ? [{ role: 'reporter', ...withoutEncrypted(view.reporter) }] : []),
        ...view.escorts.map((escort) => ({ role: 'escort', ...withoutEncrypted(escort) })),
      ],
      requirements: view.requirements,
      custodian: view.custodian,
      transfers: view.transfers,
      referrals: view.referrals,
      currentStage: {
        status: state.status,
        completedSteps: progress.completed.map(stepText),
        availableSteps: progress.available.map(stepText),
      },
      history: events.map((event) => ({
        eventId: event.eventId,
        type: event.type,
        streamId: event.streamId,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        officeCode: event.officeCode,
        actor: { role: event.actor.role, officeCode: event.actor.officeCode },
      })),
    };
  }

  /** The client's identity as registered for the case, decrypted for case handling. */
  async client(actor: AuthenticatedActor, caseId: string) {
    const { state } = await this.load(actor, caseId);
    const registration = state.clientId
      ? await registrationForCase(this.store, state.clientId, caseId)
      : undefined;
    if (!registration) throw new NotFoundException('No client was registered for this case.');
    const access: DataAccess = { actor, purpose: 'caseHandling' };
    return {
      clientId: state.clientId,
      registeredInCase: registration.caseId,
      ...(await this.fields.decryptPayload(registration, access)),
    };
  }

  /**
   * The documents the case's intake issued (the BAST, referral letters), each regenerated from
   * the events intake renders them from (the case's stream and the client's registrations) and
   * compared with what its event recorded. The same cut as the detail: an office that
   * transferred the case away gets the documents issued up to its transfer, regenerated from the
   * events up to it.
   */
  async issuedDocuments(actor: AuthenticatedActor, caseId: string) {
    const { state } = await this.load(actor, caseId);
    if (!state.clientId) return { caseId, documents: [] };
    const { events } = historyVisibleTo(
      actor,
      state,
      await intakeDocumentEvents(this.store, caseId, state.clientId),
    );
    if (!events.some((event) => documentIssuingEvents[event.type])) {
      return { caseId, documents: [] };
    }
    const facts = await documentFactsOf(events, this.fields, {
      actor,
      purpose: actor.role === 'auditor' ? 'audit' : 'caseHandling',
    });
    return { caseId, documents: checkIssuedDocuments(events, facts, this.directory) };
  }

  /** An issued document (PDF) of the case from the file store: the BAST, a referral letter. */
  async document(
    actor: AuthenticatedActor,
    caseId: string,
    which: { kind: 'bast' } | { kind: 'referralLetter'; toOfficeCode: string },
  ): Promise<{ bytes: Buffer; number: string; mediaType: string }> {
    const { state } = await this.load(actor, caseId);
    // The same cut as the detail: an office that transferred the case away gets only the
    // documents issued up to its transfer.
    const { events } = historyVisibleTo(actor, state, await this.store.readCase(caseId));
    const event = events.find(
      (candidate) =>
        candidate.streamId === intakeCaseStreamId(caseId) &&
        (which.kind === 'bast'
          ? candidate.type === 'ClientHandedOverToShelter'
          : candidate.type === 'CaseReferredToOffice' &&
            (candidate.payload as { toOfficeCode: string }).toOfficeCode === which.toOfficeCode),
    );
    const payload = event?.payload as
      | {
          document?: unknown;
          letterFile?: unknown;
          bast?: { number: string };
          letter?: { number: string };
        }
      | undefined;
    const encrypted = payload?.document ?? payload?.letterFile;
    if (!event || !encrypted) throw new NotFoundException('This case has no such document.');
    const access: DataAccess = { actor, purpose: 'caseHandling' };
    const reference = await this.fields.decrypt<FileReference>(encrypted, access);
    if (reference.status === 'erased') {
      throw new GoneException("The document was erased with the client's personal data.");
    }
    const file = await this.files.get(reference.value, access);
    if (file.status === 'erased') {
      throw new GoneException("The document was erased with the client's personal data.");
    }
    return {
      bytes: file.bytes,
      number: (payload?.bast ?? payload?.letter)!.number,
      mediaType: reference.value.mediaType ?? 'application/pdf',
    };
  }
}

/** A contact person's clear parts: id and role words; the encrypted fields stay out. */
function withoutEncrypted(person: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(person).filter(([, value]) => typeof value !== 'object' || value === null),
  );
}
