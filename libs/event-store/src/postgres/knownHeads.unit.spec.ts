import { GENESIS_HASH } from '../hashChain';
import { BEFORE_FIRST_EVENT, KnownHeads } from './knownHeads';

const head = (streamRevision: number) => ({
  streamRevision,
  hash: streamRevision.toString(16).padStart(64, '0'),
  transactionId: String(1000 + streamRevision),
});

describe('KnownHeads', () => {
  it('offers a known event only to an append expecting exactly its revision', () => {
    const heads = new KnownHeads(10);
    heads.remember('intakeCase-1', head(4));
    expect(heads.headFor('intakeCase-1', 4)).toEqual(head(4));
    expect(heads.headFor('intakeCase-1', 3)).toBeUndefined();
    expect(heads.headFor('intakeCase-1', 5)).toBeUndefined();
    expect(heads.headFor('intakeCase-1', 'any')).toBeUndefined();
    expect(heads.headFor('intakeCase-1', 'streamExists')).toBeUndefined();
    expect(heads.headFor('intakeCase-2', 4)).toBeUndefined();
  });

  it('chains a new stream onto the genesis hash', () => {
    expect(new KnownHeads(10).headFor('intakeCase-1', 'noStream')).toEqual({
      streamRevision: -1,
      hash: GENESIS_HASH,
      transactionId: null,
    });
    expect(BEFORE_FIRST_EVENT.hash).toBe(GENESIS_HASH);
  });

  it('keeps the latest revision it learnt of, whatever order it learns them in', () => {
    const heads = new KnownHeads(10);
    heads.remember('intakeCase-1', head(7));
    heads.remember('intakeCase-1', head(2)); // an older read
    expect(heads.headFor('intakeCase-1', 7)).toEqual(head(7));
    heads.remember('intakeCase-1', head(8));
    expect(heads.headFor('intakeCase-1', 8)).toEqual(head(8));
  });

  it('forgets the least recently used stream beyond its capacity', () => {
    const heads = new KnownHeads(2);
    heads.remember('a-1', head(0));
    heads.remember('b-1', head(0));
    heads.remember('a-1', head(1)); // a-1 is now the most recent
    heads.remember('c-1', head(0));
    expect(heads.size).toBe(2);
    expect(heads.headFor('b-1', 0)).toBeUndefined();
    expect(heads.headFor('a-1', 1)).toEqual(head(1));
    expect(heads.headFor('c-1', 0)).toEqual(head(0));
  });

  it('knows nothing, not even new streams, at capacity 0', () => {
    const heads = new KnownHeads(0);
    heads.remember('a-1', head(0));
    expect(heads.size).toBe(0);
    expect(heads.headFor('a-1', 0)).toBeUndefined();
    expect(heads.headFor('a-1', 'noStream')).toBeUndefined();
  });
});
