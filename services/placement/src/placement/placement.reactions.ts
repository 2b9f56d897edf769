import type { EventPayload } from '@dinsos/contracts';
import {
  caseReactionTarget,
  clockChangesOn,
  clockEventTypes,
  wholeServiceClocks,
  type AnyReaction,
  type Reaction,
} from '@dinsos/platform';
import type { ServiceStandard, ServiceStandardCatalogue } from '@dinsos/service-standards';
import {
  placementDecider,
  placementStreamId,
  type PlacementCommand,
  type PlacementEvent,
  type PlacementState,
} from './placement.decider';
import { latestRegistrationOf, type ClientRegistration } from './client-registrations';

/**
 * What placement does with other contexts' events: each is a fact the placement records in its
 * own stream, whatever order they come in. Each reaction's name is part of every event id it
 * derives: never rename one once deployed.
 */
type PlacementReaction = Reaction<PlacementCommand, PlacementState, PlacementEvent>;

/** The events that end the whole service under a standard: its whole-service clocks' stopsOn. */
export function closingEventsOf(standard: ServiceStandard): string[] {
  return [
    ...new Set(
      standard.timeLimits
        .filter((limit) => wholeServiceClocks(limit, standard))
        .flatMap((limit) => limit.stopsOn),
    ),
  ];
}

/**
 * Intake's CaseOpened → the placement opens, with the pinned standard's placement policy and the
 * client's latest registration placement heard of (any case's: a returning client's new case
 * has no ClientRegistered of its own), which the decider notes when the stream has none yet.
 */
export function openPlacementOnCaseOpened(
  standards: ServiceStandardCatalogue,
): Reaction<PlacementCommand, PlacementState, PlacementEvent, ClientRegistration | undefined> {
  return {
    name: 'open-placement-on-case-opened',
    decider: placementDecider,
    async prepare(event, { pool }) {
      const { clientId } = event.payload as EventPayload<'CaseOpened'>;
      return pool ? latestRegistrationOf(pool, clientId) : undefined;
    },
    toCommand(event, identity) {
      const opened = event.payload as EventPayload<'CaseOpened'>;
      const standard = standards.get(opened.serviceStandard);
      return caseReactionTarget(
        event,
        placementStreamId,
        {
          type: 'OpenPlacement',
          openedAt: event.occurredAt,
          firstCustodian: opened.custodian,
          clientId: opened.clientId,
          caseNumber: opened.caseNumber,
          clientCategory: opened.clientCategory,
          owningOfficeCode: opened.owningOfficeCode,
          serviceStandard: opened.serviceStandard,
          closesOn: closingEventsOf(standard),
          reviewIntervalMonths: standard.placement.institutionReviewIntervalMonths,
          atRiskDays: standard.placement.stayAtRiskDays,
          ...(identity ? { identity } : {}),
        },
        opened.owningOfficeCode,
      );
    },
  };
}

/** Intake's CaseTransferred → the placement moves to the receiving office. */
export const recordTransferOnCaseTransferred: PlacementReaction = {
  name: 'record-transfer-on-case-transferred',
  decider: placementDecider,
  toCommand(event) {
    const { fromOfficeCode, toOfficeCode } = event.payload as EventPayload<'CaseTransferred'>;
    return caseReactionTarget(
      event,
      placementStreamId,
      { type: 'RecordTransfer', fromOfficeCode, toOfficeCode },
      toOfficeCode,
    );
  },
};

/** An event that starts the whole service's clock of the pinned standard (intake's ReportReceived). */
export function recordClockOn(
  type: string,
  standards: ServiceStandardCatalogue,
): PlacementReaction {
  return {
    name: `record-clock-on-${type}`,
    decider: placementDecider,
    toCommand(event) {
      const [started] = clockChangesOn(event, standards, wholeServiceClocks).started;
      if (!started) return null;
      return caseReactionTarget(event, placementStreamId, {
        type: 'RecordClockStart',
        clock: started.clock,
        startedBy: started.startedBy,
        startedAt: started.startedAt,
        startDate: started.startDate,
        dueDate: started.dueDate,
        dueAt: started.dueAt,
      });
    },
  };
}

/** Intake's ClientRegistered → noted, for the documents placement issues. */
export const noteClientIdentityOnClientRegistered: PlacementReaction = {
  name: 'note-client-identity-on-client-registered',
  decider: placementDecider,
  toCommand(event) {
    const registered = event.payload as EventPayload<'ClientRegistered'>;
    return caseReactionTarget(event, placementStreamId, {
      type: 'NoteClientIdentity',
      ...registered,
    });
  },
};

/** Intake's ClientHandedOverToShelter → the shelter's custody in the ledger. */
export const recordCustodyOnShelterHandover: PlacementReaction = {
  name: 'record-custody-on-shelter-handover',
  decider: placementDecider,
  toCommand(event) {
    const handover = event.payload as EventPayload<'ClientHandedOverToShelter'>;
    return caseReactionTarget(event, placementStreamId, {
      type: 'RecordCustodyFromIntake',
      clientId: handover.clientId,
      custodian: handover.custodian,
      since: handover.handedOverAt,
      recordedFrom: event.type,
    });
  },
};

/** Assessment's RecommendationMade → the path the case takes. */
export const noteRecommendationOnRecommendationMade: PlacementReaction = {
  name: 'note-recommendation-on-recommendation-made',
  decider: placementDecider,
  toCommand(event) {
    const made = event.payload as EventPayload<'RecommendationMade'>;
    return caseReactionTarget(event, placementStreamId, {
      type: 'NoteRecommendation',
      clientId: made.clientId,
      recommendation: made.recommendation,
    });
  },
};

/** Tracing's FamilyFound → who and where the family is (copied as encrypted). */
export const noteFamilyFound: PlacementReaction = {
  name: 'note-tracing-outcome-on-family-found',
  decider: placementDecider,
  toCommand(event) {
    const found = event.payload as EventPayload<'FamilyFound'>;
    return caseReactionTarget(event, placementStreamId, {
      type: 'NoteTracingOutcome',
      clientId: found.clientId,
      outcome: 'familyFound',
      familyMembers: found.familyMembers,
      relation: found.relation,
      familyAddress: found.address,
    });
  },
};

/** Tracing's FamilyNotFound → the path goes to an LKS. */
export const noteFamilyNotFound: PlacementReaction = {
  name: 'note-tracing-outcome-on-family-not-found',
  decider: placementDecider,
  toCommand(event) {
    const notFound = event.payload as EventPayload<'FamilyNotFound'>;
    return caseReactionTarget(event, placementStreamId, {
      type: 'NoteTracingOutcome',
      clientId: notFound.clientId,
      outcome: 'familyNotFound',
      familyMembers: [],
    });
  },
};

/** Everything placement follows, by event type (one reaction each). */
export function placementReactions(
  standards: ServiceStandardCatalogue,
): Record<string, AnyReaction> {
  const reactions: Record<string, AnyReaction> = {
    CaseOpened: openPlacementOnCaseOpened(standards),
    CaseTransferred: recordTransferOnCaseTransferred,
    ClientRegistered: noteClientIdentityOnClientRegistered,
    ClientHandedOverToShelter: recordCustodyOnShelterHandover,
    RecommendationMade: noteRecommendationOnRecommendationMade,
    FamilyFound: noteFamilyFound,
    FamilyNotFound: noteFamilyNotFound,
  };
  for (const type of clockEventTypes(standards, 'placement', wholeServiceClocks, 'starts')) {
    if (reactions[type]) {
      throw new Error(`${type} both starts a clock and has a reaction of its own: combine them`);
    }
    reactions[type] = recordClockOn(type, standards);
  }
  return reactions;
}
