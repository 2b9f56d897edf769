/**
 * `npm run token -- --role social-worker --office 3603` prints a development token on stdout.
 * The key pair is created on first use in .cache/dev-auth; services verify with
 * AUTH_DEV_PUBLIC_KEY_FILE pointing at its public.pem (refused in production).
 */
import { devTokenUsage, parseDevTokenArgs } from './dev-tokens/dev-token-args';
import { ensureDevKeyPair, signDevToken } from './dev-tokens/dev-tokens';

async function main(): Promise<number> {
  const parsed = parseDevTokenArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.problems.join('\n')}\n${devTokenUsage}\n`);
    return 2;
  }
  const keys = await ensureDevKeyPair(parsed.keyDirectory);
  process.stdout.write(`${await signDevToken(keys.privateKeyPem, parsed.request)}\n`);
  process.stderr.write(`verify with AUTH_DEV_PUBLIC_KEY_FILE=${keys.publicKeyFile}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
