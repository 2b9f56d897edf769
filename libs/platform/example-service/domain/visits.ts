import { DomainRuleViolation, type Decider } from '../../src/domain';

/** The sealed form of a personal value (the contracts' EncryptedField). */
export interface SealedValue {
  keyId: string;
  iv: string;
  ct: string;
  tag: string;
}

export type VisitPurpose = 'firstContact' | 'assessment' | 'followUp';

export type VisitCommand =
  | {
      type: 'ScheduleVisit';
      visitId: string;
      plannedOn: string;
      purpose: VisitPurpose;
      notes?: SealedValue;
      clientId?: string;
    }
  | { type: 'ScheduleFirstContact'; plannedOn: string }
  | { type: 'RecordVisitOutcome'; visitId: string; outcome: 'met' | 'notHome' | 'refused' }
  | { type: 'CancelVisit'; visitId: string; reason: string };

export type VisitEvent =
  | {
      type: 'VisitScheduled';
      payload: { visitId: string; plannedOn: string; purpose: VisitPurpose; notes?: SealedValue };
      subjectIds?: string[];
    }
  | {
      type: 'VisitOutcomeRecorded';
      payload: { visitId: string; outcome: 'met' | 'notHome' | 'refused' };
    }
  | { type: 'VisitCancelled'; payload: { visitId: string; reason: string } };

export interface Visit {
  plannedOn: string;
  purpose: VisitPurpose;
  status: 'planned' | 'done' | 'cancelled';
  outcome?: string;
}

export interface VisitsState {
  visits: Record<string, Visit>;
}

export const firstContactVisitId = 'first-contact';
export const maxOpenVisits = 3;

function openVisits(state: VisitsState): number {
  return Object.values(state.visits).filter((visit) => visit.status === 'planned').length;
}

function schedule(
  state: VisitsState,
  visitId: string,
  plannedOn: string,
  purpose: VisitPurpose,
  notes?: SealedValue,
  clientId?: string,
): VisitEvent[] {
  if (state.visits[visitId]) {
    throw new DomainRuleViolation(
      'visit-already-scheduled',
      `Visit ${visitId} is already planned for this case; choose another visit.`,
    );
  }
  if (openVisits(state) >= maxOpenVisits) {
    throw new DomainRuleViolation(
      'too-many-open-visits',
      `This case already has ${maxOpenVisits} planned visits. Record or cancel one before planning another.`,
    );
  }
  return [
    {
      type: 'VisitScheduled',
      payload: { visitId, plannedOn, purpose, ...(notes ? { notes } : {}) },
      ...(clientId ? { subjectIds: [clientId] } : {}),
    },
  ];
}

function plannedVisit(state: VisitsState, visitId: string): Visit {
  const visit = state.visits[visitId];
  if (!visit)
    throw new DomainRuleViolation(
      'visit-not-found',
      `There is no visit ${visitId} planned for this case.`,
    );
  if (visit.status === 'cancelled') {
    throw new DomainRuleViolation(
      'visit-cancelled',
      'This visit was cancelled, so nothing more can be recorded for it.',
    );
  }
  if (visit.status === 'done') {
    throw new DomainRuleViolation(
      'visit-outcome-already-recorded',
      'The outcome of this visit was already recorded.',
    );
  }
  return visit;
}

/** Home visits of one case: stream `visit-<caseId>`. */
export const visitsDecider: Decider<VisitCommand, VisitsState, VisitEvent> = {
  initialState: () => ({ visits: {} }),
  schemaVersions: { VisitScheduled: 1, VisitOutcomeRecorded: 1, VisitCancelled: 1 },

  decide(command, state) {
    switch (command.type) {
      case 'ScheduleVisit':
        return schedule(
          state,
          command.visitId,
          command.plannedOn,
          command.purpose,
          command.notes,
          command.clientId,
        );
      case 'ScheduleFirstContact':
        // Asked by a reaction: the first contact is planned once, whoever planned it first.
        return state.visits[firstContactVisitId]
          ? []
          : schedule(state, firstContactVisitId, command.plannedOn, 'firstContact');
      case 'RecordVisitOutcome':
        plannedVisit(state, command.visitId);
        return [
          {
            type: 'VisitOutcomeRecorded',
            payload: { visitId: command.visitId, outcome: command.outcome },
          },
        ];
      case 'CancelVisit':
        plannedVisit(state, command.visitId);
        return [
          { type: 'VisitCancelled', payload: { visitId: command.visitId, reason: command.reason } },
        ];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'VisitScheduled':
        return {
          visits: {
            ...state.visits,
            [event.payload.visitId]: {
              plannedOn: event.payload.plannedOn,
              purpose: event.payload.purpose,
              status: 'planned',
            },
          },
        };
      case 'VisitOutcomeRecorded': {
        const visit = state.visits[event.payload.visitId];
        return {
          visits: {
            ...state.visits,
            [event.payload.visitId]: { ...visit, status: 'done', outcome: event.payload.outcome },
          },
        };
      }
      case 'VisitCancelled': {
        const visit = state.visits[event.payload.visitId];
        return {
          visits: { ...state.visits, [event.payload.visitId]: { ...visit, status: 'cancelled' } },
        };
      }
    }
  },
};

export function visitStreamId(caseId: string): string {
  return `visit-${caseId}`;
}
