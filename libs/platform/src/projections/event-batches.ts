import { setImmediate } from 'node:timers';

const notReadYet = Symbol('not read yet');

/** Resolves once the pending I/O callbacks ran: whatever is still unsettled then awaits a read. */
const afterPendingIo = () =>
  new Promise<typeof notReadYet>((resolve) => setImmediate(() => resolve(notReadYet)));

/**
 * The iterator's items in batches: each batch is the next item and those the iterator already
 * holds (for the store's subscription, the rest of the page it read), up to `maxSize`. A batch
 * never waits for another read; what arrives later starts the next batch. Ending the batches ends
 * the iterator.
 */
export async function* inBatches<Item>(
  items: AsyncIterator<Item>,
  maxSize: number,
): AsyncGenerator<Item[], void, undefined> {
  const next = () => {
    const read = items.next();
    // Left in flight when the caller stops; its failure is the next round's to meet, not the
    // process's (an unhandled rejection).
    read.catch(() => undefined);
    return read;
  };
  try {
    let pending = next();
    for (;;) {
      const first = await pending;
      if (first.done) return;
      const batch = [first.value];
      pending = next();
      while (batch.length < maxSize) {
        const held = await Promise.race([pending, afterPendingIo()]);
        if (held === notReadYet) break;
        if (held.done) {
          yield batch;
          return;
        }
        batch.push(held.value);
        pending = next();
      }
      yield batch;
    }
  } finally {
    await items.return?.();
  }
}
