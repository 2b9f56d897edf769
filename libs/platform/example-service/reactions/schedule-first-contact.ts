import type { ReceivedEvent } from '@dinsos/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reaction } from '../../src';
import {
  visitStreamId,
  visitsDecider,
  type VisitCommand,
  type VisitEvent,
  type VisitsState,
} from '../domain/visits';

interface CaseOpenedPayload {
  owningOfficeCode: string;
}

/** What prepare() found out before the transaction: here, the planned date. */
export interface FirstContactPlan {
  plannedOn: string;
}

/**
 * CaseOpened (intake) → plan the first contact visit of the case. prepare() stands for the slow
 * part of a real reaction (a call to the calendar service for the next working day).
 */
export function scheduleFirstContact(options: {
  daysAfterOpening: number;
  /** Called from prepare(): tests see that the slow work ran, and with which event. */
  onPrepare?: (event: ReceivedEvent) => void;
}): Reaction<VisitCommand, VisitsState, VisitEvent, FirstContactPlan> {
  return {
    name: 'schedule-first-contact',
    decider: visitsDecider,
    async prepare(event) {
      options.onPrepare?.(event);
      await sleep(20);
      const opened = new Date(event.occurredAt);
      opened.setUTCDate(opened.getUTCDate() + options.daysAfterOpening);
      return { plannedOn: opened.toISOString().slice(0, 10) };
    },
    toCommand(event, plan) {
      if (!event.caseId) return null;
      return {
        streamId: visitStreamId(event.caseId),
        command: { type: 'ScheduleFirstContact', plannedOn: plan.plannedOn },
        officeCode: (event.payload as unknown as CaseOpenedPayload).owningOfficeCode,
        caseId: event.caseId,
        ...(event.serviceStandard ? { serviceStandard: event.serviceStandard } : {}),
      };
    },
  };
}
