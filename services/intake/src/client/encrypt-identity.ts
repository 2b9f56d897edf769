import { compact, type PersonalFields, type UploadRecord } from '@dinsos/platform';
import type { ClientIdentity } from './client.decider';
import type { ClientIdentityBody } from './client.requests';

/** The client's identity as ClientRegistered records it: every personal value under their key. */
export async function encryptIdentity(
  fields: PersonalFields,
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
        scan: upload ? await fields.encryptFile(clientId, upload) : undefined,
      }),
    );
  }
  const optional = (value: unknown) => fields.encryptOptional(clientId, value);
  return compact({
    name: await optional(body.name),
    calledName: await optional(body.calledName),
    nik: await optional(body.nik),
    familyCardNumber: await optional(body.familyCardNumber),
    sex: body.sex,
    dateOfBirth: await optional(body.dateOfBirth),
    estimatedAgeYears: await optional(body.estimatedAgeYears),
    placeOfBirth: await optional(body.placeOfBirth),
    address: await optional(body.address ? compact(body.address) : undefined),
    identityDocuments,
    physicalDescription: await optional(body.physicalDescription),
  });
}
