import { Inject, Injectable } from '@nestjs/common';
import { officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import type { PostgresEventStore } from '@dinsos/event-store';
import { DomainRuleViolation, EVENT_STORE, Uploads, type UploadAnswer } from '@dinsos/platform';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { clientStreamId } from './client.decider';

/** What an upload answers: the reference a command then names, and whose key encrypted the file. */
export type ClientUploadAnswer = Omit<UploadAnswer, 'subjectId'> & { clientId: string };

/**
 * A client's files (scans, photos, fingerprints) through the kit's uploads, under the client's
 * key. Before a report there is no client yet: the first upload gives a new client id, which
 * the report then uses.
 */
@Injectable()
export class ClientUploads {
  constructor(
    private readonly uploads: Uploads,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
  ) {}

  /** A file of a client not reported yet: a new client id, or one an earlier upload gave. */
  async forNewClient(
    actor: AuthenticatedActor,
    request: IncomingMessage,
    clientId?: string,
  ): Promise<ClientUploadAnswer> {
    if (clientId) {
      const offices = await this.uploads.uploadingOfficesOf(clientId);
      if (!offices.some((office) => officeCovers(actor.officeCode, office))) {
        throw new DomainRuleViolation(
          'unknown-client-id',
          `No upload of your office answered the clientId ${clientId}.`,
        );
      }
      if ((await this.store.readStream(clientStreamId(clientId), { maxCount: 1 })).length) {
        throw new DomainRuleViolation(
          'client-already-registered',
          "This client is registered: upload the file to the client's case.",
        );
      }
    }
    return answerOf(await this.uploads.receive(actor, clientId ?? randomUUID(), request));
  }

  /** A file of the client of a case (access already checked). */
  async forCaseClient(
    actor: AuthenticatedActor,
    caseId: string,
    clientId: string,
    request: IncomingMessage,
  ): Promise<ClientUploadAnswer> {
    return answerOf(await this.uploads.receive(actor, clientId, request, { caseId }));
  }
}

function answerOf({ subjectId, ...answer }: UploadAnswer): ClientUploadAnswer {
  return { ...answer, clientId: subjectId };
}
