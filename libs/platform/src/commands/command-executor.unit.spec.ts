import {
  Position,
  StreamOrderConflict,
  WrongExpectedVersion,
  type AppendResult,
  type NewEvent,
  type RecordedEvent,
} from '@dinsos/event-store';
import type { PoolClient } from 'pg';
import { DomainRuleViolation } from '../errors/errors';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import { ServiceMetrics } from '../metrics/service-metrics';
import {
  CommandExecutor,
  type CommandContext,
  type CommandResult,
  type CommandStore,
} from './command-executor';
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

/** In-memory streams whose appends fail with the given errors first (unit test only). */
class ScriptedStore {
  readonly streams = new Map<string, RecordedEvent[]>();
  appendCalls = 0;
  readonly held: Array<{ streamId: string; revision: number }> = [];
  constructor(readonly failures: Error[] = []) {}

  get events(): RecordedEvent[] {
    return this.streams.get('counter-1') ?? [];
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return [...(this.streams.get(streamId) ?? [])];
  }

  async expectStreamRevision(streamId: string, revision: number): Promise<void> {
    this.held.push({ streamId, revision });
    const head = (this.streams.get(streamId)?.length ?? 0) - 1;
    if (head !== revision) throw new WrongExpectedVersion(streamId, revision, head);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent<object>[],
  ): Promise<AppendResult> {
    this.appendCalls += 1;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const stream = this.streams.get(streamId) ?? [];
    const stored = [...this.streams.values()].reduce((sum, each) => sum + each.length, 0);
    const appended = events.map((event, index) => {
      const recorded = {
        ...event,
        streamId,
        streamRevision: stream.length + index,
        position: Position.of(1n, BigInt(stored + index + 1)),
      } as unknown as RecordedEvent;
      return recorded;
    });
    stream.push(...appended);
    this.streams.set(streamId, stream);
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
    store as unknown as CommandStore,
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

  it('refuses when authorize refuses the state the command decides on, appending nothing', async () => {
    const store = new ScriptedStore();
    await executor(store).execute(context(), target);
    const seen: number[] = [];
    await expect(
      executor(store).execute(context({ idempotencyKey: 'key-00000002' }), {
        ...target,
        authorize: (state) => {
          seen.push(state.total);
          if (state.total >= 2) throw new DomainRuleViolation('closed', 'closed');
        },
      }),
    ).rejects.toMatchObject({ rule: 'closed' });
    expect(seen).toEqual([2]);
    expect(store.appendCalls).toBe(1);
  });
});

describe('a command prepared from the state it decides on', () => {
  it('builds the command outside the transaction from the state as read, after authorize', async () => {
    const store = new ScriptedStore();
    await executor(store).execute(context(), target);
    const steps: string[] = [];
    await executor(store).execute(context({ idempotencyKey: 'key-00000002' }), {
      decider: counter,
      streamId: 'counter-1',
      officeCode: '3603',
      authorize: () => void steps.push('authorize'),
      prepareCommand: async (state) => {
        steps.push(`prepare on ${state.total}`);
        return { by: state.total + 1 };
      },
    });
    expect(store.events.map((event) => event.payload)).toEqual([{ by: 2 }, { by: 3 }]);
    // Once before the transaction (so nothing is prepared for a refused caller), once inside.
    expect(steps).toEqual(['authorize', 'prepare on 2', 'authorize']);
  });

  it('takes the pinned standard of the envelope from the state, where the stream keeps it', async () => {
    const store = new ScriptedStore();
    await executor(store).execute(context(), {
      ...target,
      serviceStandard: (state) => ({ code: 'standard-at', version: state.total + 1 }),
    });
    expect(store.events[0].serviceStandard).toEqual({ code: 'standard-at', version: 1 });
  });

  it('prepares nothing for a caller authorize refuses', async () => {
    const store = new ScriptedStore();
    let prepared = 0;
    await expect(
      executor(store).execute(context(), {
        decider: counter,
        streamId: 'counter-1',
        officeCode: '3603',
        authorize: () => {
          throw new DomainRuleViolation('closed', 'closed');
        },
        prepareCommand: async () => {
          prepared += 1;
          return { by: 1 };
        },
      }),
    ).rejects.toMatchObject({ rule: 'closed' });
    expect(prepared).toBe(0);
    expect(store.appendCalls).toBe(0);
  });

  it('prepares again on the new state when a concurrent writer moved the stream', async () => {
    const store = new ScriptedStore([new WrongExpectedVersion('counter-1', -1, 0)]);
    const seen: number[] = [];
    await executor(store).execute(context(), {
      decider: counter,
      streamId: 'counter-1',
      officeCode: '3603',
      prepareCommand: async (state) => {
        seen.push(state.total);
        return { by: 1 };
      },
    });
    expect(seen).toEqual([0, 0]);
    expect(store.events).toHaveLength(1);
  });
});

describe('a command over several streams', () => {
  const twoStreams = (store: ScriptedStore, extra: { failOnHold?: boolean } = {}) => {
    const decisions: number[] = [];
    return {
      decisions,
      plan: {
        reads: {
          scope: { streamId: 'counter-scope', decider: counter },
          target: { streamId: 'counter-1', decider: counter },
        },
        ifMatch: 'scope' as const,
        authorize: (states: { scope: { state: { total: number } } }) => {
          if (states.scope.state.total > 3)
            throw new DomainRuleViolation('out-of-scope', 'no longer yours');
        },
        decide: async (
          states: {
            target: { state: { total: number }; revision: number; position: null | Position };
          },
          _transaction: PoolClient,
        ) => {
          decisions.push(states.target.state.total);
          if (extra.failOnHold) store.failures.length = 0;
          return {
            writes: [
              {
                decider: counter,
                streamId: 'counter-new',
                command: { by: 1 },
                officeCode: '3603',
              },
              {
                decider: counter,
                streamId: 'counter-1',
                command: { by: 2 },
                current: states.target,
                officeCode: '3603',
              },
            ],
            answer: (result: CommandResult) => ({
              ...result,
              made: 'counter-new',
            }),
            location: '/counters/new',
          };
        },
      },
    };
  };

  it('appends to each written stream in one go, ids in order, and holds the streams it only read', async () => {
    const store = new ScriptedStore();
    const { plan } = twoStreams(store);
    const outcome = await executor(store).run(context(), plan);
    expect(outcome.result).toMatchObject({
      streamId: 'counter-new',
      revision: 0,
      made: 'counter-new',
      eventIds: [expect.any(String), expect.any(String)],
    });
    expect(outcome.result.position).toBe(Position.of(1n, 2n).toString());
    expect(outcome.location).toBe('/counters/new');
    expect(new Set(outcome.result.eventIds).size).toBe(2);
    expect(store.held).toEqual([{ streamId: 'counter-scope', revision: -1 }]);
  });

  it('decides again when a stream it only read moved before it committed, and then refuses', async () => {
    const store = new ScriptedStore();
    const { plan, decisions } = twoStreams(store);
    // Another command moves the scope stream after this one read it: the hold fails, the
    // command reads again, and authorize refuses the new state.
    const hold = store.expectStreamRevision.bind(store);
    let moved = false;
    store.expectStreamRevision = async (streamId: string, revision: number) => {
      if (!moved) {
        moved = true;
        store.streams.set(
          'counter-scope',
          [0, 1].map(
            (index) =>
              ({
                type: 'Incremented',
                payload: { by: 2 },
                streamRevision: index,
                position: Position.of(9n, BigInt(index)),
              }) as unknown as RecordedEvent,
          ),
        );
      }
      return hold(streamId, revision);
    };
    await expect(executor(store).run(context(), plan)).rejects.toMatchObject({
      rule: 'out-of-scope',
    });
    expect(decisions).toEqual([0]);
    expect(store.appendCalls).toBe(0);
  });

  it('compares If-Match with the read it names, not with the stream it writes', async () => {
    const store = new ScriptedStore();
    const { plan } = twoStreams(store);
    await expect(executor(store).run(context({ expectedRevision: 0 }), plan)).rejects.toMatchObject(
      { streamId: 'counter-scope', actualRevision: 'noStream' },
    );
    expect(store.appendCalls).toBe(0);
  });

  it('answers a decision that writes nothing with the stream If-Match names, as read', async () => {
    const store = new ScriptedStore();
    await executor(store).execute(context(), target);
    const outcome = await executor(store).run(context({ idempotencyKey: 'key-00000003' }), {
      reads: { counter: { streamId: 'counter-1', decider: counter } },
      decide: () => ({ writes: [] }),
    });
    expect(outcome.result).toEqual({
      streamId: 'counter-1',
      revision: 0,
      position: Position.of(1n, 1n).toString(),
      eventIds: [],
    });
    expect(store.appendCalls).toBe(1);
  });
});
