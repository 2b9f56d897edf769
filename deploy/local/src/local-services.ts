// The services `npm start` runs, in the order it starts them. `npx nx g @dinsos/tools:service
// <name>` appends the entry of a new service here.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface LocalService {
  /** The service's name (services/<name>): also its log file, .cache/logs/<name>.log. */
  name: string;
  /** As the start prints it. */
  title: string;
  main: string;
  /** Its port unless `<NAME>_PORT` says otherwise (see `portVariableOf`). */
  port: number;
  /** The database role it runs as; its schema's owner is `<role>_owner`. */
  role: string;
  /** What it runs beside HTTP, printed after its URL. */
  note: string;
  /** Its own variables, beside the database, Kafka and the development key every service gets. */
  env?: (where: { cacheDir: string }) => Record<string, string>;
}

export const localServices: readonly LocalService[] = [
  {
    name: 'intake',
    title: 'Intake',
    main: 'services/intake/src/main.ts',
    port: 3001,
    role: 'dinsos_intake',
    note: 'relay to dinsos.intake.events.v1',
    env: ({ cacheDir }) => ({ FILE_STORE_DIR: path.join(cacheDir, 'intake-files') }),
  },
  {
    name: 'assessment',
    title: 'Assessment',
    main: 'services/assessment/src/main.ts',
    port: 3002,
    role: 'dinsos_assessment',
    note: 'relay to dinsos.assessment.events.v1',
    env: ({ cacheDir }) => ({ FILE_STORE_DIR: path.join(cacheDir, 'assessment-files') }),
  },
  {
    name: 'family-tracing',
    title: 'Family tracing',
    main: 'services/family-tracing/src/main.ts',
    port: 3003,
    role: 'dinsos_family_tracing',
    note: 'relay to dinsos.tracing.events.v1',
    env: ({ cacheDir }) => ({ FILE_STORE_DIR: path.join(cacheDir, 'family-tracing-files') }),
  },
  {
    name: 'placement',
    title: 'Placement',
    main: 'services/placement/src/main.ts',
    port: 3004,
    role: 'dinsos_placement',
    note: 'relay to dinsos.placement.events.v1',
    env: ({ cacheDir }) => ({ FILE_STORE_DIR: path.join(cacheDir, 'placement-files') }),
  },
  {
    name: 'complaints',
    title: 'Complaints',
    main: 'services/complaints/src/main.ts',
    port: 3005,
    role: 'dinsos_complaints',
    note: 'relay to dinsos.complaints.events.v1',
    env: ({ cacheDir }) => ({ FILE_STORE_DIR: path.join(cacheDir, 'complaints-files') }),
  },
  {
    name: 'case-query',
    title: 'Case query',
    main: 'services/case-query/src/main.ts',
    port: 3006,
    role: 'dinsos_case_query',
    note: 'read model of the whole store',
    env: ({ cacheDir }) => ({ FILE_STORE_DIR: path.join(cacheDir, 'case-query-files') }),
  },
  {
    name: 'audit',
    title: 'Audit',
    main: 'services/audit/src/main.ts',
    port: 3007,
    role: 'dinsos_audit',
    note: 'reads the whole store; relay of its access records to dinsos.audit.access.v1',
    // The sealer's seals and public key (verification against seals), and a development key
    // pair for signing exports, made on the first start.
    env: ({ cacheDir }) => ({
      FILE_STORE_DIR: path.join(cacheDir, 'audit-files'),
      EVENT_STORE_SEAL_DIR: path.join(cacheDir, 'seals'),
      EVENT_STORE_SEAL_PUBLIC_KEY: path.join(cacheDir, 'sealing', 'public.pem'),
      AUDIT_EXPORT_KEY_DIR: path.join(cacheDir, 'audit-export-key'),
    }),
  },
  {
    name: 'analytics',
    title: "Analysts' feed",
    main: 'services/analytics/src/main.ts',
    port: 3008,
    role: 'dinsos_analytics',
    note: 'the whole store, de-identified, to dinsos.analytics.case-events.v1',
    // A development pseudonym key, made once: the same key keeps pseudonyms stable across starts.
    env: ({ cacheDir }) => ({
      FILE_STORE_DIR: path.join(cacheDir, 'analytics-files'),
      ANALYTICS_PSEUDONYM_KEY: developmentPseudonymKey(cacheDir),
      ANALYTICS_PSEUDONYM_KEY_ID: 'development',
    }),
  },
];

/** The analysts' feed's key under `npm start`: random, kept in the cache, never in the repository. */
function developmentPseudonymKey(cacheDir: string): string {
  const file = path.join(cacheDir, 'analytics-pseudonym.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** `INTAKE_PORT`, `FAMILY_TRACING_PORT`: the variable that moves a service's port. */
export function portVariableOf(service: Pick<LocalService, 'name'>): string {
  return `${service.name.toUpperCase().replace(/-/g, '_')}_PORT`;
}
