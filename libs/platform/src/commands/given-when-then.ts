import assert from 'node:assert/strict';
import { DomainRuleViolation } from '../errors/errors';
import { foldEvents, type Decider, type DomainEvent } from './decider';

/**
 * given (past events) / when (command) / then (new events | refusal), for deciders' unit tests.
 * Uses node:assert, so it works in any test runner and reads the same in every service.
 *
 *   given(visitDecider, [scheduled]).when(cancel).then([cancelled]);
 *   given(visitDecider, [cancelled]).when(complete).thenRefuses('visit-cancelled');
 */
export function given<C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  past: readonly E[] = [],
) {
  return {
    when(command: C) {
      const run = (): E[] => decider.decide(command, foldEvents(decider, past));
      return {
        then(expected: readonly E[]): E[] {
          const decided = run();
          assert.deepEqual(decided, expected);
          return decided;
        },
        thenNothingHappens(): void {
          assert.deepEqual(run(), []);
        },
        /** Asserts the rule code; returns the violation so the message can be checked too. */
        thenRefuses(rule: string): DomainRuleViolation {
          try {
            const decided = run();
            assert.fail(
              `expected the rule ${rule} to refuse the command, but it decided ${JSON.stringify(decided)}`,
            );
          } catch (error) {
            if (!(error instanceof DomainRuleViolation)) throw error;
            assert.equal(error.rule, rule);
            return error;
          }
        },
      };
    },
    /** The state after the given events, for assertions on evolve alone. */
    state(): S {
      return foldEvents(decider, past);
    },
  };
}
