import { isPersonalFieldValue, type EncryptedField, type schemas } from '@dinsos/contracts';
import type { RecordedEvent } from '@dinsos/event-store';
import type { DataAccess, DecryptedField, PersonalDataVault } from '@dinsos/personal-data';
import type { z } from 'zod';
import type { PersonBody } from './person-body';
import { withheldPersonalFields } from './personal-data-views';

type ContactPerson = z.infer<typeof schemas.ContactPerson>;
type Plain = Record<string, unknown>;

/** Leaves out keys whose value is undefined (the store takes plain JSON only). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** What an event holds of a file: reference and plaintext hash, encrypted as a personal field. */
export interface FileReference {
  fileId: string;
  sha256: string;
  mediaType: string;
}

export function fileReferenceOf(file: FileReference): FileReference {
  return { fileId: file.fileId, sha256: file.sha256, mediaType: file.mediaType };
}

/**
 * A person's fields, encrypted for an event and decrypted for a view: each value under the key
 * of the person it is about (the vault makes a key for a new person). Which fields are personal
 * is the contracts' mark; a service's deciders are checked against the catalogue, so a value
 * this misses is refused before it is stored. Decrypting needs an actor and a purpose, and an
 * erased key reads as erased, never as an error; a view reads payloads with `payloadFor`
 * (decrypted for a purpose, withheld without one).
 */
export class PersonalFields {
  constructor(readonly vault: PersonalDataVault) {}

  encrypt(subjectId: string, value: unknown): Promise<EncryptedField> {
    return this.vault.encryptValue(subjectId, value);
  }

  async encryptOptional(subjectId: string, value: unknown): Promise<EncryptedField | undefined> {
    return value === undefined ? undefined : this.vault.encryptValue(subjectId, value);
  }

  /** A file's reference, under the key of the person the file is about. */
  encryptFile(subjectId: string, file: FileReference): Promise<EncryptedField> {
    return this.encrypt(subjectId, fileReferenceOf(file));
  }

  /** A reporter, escort, officer or family member (the contracts' ContactPerson), under their own key. */
  async encryptPerson(personId: string, body: PersonBody): Promise<ContactPerson> {
    return compact({
      personId,
      name: await this.encryptOptional(personId, body.name),
      nik: await this.encryptOptional(personId, body.nik),
      phone: await this.encryptOptional(personId, body.phone),
      email: await this.encryptOptional(personId, body.email),
      address: await this.encryptOptional(
        personId,
        body.address ? compact(body.address) : undefined,
      ),
      relationship: body.relationship,
      organisation: body.organisation,
      position: body.position,
    });
  }

  /**
   * A person only this service's database role may read (a whistle-blower, for complaints):
   * their key is created first as restricted (the keys table's `usable_by`), so no other
   * service role can see it or decrypt with it, then their fields are encrypted as
   * `encryptPerson` does. A retry reuses the key; a person whose key others use already is
   * refused (SubjectKeyNotUsable), never made private afterwards.
   */
  async encryptPersonRestricted(personId: string, body: PersonBody): Promise<ContactPerson> {
    await this.vault.restrictSubjectKey(personId);
    return this.encryptPerson(personId, body);
  }

  /** One encrypted field: its value, or the fact that its subject's key was erased. */
  decrypt<T = unknown>(field: unknown, access: DataAccess): Promise<DecryptedField<T>> {
    return this.vault.decryptField<T>(field, access);
  }

  /** A stored payload with its personal fields decrypted (erased ones marked), for one purpose. */
  decryptPayload(
    event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'payload'>,
    access: DataAccess,
  ): Promise<Plain> {
    return this.vault.decryptPayload(
      event.type,
      event.schemaVersion,
      event.payload as Plain,
      access,
    );
  }

  /**
   * A stored payload as a view shows it: decrypted for the access (a purpose the reader's role
   * may read for: `PurposeRule.accessFor`), or without one every personal field withheld
   * (`withheldField`), the vault not asked.
   */
  payloadFor(
    event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'payload'>,
    access: DataAccess | undefined,
  ): Promise<Plain> {
    return access
      ? this.decryptPayload(event, access)
      : Promise.resolve(withheldPersonalFields(event.payload) as Plain);
  }

  /** An object whose direct fields may be encrypted (a ContactPerson inside a payload). */
  async decryptObject(object: Plain, access: DataAccess): Promise<Plain> {
    const result: Plain = {};
    for (const [key, value] of Object.entries(object)) {
      if (!isPersonalFieldValue(value)) {
        result[key] = value;
        continue;
      }
      const field = await this.vault.decryptField(value, access);
      result[key] =
        field.status === 'readable' ? field.value : { erased: true, keyId: field.keyId };
    }
    return result;
  }
}
