import { allEventDefinitions, isEventType } from '@dinsos/contracts';
import { eventTypeInWords, eventTypeWords, timelineEntryOf } from './timeline';
import { bantenPath, bekasiPath } from './testing/scenarios';

describe('event types in words', () => {
  it('every catalogued type that left provisional has words of its own', () => {
    const types = [
      ...new Set(
        allEventDefinitions
          .filter((definition) => !definition.provisional)
          .map((definition) => definition.type),
      ),
    ];
    expect(types.length).toBeGreaterThan(60);
    for (const type of types) {
      const words = (eventTypeWords as Record<string, string | undefined>)[type];
      expect({ type, words: typeof words === 'string' && words.length > 0 }).toEqual({
        type,
        words: true,
      });
      expect(eventTypeInWords(type)).toBe(words);
      expect(words).toMatch(/^[A-Z]/);
      expect(words).not.toBe(type);
    }
  });

  it('has words for no type the catalogue lacks', () => {
    expect(Object.keys(eventTypeWords).filter((type) => !isEventType(type))).toEqual([]);
  });

  it('reads as a case history reads', () => {
    expect(eventTypeInWords('CaseOpened')).toBe('Case opened');
    expect(eventTypeInWords('ClientHandedOverToLks')).toBe('Client handed over to the LKS (BAST)');
  });

  it('splits a type the catalogue does not know into words', () => {
    expect(eventTypeInWords('SomethingNewHappened')).toBe('Something new happened');
  });
});

describe('timeline entries', () => {
  it('say what, who, when, and what caused it, without the payload', () => {
    const report = bekasiPath()[0];
    expect(timelineEntryOf({ ...report, causationId: null })).toEqual({
      eventId: report.eventId,
      position: report.position,
      streamId: 'intakeCase-3603-2026-000123',
      streamRevision: 0,
      type: 'ReportReceived',
      schemaVersion: 2,
      context: 'intake',
      words: 'Report received',
      actor: { id: 'intake-officer-1', role: 'intake-officer', officeCode: '3603' },
      who: 'intake-officer of office 3603',
      occurredAt: '2026-03-02T09:00:00+07:00',
      recordedAt: report.recordedAt,
      causationId: null,
      correlationId: 'correlation-1',
    });
  });

  it("name a service's reaction as the service, with the event that caused it", () => {
    const opened = bantenPath().find((event) => event.type === 'PlacementOpened')!;
    const entry = timelineEntryOf({ ...opened, causationId: 'caused-by-case-opened' });
    expect(entry).toMatchObject({
      context: 'placement',
      words: 'Placement opened',
      who: 'the placement service (office 36)',
      causationId: 'caused-by-case-opened',
    });
    expect(entry).not.toHaveProperty('payload');
  });

  it('give a position object its text form', () => {
    const [report] = bekasiPath();
    const text = String(report.position);
    expect(timelineEntryOf({ ...report, position: { toString: () => text } }).position).toBe(text);
  });

  it('keep a type the catalogue does not know, without a context', () => {
    const [report] = bekasiPath();
    expect(timelineEntryOf({ ...report, type: 'SomethingNewHappened' })).toMatchObject({
      context: null,
      words: 'Something new happened',
    });
  });
});
