// inBatches: a batch is what the iterator already holds, never more than maxSize, and never waits
// for the next read.
import { setTimeout as sleep } from 'node:timers/promises';
import { inBatches } from './event-batches';

/** Yields each page's items at once, as the store's subscription does, with a read between pages. */
async function* pages<Item>(...read: Item[][]): AsyncGenerator<Item> {
  for (const page of read) {
    await sleep(5);
    yield* page;
  }
}

async function all<Item>(batches: AsyncIterable<Item[]>): Promise<Item[][]> {
  const taken: Item[][] = [];
  for await (const batch of batches) taken.push(batch);
  return taken;
}

describe('inBatches', () => {
  it('gives each read page as one batch', async () => {
    expect(await all(inBatches(pages([1, 2, 3], [4], [5, 6]), 10))).toEqual([
      [1, 2, 3],
      [4],
      [5, 6],
    ]);
  });

  it('cuts a page into batches of at most maxSize', async () => {
    expect(await all(inBatches(pages([1, 2, 3, 4, 5], [6, 7]), 2))).toEqual([
      [1, 2],
      [3, 4],
      [5],
      [6, 7],
    ]);
  });

  it('gives one item at a time with maxSize 1', async () => {
    expect(await all(inBatches(pages([1, 2], [3]), 1))).toEqual([[1], [2], [3]]);
  });

  it('passes on a failed read after the items before it, and ends the iterator when stopped', async () => {
    async function* failing() {
      yield* [1, 2];
      await sleep(5);
      throw new Error('read failed');
    }
    const taken: number[][] = [];
    await expect(async () => {
      for await (const batch of inBatches(failing(), 10)) taken.push(batch);
    }).rejects.toThrow('read failed');
    expect(taken).toEqual([[1, 2]]);

    let ended = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          await sleep(1);
          yield i;
        }
      } finally {
        ended = true;
      }
    }
    for await (const batch of inBatches(endless(), 10)) {
      expect(batch).toEqual([0]);
      break;
    }
    expect(ended).toBe(true);
  });
});
