import { DomainRuleViolation, given, type Decider } from '@dinsos/platform/domain';
import {
  UncataloguedEventError,
  checkedAgainstCatalogue,
  subjectIdsOf,
  type CataloguedEvent,
} from '@dinsos/platform/domain';
import { clientIdentity, ids, reportDetails } from './testing/fixtures';

describe('events checked against the contracts catalogue', () => {
  it('names every data subject the payload references, sorted, once', () => {
    expect(
      subjectIdsOf('ReportReceived', {
        ...reportDetails(),
        client: { clientId: ids.client, returning: false },
        escorts: [...reportDetails().escorts, { personId: ids.reporter }],
      }),
    ).toEqual([ids.reporter, ids.client, ids.escort].sort());
    expect(
      subjectIdsOf('CaseOpened', {
        custodian: { kind: 'family', personIds: [ids.escort, ids.reporter] },
        clientId: ids.client,
      }),
    ).toEqual([ids.reporter, ids.client, ids.escort].sort());
  });

  const echo = (event: CataloguedEvent): Decider<CataloguedEvent, null, CataloguedEvent> => ({
    initialState: () => null,
    decide: () => [event],
    evolve: (state) => state,
  });

  it('lets a sealed event through', () => {
    const event = {
      type: 'ClientRegistered',
      payload: {
        clientId: ids.client,
        category: 'neglectedChild',
        identityStatus: 'partlyKnown',
        ...clientIdentity(),
      },
      subjectIds: [ids.client],
    } as CataloguedEvent;
    given(checkedAgainstCatalogue(echo(event)))
      .when(event)
      .then([event]);
  });

  it('stops a personal value left in plaintext before it can be stored or published', () => {
    const leaking = {
      type: 'ClientRegistered',
      payload: {
        clientId: ids.client,
        category: 'neglectedChild',
        identityStatus: 'partlyKnown',
        ...clientIdentity(),
        calledName: 'Ucok',
      },
      subjectIds: [ids.client],
    } as unknown as CataloguedEvent;
    const decider = checkedAgainstCatalogue(echo(leaking));
    expect(() => decider.decide(leaking, null)).toThrow(UncataloguedEventError);
    expect(() => decider.decide(leaking, null)).toThrow(/calledName/);
    expect(() => decider.decide(leaking, null)).not.toThrow(DomainRuleViolation);
  });
});
