import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedActor, CaseOwnership } from '@dinsos/auth';
import type { EventPayload } from '@dinsos/contracts';
import {
  ErasedDocumentFactError,
  MissingDocumentFactError,
  documentInputOf,
  documentIssuingEvents,
  type DocumentFact,
} from '@dinsos/documents';
import type { EventStore, RecordedEvent } from '@dinsos/event-store';
import {
  CLOCK,
  CaseCommands,
  DocumentIssuer,
  DomainRuleViolation,
  EVENT_STORE,
  FollowedEvents,
  PersonalFields,
  SERVICE_STANDARDS,
  documentDirectory,
  documentFactsOf,
  type Clock,
  type CommandContext,
  type CommandReply,
  type CommandResult,
  type PersonBody,
  type PreparedCaseCommand,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { missingStepsBefore } from './procedure-steps';
import {
  placementDecider,
  placementStreamId,
  requireOpen,
  type PlacementCommand,
  type PlacementState,
} from './placement.decider';

type ContactPerson = EventPayload<'ClientReturnedHome'>['officer'];
type EncryptedField = EventPayload<'ClientReturnedHome'>['place'];

/** The placement stream's events as one preparation of a command reads them (once). */
export type PlacementHistory = () => Promise<readonly RecordedEvent[]>;

/** A document an event of the case issues, before the event exists. */
export interface DocumentToIssue {
  caseId: string;
  /** The stream the document's facts come from, as the command's preparation read it. */
  history: PlacementHistory;
  state: PlacementState;
  officeCode: string;
  /**
   * The issuing event's type (one of `documentIssuingEvents`) and its payload as the command
   * records it (encrypted): decrypted here, so the document says exactly what the stored event
   * will decrypt to.
   */
  type: string;
  payload: Record<string, unknown>;
  /**
   * Which document of the case: its number is reserved once per case and purpose (and per
   * earlier document of the same kind, so a second letter on the same purpose is numbered anew).
   */
  purpose: string;
  actor: AuthenticatedActor;
}

/**
 * The one way placement's routes act on a case's placement: the kit's CaseCommands with the
 * client's key from the state, the instants officers record (never in the future), people
 * encrypted under keys of their own, and documents rendered only from facts of the stream
 * (`documentInputOf`, the rules an auditor regenerates them with). The rules are the decider's.
 */
@Injectable()
export class PlacementCommands {
  constructor(
    private readonly cases: CaseCommands,
    private readonly fields: PersonalFields,
    private readonly documents: DocumentIssuer,
    @Inject(EVENT_STORE) private readonly store: EventStore<unknown>,
    @Inject(SERVICE_STANDARDS) readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly facts: FollowedEvents,
  ) {}

  act<A extends object = object>(
    context: CommandContext,
    caseId: string,
    ownership: CaseOwnership,
    prepare: (
      clientId: string,
      state: PlacementState,
      history: PlacementHistory,
    ) => Promise<PreparedCaseCommand<PlacementCommand, A>>,
  ): Promise<CommandReply<CommandResult & A>> {
    return this.cases.act(
      context,
      {
        decider: placementDecider,
        streamId: placementStreamId(caseId),
        caseId,
        officeCode: ownership.owningOfficeCode,
        serviceStandard: (state) => state.serviceStandard,
        // The decider's own refusal (closed, not open), before anything is prepared or numbered.
        ready: (state) => void requireOpen(state),
      },
      (state) => prepare(clientOf(state), state, this.historyOf(caseId)),
    );
  }

  /**
   * The placement stream's events, read at most once per preparation (the step check, the
   * document's facts and a route's copies all ask for them); a preparation run again after a
   * concurrent change reads afresh.
   */
  private historyOf(caseId: string): PlacementHistory {
    let events: Promise<readonly RecordedEvent[]> | undefined;
    return () => (events ??= this.store.readStream(placementStreamId(caseId)));
  }

  /**
   * Refuses an event that completes a placement step while the steps the pinned standard puts
   * before it are not complete (from the facts noted from other contexts and the stream's own).
   */
  async requireStepReady(
    caseId: string,
    state: PlacementState,
    eventType: string,
    history: PlacementHistory,
  ): Promise<void> {
    if (!state.serviceStandard) return;
    const standard = this.standards.get(state.serviceStandard);
    const own = (await history()).map((event) => event.type);
    const noted = await this.facts.typesOfCase(caseId);
    const missing = missingStepsBefore(standard, eventType, [...noted, ...own]);
    if (missing.length > 0) {
      throw new DomainRuleViolation(
        'step-not-ready',
        `The case's service standard puts ${missing
          .map((step) => `"${step.text}" (${step.code})`)
          .join(
            ' and ',
          )} before this step: complete ${missing.length > 1 ? 'them' : 'it'} first (if that was done moments ago in another service, try again shortly).`,
        { missing: missing.map((step) => step.code) },
      );
    }
  }

  /**
   * Refuses a path the assessment did not recommend, where the pinned standard lets the
   * recommendation choose it (seed 000: the Peksos recommends the letter of step 6).
   */
  requireRecommended(state: PlacementState, path: 'institutionCare'): void {
    if (!state.serviceStandard) return;
    const standard = this.standards.get(state.serviceStandard);
    const outcomes = standard.recommendations.outcomes as readonly string[];
    if (!outcomes.includes(path) || state.recommendation === path) return;
    throw new DomainRuleViolation(
      'path-not-recommended',
      `Under the case's service standard the assessment's recommendation chooses this path, and ${
        state.recommendation
          ? `the recommendation made is ${state.recommendation}, not ${path}`
          : 'no recommendation has been made yet'
      }: institution care follows a recommendation for it.`,
      { recommendation: state.recommendation ?? null, path },
    );
  }

  newId(context: CommandContext, what: string): string {
    return this.cases.newId(context, what);
  }

  /** The id of the command's first event, as the kit derives it from the Idempotency-Key. */
  firstEventId(context: CommandContext): string {
    return this.cases.firstEventId(context);
  }

  /** A person the command names, under a key of their own (a retry reuses the person). */
  person(context: CommandContext, what: string, body: PersonBody): Promise<ContactPerson> {
    return this.fields.encryptPerson(this.newId(context, what), body);
  }

  /** A person whose id is already known (a family member tracing found). */
  encryptPerson(personId: string, body: PersonBody): Promise<ContactPerson> {
    return this.fields.encryptPerson(personId, body);
  }

  encrypt(subjectId: string, value: unknown): Promise<EncryptedField> {
    return this.fields.encrypt(subjectId, value) as Promise<EncryptedField>;
  }

  /** When it happened: as the officer records it, or now; never in the future. */
  instant(recorded: string | undefined, what: string): string {
    const now = this.clock.now();
    if (recorded === undefined) return now.toISOString();
    if (Date.parse(recorded) > now.getTime() + 60_000) {
      throw new DomainRuleViolation(
        'instant-in-the-future',
        `${what} (${recorded}) is in the future: record it when it has happened.`,
      );
    }
    return new Date(recorded).toISOString();
  }

  /** Today in the owning office's time zone. */
  today(officeCode: string): string {
    return this.standards.offices.localDate(officeCode, this.clock.now().toISOString());
  }

  /**
   * Issues the document the coming event records: rendered from the stream's facts and the new
   * event's own (as the stored event will decrypt), numbered once per case and purpose, the
   * printed copy kept under the client's key.
   */
  async issue(document: DocumentToIssue) {
    const kind = documentIssuingEvents[document.type];
    if (!kind) throw new Error(`${document.type} issues no document`);
    const access = { actor: document.actor, purpose: 'documentIssuing' as const };
    const events = await document.history();
    const facts = await documentFactsOf(events as never, this.fields, access);
    // A document of this kind issued before (a second stay's letter on the same consent, a second
    // LKS): this one is another document and takes a number of its own. A retried or refused
    // command sees the same stream, and reuses its number.
    const before = events.filter((event) => event.type === document.type).length;
    const purpose = before === 0 ? document.purpose : `${document.purpose}-${before + 1}`;
    const issuing: DocumentFact = {
      eventId: 'being-issued',
      type: document.type,
      occurredAt: this.clock.now().toISOString(),
      officeCode: document.officeCode,
      ...(document.state.serviceStandard
        ? { serviceStandard: document.state.serviceStandard }
        : {}),
      payload: await this.fields.decryptPayload(
        { type: document.type, schemaVersion: 1, payload: document.payload as never },
        access,
      ),
    };
    const directory = documentDirectory(this.standards);
    const inputOf = (number: string) =>
      documentInputOf([...facts, issuing], issuing, directory, number).input;
    factsHold(() => inputOf('(number)')); // before a number is reserved for it
    return this.documents.issue({
      template: kind.template,
      series: kind.series,
      caseId: document.caseId,
      purpose,
      officeCode: document.officeCode,
      year: this.standards.offices.caseNumberYear(document.officeCode, issuing.occurredAt),
      subjectId: clientOf(document.state),
      input: inputOf,
    });
  }
}

/**
 * Runs a document's rendering input, refusing in words (422) when the facts it prints are not
 * recorded in the placement (a returning client whose registration this case never carried) or
 * were erased with the client's personal data.
 */
function factsHold(render: () => unknown): void {
  try {
    render();
  } catch (error) {
    if (error instanceof MissingDocumentFactError) {
      throw new DomainRuleViolation(
        'document-facts-missing',
        `The document cannot be issued: it needs ${error.missing}, which this case's placement has not recorded. If intake or tracing recorded it moments ago, try again shortly.`,
        { missing: [error.missing] },
      );
    }
    if (error instanceof ErasedDocumentFactError) {
      throw new DomainRuleViolation(
        'document-facts-erased',
        'The document cannot be issued: personal data it prints was erased.',
      );
    }
    throw error;
  }
}

/**
 * The client whose key encrypts what a command records. The case may be known to the ownership
 * table moments before placement hears of it: say so in words.
 */
export function clientOf(state: PlacementState): string {
  if (!state.clientId) {
    throw new DomainRuleViolation(
      'placement-not-open',
      'This case has no placement here yet: it opens when intake opens the case. If the case was opened moments ago, try again shortly.',
    );
  }
  return state.clientId;
}
