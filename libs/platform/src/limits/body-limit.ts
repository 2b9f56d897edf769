/**
 * Room for the envelope of an event (ids, stream, actor, correlation, subjects, standard…) in its
 * stored canonical JSON. A real envelope is under 1.5 KiB; the rest is headroom for subjectIds.
 */
export const envelopeReserveBytes = 4096;

/**
 * How much a body can grow on its way into an event: personal fields are stored encrypted, as
 * base64 of the ciphertext inside `{keyId, iv, ct, tag}` — 4/3 of the plaintext plus a small
 * wrapper per field. 1.4 covers 4/3 and the wrappers of ordinary forms.
 */
export const personalDataGrowthFactor = 1.4;

/**
 * The JSON body limit that keeps every accepted body storable: (event limit − envelope) / 1.4.
 * With the event store's default of 262 144 bytes this is 184 320 bytes (180 KiB). HTTP body <
 * stored event < Kafka message (DESIGN.md section 4). Should a body of many tiny personal fields
 * still outgrow an event, the store refuses it (EventTooLarge → 413) and nothing is written.
 */
export function jsonBodyLimitBytes(eventMaxBytes: number, reserve = envelopeReserveBytes): number {
  const limit = Math.floor((eventMaxBytes - reserve) / personalDataGrowthFactor);
  if (limit < 1024)
    throw new Error(`EVENT_MAX_BYTES ${eventMaxBytes} leaves no room for a request body`);
  return limit;
}
