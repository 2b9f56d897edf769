import fs from 'node:fs';
import { z } from 'zod';

const postgresUrl = z
  .string()
  .refine(
    (value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value),
    'must be a postgres:// URL',
  );

const officeCode = z
  .string()
  .regex(/^\d{2}(\d{2})?$/, "must be a Kemendagri office code such as '36' or '3603'");

const brokers = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'name at least one broker'),
  );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The variables every service reads (README lists them). Empty values count as unset, so
 * `FOO=` in a .env file means "use the default", never "the empty string".
 */
export const sharedConfigShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** As the app role: what the service connects with (never the owner, never a superuser). */
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: positiveInt(10),
  /**
   * As the role that owns the service's schema: migrations of that schema at start. Unset: the
   * service does not migrate. (The shared parts are `npm run migrate`'s.)
   */
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  /** The service's own schema in the one database; default: the service's name, underscored. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case SQL name')
    .optional(),
  KAFKA_BROKERS: brokers,
  /** Prefixed to every topic; keeps test runs apart on one broker. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(''),
  /** The office an office-bound service instance serves, where relevant. */
  OFFICE_CODE: officeCode.optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_DEV_PUBLIC_KEY: z
    .string()
    .includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' })
    .optional(),
  AUTH_DEV_PUBLIC_KEY_FILE: z.string().optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  /** The officers' web console, allowed by CORS. Unset: no cross-origin calls. */
  CONSOLE_ORIGIN: z
    .url()
    .refine(
      (value) => new URL(value).origin === value.replace(/\/$/, ''),
      'must be an origin (scheme://host[:port])',
    )
    .optional(),
  /** The event store's limit on one stored event, in bytes; the JSON body limit follows from it. */
  EVENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .default(262_144),
  UPLOAD_MAX_BYTES: positiveInt(20 * 1024 * 1024),
  /**
   * Where scans, photos, fingerprints and issued documents are kept (encrypted). Required in
   * production; elsewhere default `.cache/files/<service>`.
   */
  FILE_STORE_DIR: z.string().trim().min(1).optional(),
  /** Wraps every data key; base64 of 32 bytes. Required in production; unset elsewhere: keys unwrapped. */
  PERSONAL_DATA_MASTER_KEY: z
    .string()
    .trim()
    .refine(
      (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32,
      'must be base64 of exactly 32 bytes (openssl rand -base64 32)',
    )
    .optional(),
  /**
   * Express's `trust proxy` behind an ingress or load balancer (hop count such as `1`, or
   * addresses/subnets), so rate limits and logs see the client's address, not the proxy's.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d+|[0-9a-fA-F:./, ]+|loopback|linklocal|uniquelocal)$/,
      'must be a hop count or addresses',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PER_MINUTE: positiveInt(600),
  /** How long a shutdown may take to finish in-flight work before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt(15_000),
};

export type SharedConfig = z.infer<z.ZodObject<typeof sharedConfigShape>>;
export type ServiceConfig<S extends z.ZodRawShape = Record<never, never>> = SharedConfig &
  z.infer<z.ZodObject<S>>;

/** One configuration problem: the variable and what is wrong with it. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

export type ConfigResult<C> = { ok: true; config: C } | { ok: false; problems: ConfigProblem[] };

function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') result[name] = value;
  return result;
}

/** Rules across variables that need only their presence: checked even when others are bad. */
function presenceChecks(env: Record<string, string>, problems: ConfigProblem[]): void {
  const keySources = (
    ['AUTH_JWKS_URL', 'AUTH_DEV_PUBLIC_KEY', 'AUTH_DEV_PUBLIC_KEY_FILE'] as const
  ).filter((name) => env[name] !== undefined);
  if (keySources.length === 0) {
    problems.push({
      variable: 'AUTH_JWKS_URL',
      message: 'is required (or, in development, AUTH_DEV_PUBLIC_KEY or AUTH_DEV_PUBLIC_KEY_FILE)',
    });
  } else if (keySources.length > 1) {
    problems.push({ variable: keySources[1], message: `set only one of ${keySources.join(', ')}` });
  }
  if (env.NODE_ENV === 'production') {
    for (const name of ['AUTH_DEV_PUBLIC_KEY', 'AUTH_DEV_PUBLIC_KEY_FILE'] as const) {
      if (env[name] !== undefined)
        problems.push({ variable: name, message: 'is refused in production: use AUTH_JWKS_URL' });
    }
  }
}

/** Rules across valid values. */
function valueChecks(config: SharedConfig, problems: ConfigProblem[]): void {
  if (config.AUTH_DEV_PUBLIC_KEY_FILE !== undefined) {
    try {
      if (!fs.readFileSync(config.AUTH_DEV_PUBLIC_KEY_FILE, 'utf8').includes('BEGIN PUBLIC KEY')) {
        problems.push({
          variable: 'AUTH_DEV_PUBLIC_KEY_FILE',
          message: 'does not hold a PEM public key',
        });
      }
    } catch {
      problems.push({
        variable: 'AUTH_DEV_PUBLIC_KEY_FILE',
        message: `cannot read ${config.AUTH_DEV_PUBLIC_KEY_FILE}`,
      });
    }
  }
  if (config.DATABASE_MIGRATION_URL !== undefined) {
    const app = new URL(config.DATABASE_URL).username;
    if (app === new URL(config.DATABASE_MIGRATION_URL).username) {
      problems.push({
        variable: 'DATABASE_URL',
        message: 'must name the app role, not the migration (owner) role of DATABASE_MIGRATION_URL',
      });
    }
  }
}

/**
 * Validates the environment against the shared variables plus the service's own. Returns every
 * problem at once rather than the first, so one start tells the operator all that is wrong.
 */
export function loadConfig<S extends z.ZodRawShape = Record<never, never>>(
  serviceShape: S = {} as S,
  env: Record<string, string | undefined> = process.env,
): ConfigResult<ServiceConfig<S>> {
  const schema = z.object({ ...sharedConfigShape, ...serviceShape });
  const given = withoutEmptyValues(env);
  const parsed = schema.safeParse(given);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      problems.push({
        variable,
        message: given[variable] === undefined ? 'is required' : issue.message,
      });
    }
  }
  presenceChecks(given, problems);
  if (parsed.success) valueChecks(parsed.data as SharedConfig, problems);
  return problems.length
    ? { ok: false, problems }
    : { ok: true, config: parsed.data as ServiceConfig<S> };
}

export function formatConfigProblems(service: string, problems: readonly ConfigProblem[]): string {
  return [
    `${service} cannot start: its configuration is not valid.`,
    ...problems.map((p) => `  ${p.variable} ${p.message}`),
  ].join('\n');
}

/** loadConfig, or one message naming every bad variable on stderr and exit code 1. */
export function configOrExit<S extends z.ZodRawShape = Record<never, never>>(
  service: string,
  serviceShape?: S,
  env: Record<string, string | undefined> = process.env,
): ServiceConfig<S> {
  const result = loadConfig(serviceShape, env);
  if (result.ok) return result.config;
  process.stderr.write(`${formatConfigProblems(service, result.problems)}\n`);
  process.exit(1);
}

/** The PEM the dev key variables point at, or undefined with a JWKS. */
export function devPublicKeyPem(config: SharedConfig): string | undefined {
  if (config.AUTH_DEV_PUBLIC_KEY) return config.AUTH_DEV_PUBLIC_KEY;
  if (config.AUTH_DEV_PUBLIC_KEY_FILE)
    return fs.readFileSync(config.AUTH_DEV_PUBLIC_KEY_FILE, 'utf8');
  return undefined;
}

/** The app role's name, from DATABASE_URL: migrations grant it what the service needs. */
export function appRoleOf(config: SharedConfig): string {
  return decodeURIComponent(new URL(config.DATABASE_URL).username);
}
