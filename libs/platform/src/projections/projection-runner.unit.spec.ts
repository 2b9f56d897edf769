// A projection names exactly one way to apply events; the runner refuses it otherwise, at once.
import type { PoolClient } from 'pg';
import { ProjectionRunner, type StoreProjection } from './projection-runner';
import type { ProjectionTransactions } from './projection-transactions';

const unused = {} as ProjectionTransactions<PoolClient>;
const store = { subscribeToAll: () => ({}) as never };
const reset = async () => undefined;

describe('ProjectionRunner', () => {
  it('refuses a projection with both apply and applyBatch, or with neither', () => {
    const both = { name: 'both', reset, apply: reset, applyBatch: reset };
    const neither = { name: 'neither', reset };
    for (const projection of [both, neither]) {
      expect(
        () => new ProjectionRunner(unused, store, projection as unknown as StoreProjection),
      ).toThrow(`projection "${projection.name}" needs exactly one of apply and applyBatch`);
    }
  });

  it('refuses a batch size that is not a positive integer', () => {
    const batched: StoreProjection = { name: 'batched', reset, applyBatch: reset };
    expect(() => new ProjectionRunner(unused, store, batched, { maxBatchSize: 0 })).toThrow(
      'maxBatchSize must be a positive integer, not 0',
    );
  });

  it('takes either form, and the types refuse both or neither', () => {
    // @ts-expect-error both forms at once
    const both: StoreProjection = { name: 'both', reset, apply: reset, applyBatch: reset };
    // @ts-expect-error neither form
    const neither: StoreProjection = { name: 'neither', reset };
    expect([both, neither]).toHaveLength(2);

    const perEvent: StoreProjection = { name: 'per-event', reset, apply: reset };
    const batched: StoreProjection = { name: 'batched', reset, applyBatch: reset };
    expect(new ProjectionRunner(unused, store, perEvent)).toBeInstanceOf(ProjectionRunner);
    expect(new ProjectionRunner(unused, store, batched)).toBeInstanceOf(ProjectionRunner);
  });
});
