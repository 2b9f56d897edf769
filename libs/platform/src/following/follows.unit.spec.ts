import type { PostgresEventStore } from '@dinsos/event-store';
import type { Decider } from '../commands/decider';
import type { Reaction } from '../reactions/reaction-handler';
import { FollowsDeclarationError, followedConsumer } from './follows';

const noStore = {} as PostgresEventStore;
const nothingDecider: Decider<unknown, undefined, never> = {
  initialState: () => undefined,
  decide: () => [],
  evolve: (state) => state,
};
const planVisit: Reaction<unknown, undefined, never> = {
  name: 'plan-visit',
  decider: nothingDecider,
  toCommand: () => null,
};

describe('what a service follows, declared by event type', () => {
  it('subscribes to the topics the contracts give for the types, one handler per type', () => {
    const consumer = followedConsumer(
      { reactions: { CaseOpened: planVisit }, facts: ['RecommendationMade', 'CaseOpened'] },
      { store: noStore, service: 'placement' },
    );
    expect(consumer?.topics.sort()).toEqual([
      'dinsos.assessment.events.v1',
      'dinsos.intake.events.v1',
    ]);
    expect(Object.keys(consumer!.handlers).sort()).toEqual(['CaseOpened', 'RecommendationMade']);
    // The reaction's slow part runs before the transaction; a fact alone has none.
    expect(consumer!.handlers.CaseOpened.prepare).toBeDefined();
    expect(consumer!.handlers.RecommendationMade.prepare).toBeUndefined();
  });

  it('has no consumer when nothing is followed', () => {
    expect(followedConsumer(undefined, { store: noStore, service: 'intake' })).toBeUndefined();
    expect(followedConsumer({ facts: [] }, { store: noStore, service: 'intake' })).toBeUndefined();
  });

  it('refuses at startup a type the contracts do not have, naming it', () => {
    const start = () =>
      followedConsumer(
        { facts: ['RecomendationMade'], reactions: { CaseOpend: planVisit } },
        { store: noStore, service: 'intake' },
      );
    expect(start).toThrow(FollowsDeclarationError);
    expect(start).toThrow(
      'PlatformFeatures.follows: CaseOpend, RecomendationMade are no event types of the contracts',
    );
  });

  it("refuses the service's own events: it reads those from its store", () => {
    expect(() =>
      followedConsumer({ facts: ['CaseOpened'] }, { store: noStore, service: 'intake' }),
    ).toThrow("CaseOpened is intake's own");
  });
});
