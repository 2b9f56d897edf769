import { inChunkOrder, planChunk, roundsOf, runsByType, type DecodedMessage } from './chunk-plan';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function message(index: number, caseKey: string, eventId = id(index), type = 'CaseOpened') {
  return {
    index,
    raw: { topic: 't', partition: 0, offset: String(index), key: null, value: null, headers: {} },
    event: { eventId, type, schemaVersion: 1, caseKey, payload: {}, topic: 't' },
    handler: 'handler',
  } satisfies DecodedMessage<string>;
}

const indexes = (messages: Array<{ index: number }>) => messages.map((m) => m.index);
const noState = { processed: new Set<string>(), parked: new Map<string, string>() };

describe('planning a chunk', () => {
  it('puts every message of a chunk without history together', () => {
    const plan = planChunk([message(0, 'a'), message(1, 'b'), message(2, 'a')], noState);
    expect(indexes(plan.together)).toEqual([0, 1, 2]);
    expect(plan.oneByOne).toEqual([]);
    expect(plan.duplicates).toBe(0);
  });

  it('counts what the inbox holds and a second delivery within the chunk as duplicates', () => {
    const plan = planChunk([message(0, 'a'), message(1, 'b'), message(2, 'a', id(0))], {
      processed: new Set([id(1)]),
      parked: new Map(),
    });
    expect(indexes(plan.together)).toEqual([0]);
    expect(plan.duplicates).toBe(2);
  });

  it("sends every message of a parked case one by one, the other cases' together", () => {
    const plan = planChunk([message(0, 'a'), message(1, 'p'), message(2, 'a'), message(3, 'p')], {
      processed: new Set(),
      parked: new Map([['p', id(99)]]),
    });
    expect(indexes(plan.together)).toEqual([0, 2]);
    expect(indexes(plan.oneByOne)).toEqual([1, 3]);
  });

  it('sends a processed dead letter of a parked case one by one, to finish its drain', () => {
    const plan = planChunk([message(0, 'p'), message(1, 'p')], {
      processed: new Set([id(0)]),
      parked: new Map([['p', id(0)]]),
    });
    expect(indexes(plan.oneByOne)).toEqual([0, 1]);
    expect(plan.duplicates).toBe(0);
  });

  it('groups consecutive messages by type, and merges lists back into chunk order', () => {
    const runs = runsByType([
      message(0, 'a', id(0), 'X'),
      message(1, 'b', id(1), 'X'),
      message(2, 'a', id(2), 'Y'),
      message(3, 'a', id(3), 'X'),
    ]);
    expect(runs.map(indexes)).toEqual([[0, 1], [2], [3]]);
    expect(indexes(inChunkOrder([message(2, 'a'), message(5, 'a')], [message(1, 'b')]))).toEqual([
      1, 2, 5,
    ]);
  });

  it("starts a new round at a case's second message whose handler prepares, and only then", () => {
    const preparing = { prepare: () => undefined };
    const plain = {};
    const of = (index: number, caseKey: string, handler: object) => ({
      ...message(index, caseKey),
      handler,
    });
    const rounds = roundsOf([
      of(0, 'a', preparing),
      of(1, 'b', preparing),
      of(2, 'a', plain),
      of(3, 'c', preparing),
      of(4, 'a', preparing),
      of(5, 'b', preparing),
    ]);
    expect(rounds.map(indexes)).toEqual([
      [0, 1, 2, 3],
      [4, 5],
    ]);
    expect(roundsOf([of(0, 'a', plain), of(1, 'a', plain)]).map(indexes)).toEqual([[0, 1]]);
    expect(roundsOf([])).toEqual([]);
  });
});
