import type { RecordedEvent } from '@dinsos/event-store';
import { comparePositions, positionText, type CaseEventInput } from './case-event';
import { foldCaseSummary } from './case-summary';
import { positionOf } from './testing/case-events';
import { bekasiCaseId, bekasiPath } from './testing/scenarios';

// Compiled by tsc (the workspace's type check): stored events are inputs as they are, whatever
// their payload type. Nothing of the store is loaded at run time (a type-only import).
export const storedEventsAreInputs = (event: RecordedEvent<object>): CaseEventInput => event;
export const storedJsonEventsAreInputs = (event: RecordedEvent): CaseEventInput => event;
export const storedEventsFold = (events: RecordedEvent[]) => foldCaseSummary('any', events);

describe('positions', () => {
  it("compare as the store's text form does", () => {
    expect(comparePositions(positionOf(9), positionOf(10))).toBeLessThan(0);
    expect(comparePositions(positionOf(10), positionOf(10))).toBe(0);
    expect(
      comparePositions('0000000000000002-0000000000000000', '0000000000000001-00000000000000ff'),
    ).toBeGreaterThan(0);
  });

  it('take a position object by its text form', () => {
    const position = { toString: () => positionOf(3), toJSON: () => positionOf(3) };
    expect(positionText(position)).toBe(positionOf(3));
    expect(comparePositions(position, positionOf(4))).toBeLessThan(0);
  });

  it('a stored event with its JSON envelope is folded like the input it is', () => {
    const events = bekasiPath().map((event) => ({
      ...event,
      subjectIds: [],
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    }));
    expect(foldCaseSummary(bekasiCaseId, events)).toStrictEqual(
      foldCaseSummary(bekasiCaseId, bekasiPath()),
    );
  });
});
