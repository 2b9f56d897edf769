import {
  Position,
  StreamOrderConflict,
  WrongExpectedVersion,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@dinsos/event-store';
import type { PoolClient } from 'pg';
import { DomainRuleViolation } from '../errors/errors';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import { ServiceMetrics } from '../metrics/service-metrics';
import { CommandExecutor, type CommandContext } from './command-executor';
import type { Decider } from './decider';

type CounterEvent = { type: 'Incremented'; payload: { by: number } };
const counter: Decider<{ by: number }, { total: number }, CounterEvent> = {
  initialState: () => ({ total: 0 }),
  decide: (command, state) => {
    if (state.total + command.by > 10)
      throw new DomainRuleViolation('counter-full', 'The counter cannot go above 10.');
    return [{ type: 'Incremented', payload: { by: command.by } }];
  },
  evolve: (state, event) => ({ total: state.total + event.payload.by }),
  schemaVersions: { Incremented: 1 },
};

/** An in-memory stream whose appends fail with the given errors first (unit test only). */
class ScriptedStore {
  readonly events: RecordedEvent[] = [];
  appendCalls = 0;
  constructor(readonly failures: Error[] = []) {}

  async readStream(): Promise<RecordedEvent[]> {
    return [...this.events];
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent<object>[],
  ): Promise<AppendResult> {
    this.appendCalls += 1;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const appended = events.map((event, index) => {
      const recorded = {
        ...event,
        streamId,
        streamRevision: this.events.length + index,
        position: Position.of(1n, BigInt(this.events.length + index + 1)),
      } as unknown as RecordedEvent;
      return recorded;
    });
    this.events.push(...appended);
    const last = appended[appended.length - 1];
    return {
      nextExpectedRevision: last.streamRevision,
      position: last.position,
      events: appended.map((e) => ({
        eventId: e.eventId,
        streamRevision: e.streamRevision,
        position: e.position,
        hash: '',
      })),
      alreadyStored: false,
    };
  }
}

const passThroughIdempotency = {
  run: async <T>(
    _scope: unknown,
    _hash: string,
    work: (transaction: PoolClient) => Promise<T>,
  ) => ({
    response: await work({} as PoolClient),
    replayed: false,
  }),
} as unknown as IdempotencyStore;

const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  actor: { id: 'siti', role: 'social-worker', officeCode: '3603' },
  correlationId: 'corr-1',
  idempotencyKey: 'key-00000001',
  requestHash: 'hash',
  ...overrides,
});

const pinned = new Date('2026-03-02T02:15:00.000Z');

function executor(store: ScriptedStore, maxAttempts = 3) {
  return new CommandExecutor(
    store as unknown as EventStore<PoolClient>,
    passThroughIdempotency,
    new ServiceMetrics('test'),
    'test',
    { maxAttempts, clock: { now: () => pinned } },
  );
}

const target = {
  decider: counter,
  streamId: 'counter-1',
  command: { by: 2 },
  officeCode: '3603',
  caseId: 'case-1',
};

describe('the command handler', () => {
  it('appends what the decider decided, in a full envelope, and answers revision and position', async () => {
    const store = new ScriptedStore();
    const outcome = await executor(store).execute(context(), target);
    expect(outcome.result).toEqual({
      streamId: 'counter-1',
      revision: 0,
      position: Position.of(1n, 1n).toString(),
      eventIds: [expect.any(String)],
    });
    expect(store.events[0]).toMatchObject({
      type: 'Incremented',
      schemaVersion: 1,
      caseId: 'case-1',
      officeCode: '3603',
      actor: { id: 'siti', role: 'social-worker', officeCode: '3603' },
      correlationId: 'corr-1',
      causationId: null,
      // The service's one clock, not the machine's.
      occurredAt: pinned.toISOString(),
      payload: { by: 2 },
    });
  });

  it("retries the event store's stream order conflict, a bounded number of times", async () => {
    const store = new ScriptedStore([new StreamOrderConflict('counter-1')]);
    await expect(executor(store).execute(context(), target)).resolves.toMatchObject({
      result: { revision: 0 },
    });
    expect(store.appendCalls).toBe(2);

    const stuck = new ScriptedStore([1, 2, 3].map(() => new StreamOrderConflict('counter-1')));
    await expect(executor(stuck, 3).execute(context(), target)).rejects.toBeInstanceOf(
      StreamOrderConflict,
    );
    expect(stuck.appendCalls).toBe(3);
  });

  it('retries a concurrent writer when the client named no revision, deciding again on the new state', async () => {
    const store = new ScriptedStore([new WrongExpectedVersion('counter-1', 'noStream', 0)]);
    const outcome = await executor(store).execute(context(), target);
    expect(outcome.result.revision).toBe(0);
    expect(store.appendCalls).toBe(2);
  });

  it('answers a stale If-Match with the conflict, without deciding or appending', async () => {
    const store = new ScriptedStore();
    await executor(store).execute(context(), target);
    await expect(
      executor(store).execute(context({ expectedRevision: 5 }), target),
    ).rejects.toMatchObject({
      actualRevision: 0,
    });
    expect(store.appendCalls).toBe(1);
  });

  it('does not retry a conflict at append time when the client named the revision', async () => {
    const store = new ScriptedStore();
    await executor(store).execute(context(), target);
    // Another writer commits between this command's read (revision 0, as If-Match says) and its append.
    store.failures.push(new WrongExpectedVersion('counter-1', 0, 1));
    await expect(
      executor(store).execute(context({ expectedRevision: 0 }), target),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(store.appendCalls).toBe(2);
  });

  it('passes a broken rule on without retrying or appending', async () => {
    const store = new ScriptedStore();
    await expect(
      executor(store).execute(context(), { ...target, command: { by: 11 } }),
    ).rejects.toMatchObject({ rule: 'counter-full' });
    expect(store.appendCalls).toBe(0);
  });
});
