import { parseDevTokenArgs } from './dev-token-args';

describe('npm run token arguments', () => {
  it('reads role, office and the optional subject and lifetime', () => {
    expect(parseDevTokenArgs(['--role', 'social-worker', '--office', '3603'])).toEqual({
      ok: true,
      request: {
        role: 'social-worker',
        officeCode: '3603',
        subject: undefined,
        expiresIn: undefined,
        audience: undefined,
      },
      keyDirectory: undefined,
    });
    const parsed = parseDevTokenArgs([
      '--role',
      'auditor',
      '--office',
      '36',
      '--sub',
      'ani',
      '--ttl',
      '15m',
    ]);
    expect(parsed).toMatchObject({ ok: true, request: { subject: 'ani', expiresIn: '15m' } });
  });

  it('names every problem: unknown role, bad office, missing value, unknown option', () => {
    const parsed = parseDevTokenArgs([
      '--role',
      'root',
      '--office',
      '3',
      '--ttl',
      'forever',
      '--colour',
      'red',
      '--sub',
    ]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('--role must be one of'),
        expect.stringContaining('--office must be'),
        expect.stringContaining('--ttl'),
        'unknown option --colour',
        '--sub needs a value',
      ]),
    );
  });
});
