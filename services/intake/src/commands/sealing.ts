import type { EncryptedField, schemas } from '@dinsos/contracts';
import type { PersonalDataVault } from '@dinsos/personal-data';
import type { z } from 'zod';
import type { ClientIdentity } from '../domain/client';
import type { ClientIdentityBody, PersonBody } from '../http/request-schemas';
import type { UploadRecord } from '../persistence/uploads';

type ContactPerson = z.infer<typeof schemas.ContactPerson>;

/** Leaves out keys whose value is undefined (the store takes plain JSON only). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** What an event holds of a file: reference and plaintext hash, sealed as a personal field. */
export function fileReferenceOf(upload: Pick<UploadRecord, 'fileId' | 'sha256' | 'mediaType'>) {
  return { fileId: upload.fileId, sha256: upload.sha256, mediaType: upload.mediaType };
}

/**
 * Seals request values into the contracts' personal fields, each with the key of the person it
 * is about (the vault creates a key for a new person). Which fields are personal is the
 * contracts' mark: the deciders' output is checked against the catalogue, so a value this
 * misses is refused before it is stored.
 */
export class Sealing {
  constructor(private readonly vault: PersonalDataVault) {}

  value(subjectId: string, value: unknown): Promise<EncryptedField> {
    return this.vault.encryptValue(subjectId, value);
  }

  async optional(subjectId: string, value: unknown): Promise<EncryptedField | undefined> {
    return value === undefined ? undefined : this.vault.encryptValue(subjectId, value);
  }

  async person(personId: string, body: PersonBody): Promise<ContactPerson> {
    return compact({
      personId,
      name: await this.optional(personId, body.name),
      nik: await this.optional(personId, body.nik),
      phone: await this.optional(personId, body.phone),
      address: await this.optional(personId, body.address ? compact(body.address) : undefined),
      relationship: body.relationship,
      organisation: body.organisation,
      position: body.position,
    });
  }

  async identity(
    clientId: string,
    body: ClientIdentityBody,
    files: ReadonlyMap<string, UploadRecord>,
  ): Promise<ClientIdentity> {
    const identityDocuments = [];
    for (const document of body.identityDocuments) {
      const upload = document.scanFileId ? files.get(document.scanFileId) : undefined;
      identityDocuments.push(
        compact({
          kind: document.kind,
          scan: upload ? await this.value(clientId, fileReferenceOf(upload)) : undefined,
        }),
      );
    }
    return compact({
      name: await this.optional(clientId, body.name),
      calledName: await this.optional(clientId, body.calledName),
      nik: await this.optional(clientId, body.nik),
      familyCardNumber: await this.optional(clientId, body.familyCardNumber),
      sex: body.sex,
      dateOfBirth: await this.optional(clientId, body.dateOfBirth),
      estimatedAgeYears: await this.optional(clientId, body.estimatedAgeYears),
      placeOfBirth: await this.optional(clientId, body.placeOfBirth),
      address: await this.optional(clientId, body.address ? compact(body.address) : undefined),
      identityDocuments,
      physicalDescription: await this.optional(clientId, body.physicalDescription),
    });
  }
}
