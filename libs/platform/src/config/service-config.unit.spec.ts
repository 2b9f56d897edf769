import { z } from 'zod';
import { formatConfigProblems, loadConfig } from './service-config';

const publicKey = '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----';
const valid = {
  DATABASE_URL: 'postgres://dinsos_app:secret@db:5432/intake',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  AUTH_DEV_PUBLIC_KEY: publicKey,
};

describe('service configuration from the environment', () => {
  it('fills defaults: port, event limit matching the event store, log level', () => {
    const result = loadConfig({}, valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      PORT: 3000,
      EVENT_MAX_BYTES: 262_144,
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092'],
      KAFKA_TOPIC_PREFIX: '',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    });
  });

  it('names every missing or bad variable at once', () => {
    const result = loadConfig({}, { PORT: 'eighty', KAFKA_BROKERS: 'kafka', DATABASE_URL: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.variable).sort()).toEqual([
      'AUTH_JWKS_URL',
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'PORT',
    ]);
    expect(result.problems.find((p) => p.variable === 'DATABASE_URL')?.message).toBe('is required');
    expect(result.problems.find((p) => p.variable === 'PORT')?.message).not.toBe('is required');
    expect(formatConfigProblems('intake', result.problems)).toMatch(
      /^intake cannot start.*\n {2}(AUTH_JWKS_URL|DATABASE_URL|KAFKA_BROKERS|PORT) /,
    );
  });

  it("validates the service's own variables with the shared ones", () => {
    const own = { INTAKE_CASE_NUMBER_PREFIX: z.string().min(2) };
    expect(loadConfig(own, valid)).toEqual({
      ok: false,
      problems: [{ variable: 'INTAKE_CASE_NUMBER_PREFIX', message: 'is required' }],
    });
    const result = loadConfig(own, { ...valid, INTAKE_CASE_NUMBER_PREFIX: 'BTN' });
    expect(result.ok && result.config.INTAKE_CASE_NUMBER_PREFIX).toBe('BTN');
  });

  it('needs exactly one source of token keys, and refuses the dev key in production', () => {
    const { AUTH_DEV_PUBLIC_KEY: _key, ...withoutKey } = valid;
    expect(loadConfig({}, withoutKey)).toMatchObject({
      ok: false,
      problems: [{ variable: 'AUTH_JWKS_URL' }],
    });
    expect(loadConfig({}, { ...valid, AUTH_JWKS_URL: 'https://sso.example/jwks' })).toMatchObject({
      ok: false,
      problems: [{ variable: 'AUTH_DEV_PUBLIC_KEY', message: expect.stringContaining('only one') }],
    });
    expect(loadConfig({}, { ...valid, NODE_ENV: 'production' })).toMatchObject({
      ok: false,
      problems: [
        {
          variable: 'AUTH_DEV_PUBLIC_KEY',
          message: expect.stringContaining('refused in production'),
        },
      ],
    });
  });

  it('refuses to run as the migration role', () => {
    const result = loadConfig(
      {},
      { ...valid, DATABASE_MIGRATION_URL: 'postgres://dinsos_app:secret@db:5432/intake' },
    );
    expect(result).toMatchObject({ ok: false, problems: [{ variable: 'DATABASE_URL' }] });
  });

  it('treats an empty value as unset and checks origins and office codes', () => {
    expect(loadConfig({}, { ...valid, PORT: '' })).toMatchObject({
      ok: true,
      config: { PORT: 3000 },
    });
    expect(
      loadConfig({}, { ...valid, CONSOLE_ORIGIN: 'https://console.example/app' }),
    ).toMatchObject({
      ok: false,
      problems: [{ variable: 'CONSOLE_ORIGIN' }],
    });
    expect(loadConfig({}, { ...valid, TRUST_PROXY: '1' })).toMatchObject({
      ok: true,
      config: { TRUST_PROXY: '1' },
    });
    expect(loadConfig({}, { ...valid, TRUST_PROXY: 'everyone' })).toMatchObject({
      ok: false,
      problems: [{ variable: 'TRUST_PROXY' }],
    });
    expect(loadConfig({}, { ...valid, OFFICE_CODE: '360' })).toMatchObject({
      ok: false,
      problems: [{ variable: 'OFFICE_CODE' }],
    });
  });
});
