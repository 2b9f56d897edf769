// ServiceDeployment.append's envelope: filled as the service's write path would, and checked
// against the contracts so a test cannot seed what the service never would.
import { ownEvent } from './own-events';

const defaults = { service: 'assessment', occurredAt: '2026-03-02T02:15:00.000Z' };
const transferred = {
  type: 'AssessmentTransferred',
  caseId: '3603-2026-000001',
  officeCode: '36',
  payload: {
    fromOfficeCode: '3603',
    toOfficeCode: '36',
    transferredAt: '2026-03-02T09:15:00+07:00',
  },
};

describe('ownEvent', () => {
  it("fills the envelope and the case's stream of the type's category", () => {
    const { streamId, event } = ownEvent(transferred, defaults);
    expect(streamId).toBe('assessment-3603-2026-000001');
    expect(event).toMatchObject({
      type: 'AssessmentTransferred',
      schemaVersion: 1,
      caseId: '3603-2026-000001',
      officeCode: '36',
      subjectIds: [],
      occurredAt: '2026-03-02T02:15:00.000Z',
      actor: { id: 'assessment:test', role: 'service', officeCode: '36' },
      causationId: null,
      payload: transferred.payload,
    });
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const given = ownEvent(
      { ...transferred, serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 } },
      defaults,
    );
    expect(given.event.serviceStandard).toEqual({ code: 'bekasi-layanan-rujukan', version: 1 });
  });

  it("refuses a payload that breaks its schema, another context's type, and a case event without its case", () => {
    expect(() =>
      ownEvent(
        { ...transferred, payload: { ...transferred.payload, toOfficeCode: 'x' } },
        defaults,
      ),
    ).toThrow(/AssessmentTransferred v1 payload breaks its schema: toOfficeCode/);
    expect(() =>
      ownEvent({ type: 'CaseOpened', caseId: 'c', officeCode: '3603', payload: {} }, defaults),
    ).toThrow(
      "CaseOpened is intake's, not assessment's: put another context's events on Kafka with publish()",
    );
    expect(() => ownEvent({ ...transferred, caseId: undefined }, defaults)).toThrow(
      'AssessmentTransferred belongs to a case: give its caseId',
    );
    expect(() =>
      ownEvent({ type: 'VisitNoted', officeCode: '3603', payload: {} }, defaults),
    ).toThrow('VisitNoted is no event type of the contracts');
  });

  it('takes any type with its stream for a service the contracts do not name', () => {
    const { streamId, event } = ownEvent(
      { type: 'VisitNoted', streamId: 'visit-1', officeCode: '3603', payload: {} },
      { ...defaults, service: 'example' },
    );
    expect([streamId, event.type, event.schemaVersion]).toEqual(['visit-1', 'VisitNoted', 1]);
    expect(() =>
      ownEvent(
        { type: 'VisitNoted', officeCode: '3603', payload: {} },
        { ...defaults, service: 'example' },
      ),
    ).toThrow('VisitNoted is not in the contracts: give its streamId');
  });
});
