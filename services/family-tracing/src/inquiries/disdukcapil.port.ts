/**
 * Disdukcapil (the civil registry) as family tracing reaches it: seed 004 step 4 sends the
 * client's fingerprints and iris to Disdukcapil and waits for its answer (NIK found or not, the
 * family card, how well it matched).
 *
 * There is no Disdukcapil API to call from here. The check goes out as a letter (an inquiry on
 * the `disdukcapil` channel, with the captures recorded by BiometricsCapturedForVerification),
 * and the answer comes back on paper or by phone; the tracing officer enters it, and that entry
 * is what IdentityVerificationReceived records, as evidence. Nothing in this service pretends to
 * have called Disdukcapil: the only channel here is `ManualEntry`, which records what the officer
 * entered and nothing else. `DisdukcapilChannel` is the port a real channel (an integration with
 * Disdukcapil's own systems, if one is ever granted) can be plugged into later, behind the same
 * route and the same event, with `source` saying which channel answered.
 */

export const DISDUKCAPIL_CHANNEL = Symbol('family-tracing:disdukcapil-channel');

/** Disdukcapil's answer to a fingerprint/iris check, in plaintext (encrypted before it is stored). */
export interface DisdukcapilAnswer {
  nikFound: boolean;
  /** The NIK found (16 digits). */
  nik?: string;
  /** The family card (KK) number found (16 digits). */
  familyCardNumber?: string;
  matchLevel: 'high' | 'medium' | 'low' | 'none';
  /** Who answered at Disdukcapil. */
  answeredBy: { name: string; position: string };
  /** When Disdukcapil answered (ISO 8601 with offset). */
  answeredAt: string;
}

/** A check whose answer is asked for: the Disdukcapil inquiry of a case's tracing. */
export interface DisdukcapilCheck {
  caseId: string;
  /** The inquiry sent to Disdukcapil that the answer answers. */
  inquiryId: string;
  /**
   * What the officer entered from Disdukcapil's letter or call. A manual channel records it as
   * it is; a channel that asks Disdukcapil itself would not need it.
   */
  enteredByOfficer?: DisdukcapilAnswer;
}

/** Where Disdukcapil's answer to a check comes from. */
export interface DisdukcapilChannel {
  /** Which channel answered, for logs and views: `manualEntry` is the only one there is. */
  readonly source: 'manualEntry';
  answerTo(check: DisdukcapilCheck): Promise<DisdukcapilAnswer>;
}

/**
 * The officer enters Disdukcapil's answer: recorded exactly as entered. It calls nothing and
 * adds nothing; an answer that was not entered is a programming error, not a Disdukcapil result.
 */
export class ManualEntry implements DisdukcapilChannel {
  readonly source = 'manualEntry' as const;

  answerTo(check: DisdukcapilCheck): Promise<DisdukcapilAnswer> {
    if (!check.enteredByOfficer) {
      return Promise.reject(
        new Error(
          `ManualEntry has no answer for inquiry ${check.inquiryId}: the officer enters Disdukcapil's answer, nothing here asks Disdukcapil`,
        ),
      );
    }
    return Promise.resolve(check.enteredByOfficer);
  }
}
