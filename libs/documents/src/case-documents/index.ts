export { documentInputOf, documentIssuingEvents, regenerateIssuedDocument } from './case-documents';
export type { RegeneratedDocument } from './case-documents';
export {
  EncryptedDocumentFactError,
  ErasedDocumentFactError,
  MissingDocumentFactError,
} from './document-facts';
export type { DocumentDirectory, DocumentFact } from './document-facts';
export { clientDescription, partyOf } from './people';
export { officeReferralReasons } from './intake-documents';
export { institutionReferralReason, lksReferralReason } from './placement-documents';
