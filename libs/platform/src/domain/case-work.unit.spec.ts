import { DomainRuleViolation } from '../errors/errors';
import { handOver, transferRecorded } from './case-work';

describe('work on a case changing hands', () => {
  it('does nothing when the same person is named again, reason or not', () => {
    expect(handOver('siti', 'siti', undefined, 'why?')).toBeNull();
    expect(handOver('siti', 'siti', 'again', 'why?')).toBeNull();
  });

  it('gives the work to the first person without a reason, and keeps one that is given', () => {
    expect(handOver(undefined, 'siti', undefined, 'why?')).toEqual({});
    expect(handOver(undefined, 'siti', 'new intake', 'why?')).toEqual({ reason: 'new intake' });
  });

  it('refuses to take it from someone else without a reason; a blank reason is none', () => {
    for (const reason of [undefined, '', '   ']) {
      expect(() => handOver('siti', 'budi', reason, 'Say why it changes hands.')).toThrow(
        new DomainRuleViolation('reassignment-needs-reason', 'Say why it changes hands.'),
      );
    }
    expect(handOver('siti', 'budi', 'on leave', 'why?')).toEqual({
      previous: 'siti',
      reason: 'on leave',
    });
  });

  it('knows a transfer already recorded and in force, but not a transfer back', () => {
    const moved = { officeCode: '36', transfers: [{ toOfficeCode: '36' }] };
    expect(transferRecorded(moved, '36')).toBe(true);
    expect(transferRecorded(moved, '3601')).toBe(false);
    expect(transferRecorded({ officeCode: '36', transfers: [] }, '36')).toBe(false);
  });
});
