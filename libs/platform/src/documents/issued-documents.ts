import {
  documentIssuingEvents,
  regenerateIssuedDocument,
  type DocumentDirectory,
  type DocumentFact,
  type RegeneratedDocument,
} from '@dinsos/documents';

/** An issued document of a case, as a view lists it: what was recorded, and the check. */
export interface IssuedDocumentCheck {
  /** The event that issued it. */
  eventId: string;
  /** That event's type, e.g. ClientHandedOverToShelter. */
  issuedBy: string;
  number: string;
  /** `<template code> v<version>`. */
  template: string;
  /** The SHA-256 recorded at issue. */
  sha256: string;
  /** Re-rendered from the facts: see @dinsos/documents' RegeneratedDocument. */
  regenerated: RegeneratedDocument['status'];
}

/**
 * The documents the events issued (those of @dinsos/documents' documentIssuingEvents, in the
 * order given), each regenerated from `facts` (documentFactsOf: they must hold every issuing
 * event and the facts before it) and compared with what its event recorded. Pure.
 */
export function checkIssuedDocuments(
  events: ReadonlyArray<{ eventId: string; type: string }>,
  facts: readonly DocumentFact[],
  directory: DocumentDirectory,
): IssuedDocumentCheck[] {
  return events
    .filter((event) => documentIssuingEvents[event.type])
    .map((event) => {
      const checked = regenerateIssuedDocument(facts, event.eventId, directory);
      return {
        eventId: event.eventId,
        issuedBy: event.type,
        number: checked.recorded.number,
        template: `${checked.recorded.templateCode} v${checked.recorded.templateVersion}`,
        sha256: checked.recorded.sha256,
        regenerated: checked.status,
      };
    });
}
