import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JwtVerifier } from '../jwt/jwt-verifier';
import { devTokenIssuer } from './dev-tokens';

const workspace = path.resolve(__dirname, '../../../..');

/** `npm run token -- …` runs exactly this command. */
function token(args: string[]) {
  return spawnSync(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      '-r',
      '@swc-node/register',
      'libs/auth/src/dev-token-cli.ts',
      ...args,
    ],
    { cwd: workspace, encoding: 'utf8' },
  );
}

describe('npm run token', () => {
  const keyDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'dinsos-dev-auth-'));

  it('prints a dev token a service verifies with the public key file it names', async () => {
    const run = token(['--role', 'social-worker', '--office', '3603', '--key-dir', keyDirectory]);
    expect(run.status).toBe(0);
    const publicKeyFile = path.join(keyDirectory, 'public.pem');
    expect(run.stderr).toContain(`AUTH_DEV_PUBLIC_KEY_FILE=${publicKeyFile}`);
    const verifier = await JwtVerifier.create({
      keys: { publicKeyPem: fs.readFileSync(publicKeyFile, 'utf8') },
      issuer: devTokenIssuer,
    });
    await expect(verifier.verify(run.stdout.trim())).resolves.toEqual({
      id: 'dev-social-worker-3603',
      role: 'social-worker',
      officeCode: '3603',
    });
    expect(fs.statSync(path.join(keyDirectory, 'private.pem')).mode & 0o077).toBe(0);

    // The key pair is made once and reused, so tokens stay valid across runs.
    const second = token(['--role', 'auditor', '--office', '36', '--key-dir', keyDirectory]);
    await expect(verifier.verify(second.stdout.trim())).resolves.toMatchObject({
      role: 'auditor',
      officeCode: '36',
    });
  });

  it('explains what is wrong with the arguments and exits 2', () => {
    const run = token(['--role', 'root', '--office', '3603', '--key-dir', keyDirectory]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--role must be one of: intake-officer, social-worker');
    expect(run.stderr).toContain('usage: npm run token -- --role <role> --office <code>');
  });
});
