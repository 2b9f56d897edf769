import { isOfficeCode } from '../office-scope/office-scope';
import { isRole, roles } from '../roles/roles';
import type { DevTokenRequest } from './dev-tokens';

export const devTokenUsage =
  'usage: npm run token -- --role <role> --office <code> [--sub <id>] [--ttl 8h] [--aud <audience>] [--key-dir <dir>]\n' +
  `roles: ${roles.join(', ')}`;

/** Reads the CLI's arguments; returns the problems instead when they are wrong. */
export function parseDevTokenArgs(
  argv: readonly string[],
):
  | { ok: true; request: DevTokenRequest; keyDirectory?: string }
  | { ok: false; problems: string[] } {
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index];
    if (!name.startsWith('--')) {
      problems.push(`unexpected argument ${name}`);
      continue;
    }
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) {
      problems.push(`${name} needs a value`);
      continue;
    }
    values.set(name.slice(2), value);
    index += 1;
  }
  for (const name of values.keys()) {
    if (!['role', 'office', 'sub', 'ttl', 'aud', 'key-dir'].includes(name))
      problems.push(`unknown option --${name}`);
  }
  const role = values.get('role');
  const office = values.get('office');
  if (!isRole(role)) problems.push(`--role must be one of: ${roles.join(', ')}`);
  if (!isOfficeCode(office))
    problems.push('--office must be a Kemendagri office code such as 36 or 3603');
  const ttl = values.get('ttl');
  if (ttl !== undefined && !/^\d+\s*(s|m|h|d)$/.test(ttl))
    problems.push('--ttl must look like 15m, 8h or 2d');
  if (problems.length > 0 || !isRole(role) || !isOfficeCode(office)) return { ok: false, problems };
  return {
    ok: true,
    request: {
      role,
      officeCode: office,
      subject: values.get('sub'),
      expiresIn: ttl,
      audience: values.get('aud'),
    },
    keyDirectory: values.get('key-dir'),
  };
}
