import { isInfrastructureFailure } from './event-consumer';

describe('isInfrastructureFailure', () => {
  it.each([
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '08006', message: 'connection failure' }],
    [{ code: '53300', message: 'too many connections' }],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [new Error('Connection terminated unexpectedly')],
  ])('treats %o as the database being unreachable', (error) => {
    expect(isInfrastructureFailure(error)).toBe(true);
  });

  it.each([
    [{ code: '23505', message: 'duplicate key' }],
    [{ code: '42501', message: 'permission denied' }],
    [new Error('assessment template missing')],
    [undefined],
  ])('treats %o as the handler failing', (error) => {
    expect(isInfrastructureFailure(error)).toBe(false);
  });
});
