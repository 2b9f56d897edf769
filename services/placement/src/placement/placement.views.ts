import { GoneException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthenticatedActor } from '@dinsos/auth';
import { documentIssuingEvents, type IssuedDocumentRecord } from '@dinsos/documents';
import type { EventStore } from '@dinsos/event-store';
import { EncryptedFileStore } from '@dinsos/file-store';
import {
  CLOCK,
  EVENT_STORE,
  PersonalFields,
  SERVICE_STANDARDS,
  checkIssuedDocuments,
  documentDirectory,
  documentFactsOf,
  loadStream,
  type Clock,
  type FileReference,
} from '@dinsos/platform';
import { addDays, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { clientOf } from './placement-commands';
import {
  custodianAt,
  placementDecider,
  placementStreamId,
  type PlacementState,
} from './placement.decider';

/** The stay's state against its limit: at risk in its last `atRiskDays`, breached after. */
export function stayStateOf(
  state: PlacementState,
  today: string,
): 'onTrack' | 'atRisk' | 'breached' | undefined {
  const stay = state.institution;
  if (stay?.status !== 'admitted' || !stay.limitDate) return undefined;
  if (today > stay.limitDate) return 'breached';
  return addDays(stay.limitDate, -(state.atRiskDays ?? 0)) < today ? 'atRisk' : 'onTrack';
}

/**
 * What placement shows of a case: the placement's state (no personal data: the state holds
 * none), the custody ledger, who held the client at an instant, and the documents it issued,
 * each regenerated from the events and compared with the hash recorded at issue.
 */
@Injectable()
export class PlacementViews {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fields: PersonalFields,
    private readonly files: EncryptedFileStore,
  ) {}

  async placement(caseId: string) {
    const loaded = await loadStream(this.store, placementStreamId(caseId), placementDecider);
    if (loaded.revision < 0) {
      throw new NotFoundException(
        `Placement has not heard of case ${caseId} yet: it opens when intake opens the case (it may not have arrived yet).`,
      );
    }
    const { state } = loaded;
    const now = this.clock.now().toISOString();
    const today = state.officeCode
      ? this.standards.offices.localDate(state.officeCode, now)
      : now.slice(0, 10);
    return {
      loaded,
      view: {
        caseId,
        status: state.status,
        caseNumber: state.caseNumber,
        officeCode: state.officeCode,
        serviceStandard: state.serviceStandard,
        officerId: state.officerId,
        recommendation: state.recommendation,
        tracingOutcome: state.tracingOutcome,
        custodian: state.custody.at(-1)?.custodian,
        custody: state.custody.map((period, index) => ({
          ...period,
          until: state.custody[index + 1]?.since,
        })),
        clock: state.clock,
        returnHome: state.returnHome,
        healthReferrals: state.healthReferrals,
        consents: Object.keys(state.consents),
        institution: state.institution && {
          ...state.institution,
          stay: stayStateOf(state, today),
        },
        lks: state.lks,
        closed: state.closed,
      },
    };
  }

  /** The case's client, whose key encrypts an upload; refused while the placement is not open. */
  async clientOf(caseId: string): Promise<string> {
    const { state } = await loadStream(this.store, placementStreamId(caseId), placementDecider);
    return clientOf(state);
  }

  async custodyAt(caseId: string, at: string) {
    const { loaded } = await this.placement(caseId);
    const period = custodianAt(loaded.state, at);
    return {
      caseId,
      at,
      custodian: period?.custodian ?? null,
      since: period?.since ?? null,
      openedBy: period?.openedBy ?? null,
      responsibleOfficeCode: loaded.state.officeCode ?? null,
    };
  }

  /** The documents the case's placement issued, each regenerated from the events and checked. */
  async documents(actor: AuthenticatedActor, caseId: string) {
    const events = await this.store.readStream(placementStreamId(caseId));
    const issuing = events.filter((event) => documentIssuingEvents[event.type]);
    if (issuing.length === 0) return { caseId, documents: [] };
    const facts = await documentFactsOf(events as never, this.fields, {
      actor,
      purpose: actor.role === 'auditor' ? 'audit' : 'caseHandling',
    });
    return {
      caseId,
      documents: checkIssuedDocuments(issuing, facts, documentDirectory(this.standards)),
    };
  }

  /** The printed copy of a document as issued (PDF), from the file store. */
  async printedCopy(actor: AuthenticatedActor, caseId: string, eventId: string) {
    const events = await this.store.readStream(placementStreamId(caseId));
    const event = events.find((candidate) => candidate.eventId === eventId);
    const kind = event && documentIssuingEvents[event.type];
    if (!event || !kind) throw new NotFoundException('This case has no such document.');
    const payload = event.payload as Record<string, unknown>;
    const encrypted = payload.document ?? payload.letterFile;
    const issued = payload[kind.field] as IssuedDocumentRecord;
    if (!encrypted) throw new NotFoundException('No printed copy of this document was kept.');
    const access = { actor, purpose: 'caseHandling' as const };
    const reference = await this.fields.decrypt<FileReference>(encrypted, access);
    if (reference.status === 'erased') {
      throw new GoneException("The document was erased with the client's personal data.");
    }
    const file = await this.files.get(reference.value, access);
    if (file.status === 'erased') {
      throw new GoneException("The document was erased with the client's personal data.");
    }
    return { bytes: file.bytes, number: issued.number, mediaType: 'application/pdf' };
  }
}
