import {
  commandEventId,
  parseIdempotencyKey,
  reactionEventId,
  requestHash,
  type IdempotencyScope,
} from './idempotency-scope';

const scope: IdempotencyScope = {
  service: 'intake',
  officeCode: '3603',
  actorId: 'siti',
  key: 'k-0001-abcd',
};

describe('idempotency scope and deterministic ids', () => {
  it('derives the same event ids from the same scope, key and index', () => {
    expect(commandEventId(scope, 0)).toBe(commandEventId({ ...scope }, 0));
    expect(commandEventId(scope, 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('derives different ids for another office, actor, service, key or index', () => {
    const ids = new Set([
      commandEventId(scope, 0),
      commandEventId(scope, 1),
      commandEventId({ ...scope, officeCode: '3601' }, 0),
      commandEventId({ ...scope, actorId: 'budi' }, 0),
      commandEventId({ ...scope, service: 'placement' }, 0),
      commandEventId({ ...scope, key: 'k-0001-abce' }, 0),
    ]);
    expect(ids.size).toBe(6);
  });

  it('derives reaction ids from the service, the causing event and the handler only', () => {
    const cause = '0d6c3b1e-52f4-4f0e-9c61-3a1f2b7d9e10';
    expect(reactionEventId('assessment', cause, 'scheduleFirstVisit', 0)).toBe(
      reactionEventId('assessment', cause, 'scheduleFirstVisit', 0),
    );
    expect(reactionEventId('assessment', cause, 'scheduleFirstVisit', 0)).not.toBe(
      reactionEventId('assessment', cause, 'other', 0),
    );
    expect(reactionEventId('assessment', cause, 'scheduleFirstVisit', 0)).not.toBe(
      commandEventId(scope, 0),
    );
    // Two services with a reaction of the same name, to the same event: two ids.
    expect(reactionEventId('assessment', cause, 'scheduleFirstVisit', 0)).not.toBe(
      reactionEventId('placement', cause, 'scheduleFirstVisit', 0),
    );
  });

  it('treats the same JSON in another key order as the same request, another path or body as different', () => {
    const a = requestHash('post', '/cases/c-1/visits', { plannedOn: '2026-12-01', notes: 'x' });
    expect(requestHash('POST', '/cases/c-1/visits', { notes: 'x', plannedOn: '2026-12-01' })).toBe(
      a,
    );
    expect(
      requestHash('POST', '/cases/c-2/visits', { notes: 'x', plannedOn: '2026-12-01' }),
    ).not.toBe(a);
    expect(
      requestHash('POST', '/cases/c-1/visits', { notes: 'y', plannedOn: '2026-12-01' }),
    ).not.toBe(a);
  });

  it('requires a sane Idempotency-Key header', () => {
    expect(parseIdempotencyKey('9b2f6a70-0f4e-4c55-8a0d-1a2b3c4d5e6f')).toBe(
      '9b2f6a70-0f4e-4c55-8a0d-1a2b3c4d5e6f',
    );
    expect(() => parseIdempotencyKey(undefined)).toThrow('Idempotency-Key: is required');
    expect(() => parseIdempotencyKey('short')).toThrow('8 to 200');
    expect(() => parseIdempotencyKey('has spaces in it')).toThrow('8 to 200');
  });
});
