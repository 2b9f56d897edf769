import { examples, fromKafkaMessage, toKafkaMessage } from '@dinsos/contracts';
import { otherContextEvent } from './other-context-events';

describe("another context's event, as a test publishes it", () => {
  const revisions = new Map<string, number>();
  const defaults = {
    occurredAt: '2026-03-02T02:15:00.000Z',
    streamRevisionOf: (streamId: string) => {
      const next = (revisions.get(streamId) ?? -1) + 1;
      revisions.set(streamId, next);
      return next;
    },
  };

  it("takes the topic, publisher, stream and version from the contracts, and the example payload under the test's fields", () => {
    const { event, service, topic } = otherContextEvent(
      {
        type: 'CaseOpened',
        caseId: '3603-2026-000007',
        officeCode: '3603',
        payload: { owningOfficeCode: '3603' },
      },
      defaults,
    );
    expect({ service, topic }).toEqual({ service: 'intake', topic: 'dinsos.intake.events.v1' });
    expect(event).toMatchObject({
      type: 'CaseOpened',
      schemaVersion: 1,
      streamId: 'intakeCase-3603-2026-000007',
      streamRevision: 0,
      caseId: '3603-2026-000007',
      officeCode: '3603',
      occurredAt: defaults.occurredAt,
      causationId: null,
      payload: { ...examples.exampleCaseOpened(), owningOfficeCode: '3603' },
    });
    // What the service under test decodes is what was built.
    const received = fromKafkaMessage(toKafkaMessage(event, { service }));
    expect(received).toMatchObject({
      eventId: event.eventId,
      context: 'intake',
      caseId: event.caseId,
    });
    const again = otherContextEvent(
      { type: 'CaseOpened', caseId: '3603-2026-000007', officeCode: '3603' },
      defaults,
    );
    expect(again.event.streamRevision).toBe(1);
    expect(again.event.eventId).not.toBe(event.eventId);
  });

  it('refuses a payload that breaks its schema, naming the field, unless asked to send it anyway', () => {
    const broken = {
      type: 'CaseTransferred',
      caseId: 'c-1',
      officeCode: '36',
      payload: { fromOfficeCode: '3603', toOfficeCode: 'x', reason: 'r' },
    };
    expect(() => otherContextEvent(broken, defaults)).toThrow(
      /CaseTransferred v1 payload breaks its schema: .*toOfficeCode/,
    );
    expect(otherContextEvent({ ...broken, skipValidation: true }, defaults).event.payload).toEqual(
      broken.payload,
    );
  });

  it('refuses an unknown type, a type without example and payload, and a case event without case', () => {
    expect(() => otherContextEvent({ type: 'CaseOpend', officeCode: '36' }, defaults)).toThrow(
      'CaseOpend is no event type of the contracts',
    );
    expect(() =>
      otherContextEvent({ type: 'CaseTransferred', caseId: 'c-1', officeCode: '36' }, defaults),
    ).toThrow('the contracts have no example of CaseTransferred: give its payload');
    expect(() => otherContextEvent({ type: 'CaseOpened', officeCode: '36' }, defaults)).toThrow(
      'CaseOpened belongs to a case: give its caseId',
    );
  });
});
