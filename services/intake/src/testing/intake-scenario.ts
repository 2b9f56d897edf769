// Used by intake's *.int.spec.ts only: one deployment of intake per spec file, the officers who
// act on it, and the requests and reports the feature specs share.
import type { Role } from '@dinsos/auth';
import { examples, type EventForWire } from '@dinsos/contracts';
import { createHash, randomUUID } from 'node:crypto';
import {
  createIntakeDeployment,
  dropDeployment,
  eventually,
  readerOf,
  startIntakeInstance,
  tokenFor,
  type IntakeDeployment,
  type IntakeInstance,
} from './intake-harness';

export const problemJson = /^application\/problem\+json/;
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Personal values the specs send: none may reach Kafka in clear. */
export const secrets = {
  childName: 'Muhammad Yusuf',
  childNik: '3603011405160001',
  reporterName: 'Siti Aminah',
  reporterPhone: '081234567890',
  reporterAddress: 'Kp. Bojong RT 02/03',
  escortName: 'Bripka Dedi Kurniawan',
  circumstances: 'Ditemukan sendirian di terminal',
  foundPlace: 'Terminal Tigaraksa',
  shelterOfficer: 'Rahmat Hidayat',
  belongings: 'Tas ransel biru',
};

/** The officers of the scenarios: who they are, their role and their office. */
const actors = {
  tangerang: ['intake-officer', '3603'],
  pandeglang: ['intake-officer', '3601'],
  province: ['intake-officer', '36'],
  provinceSupervisor: ['supervisor', '36'],
  tangerangSupervisor: ['supervisor', '3603'],
  tangerangAuditor: ['auditor', '3603'],
  analyst: ['analyst', '36'],
} as const satisfies Record<string, readonly [Role, string]>;
export type Actor = keyof typeof actors;

/** A police report of a child found in Tigaraksa, under seed 004 (regency office 3603). */
export function bekasiReport(overrides: Record<string, unknown> = {}) {
  return {
    clientCategory: 'neglectedChild',
    source: { kind: 'police', name: 'Polsek Tigaraksa', regionCode: '3603' },
    letter: {
      number: 'B/45/III/2026/Sek.TGR',
      date: '2026-03-02',
      issuer: 'Polsek Tigaraksa',
      reason: 'foundNeglected',
    },
    foundAt: { regionCode: '36.03.05', description: secrets.foundPlace },
    foundOn: '2026-03-02',
    circumstances: secrets.circumstances,
    reporter: {
      name: secrets.reporterName,
      phone: secrets.reporterPhone,
      address: { line: secrets.reporterAddress, regencyCode: '3603' },
      relationship: 'warga yang menemukan',
    },
    escorts: [{ name: secrets.escortName, organisation: 'Polsek Tigaraksa', position: 'Bripka' }],
    client: {
      name: secrets.childName,
      calledName: 'Ucup',
      nik: secrets.childNik,
      sex: 'male',
      dateOfBirth: '2016-05-14',
      placeOfBirth: 'Tangerang',
    },
    ...overrides,
  };
}

export type IntakeReader = ReturnType<typeof readerOf>;

/**
 * Intake on a deployment of its own for the calling describe: registers the beforeAll that
 * creates the deployment and starts one instance, and the afterAll that drops it. `deployment`,
 * `intake` and `reader` may be named in the describe's body and used in its tests and hooks.
 */
export function intakeScenario() {
  const made: { deployment?: IntakeDeployment; intake?: IntakeInstance; reader?: IntakeReader } =
    {};
  const tokens = {} as Record<Actor, string>;

  beforeAll(async () => {
    made.deployment = await createIntakeDeployment();
    made.intake = await startIntakeInstance(made.deployment);
    made.reader = readerOf(made.deployment);
    for (const [who, [role, office]] of Object.entries(actors)) {
      tokens[who as Actor] = await tokenFor(made.deployment, role, office, `${who}-officer`);
    }
  });

  afterAll(async () => {
    await made.intake?.app.close();
    await made.reader?.pool.end();
    if (made.deployment) await dropDeployment(made.deployment);
  });

  const deployment = madeInBeforeAll('the deployment', () => made.deployment);
  const intake = madeInBeforeAll('the intake instance', () => made.intake);
  const reader = madeInBeforeAll('the reader', () => made.reader);

  const as = (who: Actor) => `Bearer ${tokens[who]}`;
  const command = (who: Actor, path: string, body: object, key = randomUUID()) =>
    intake.http.post(path).set('Authorization', as(who)).set('Idempotency-Key', key).send(body);
  const read = (who: Actor, path: string) => intake.http.get(path).set('Authorization', as(who));
  const uploadNew = (who: Actor, bytes: Buffer, clientId?: string) =>
    intake.http
      .post(`/uploads${clientId ? `?clientId=${clientId}` : ''}`)
      .set('Authorization', as(who))
      .set('Content-Type', 'image/jpeg')
      .send(bytes);

  async function caseEvents(caseId: string): Promise<string[]> {
    return (await reader.store.readCase(caseId)).map((event) => event.type);
  }

  /** Waits until the duplicate check's index has taken in every event of the types it indexes. */
  async function matchingIndexCaughtUp(what: string): Promise<void> {
    const indexed = await reader.store.readAll({
      filter: { types: ['ReportReceived', 'ClientRegistered', 'CaseTransferred'] },
      maxCount: 10_000,
    });
    const head = indexed.at(-1)!.position.toString();
    await eventually(async () => {
      const { rows } = await reader.pool.query(
        "select position from intake.platform_projection_checkpoints where name = 'matching-index'",
      );
      return rows[0]?.position >= head ? true : undefined;
    }, what);
  }

  /** A 3603 case through to CaseOpened, for the moves between offices. */
  async function openedTangerangCase(name: string): Promise<{ caseId: string; clientId: string }> {
    const received = await command(
      'tangerang',
      '/cases',
      bekasiReport({ client: { name, sex: 'female', estimatedAgeYears: 8 } }),
    );
    expect(received.status).toBe(201);
    const caseId = received.body.caseId as string;
    await command('tangerang', `/cases/${caseId}/requirements-checks`, {
      requirements: [
        { code: 'covering-letter', status: 'met' },
        { code: 'identity-document', status: 'met' },
      ],
    });
    const detail = await read('tangerang', `/cases/${caseId}`);
    const handedOver = await command('tangerang', `/cases/${caseId}/shelter-handovers`, {
      shelter: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang' },
      handedOverByPersonId: detail.body.people[0].personId,
      receivedBy: { name: secrets.shelterOfficer },
    });
    expect(handedOver.status).toBe(201);
    return { caseId, clientId: received.body.clientId };
  }

  /** The Peksos assessment's RecommendationMade on a province case, as its relay would publish it. */
  function assessmentRecommends(caseId: string, clientId: string): Promise<EventForWire> {
    return deployment.publish({
      type: 'RecommendationMade',
      caseId,
      officeCode: '36',
      serviceStandard: { code: 'banten-rehsos-anak-terlantar', version: 1 },
      payload: {
        clientId,
        recommendationNumber: 1,
        recommendation: 'institutionCare',
        reasons: examples.exampleEncryptedField('k', 'reasons'),
        childView: examples.exampleEncryptedField('k', 'childView'),
      },
    });
  }

  return {
    deployment,
    intake,
    reader,
    as,
    command,
    read,
    uploadNew,
    caseEvents,
    matchingIndexCaughtUp,
    openedTangerangCase,
    assessmentRecommends,
  };
}

/**
 * Stands for what the scenario's beforeAll makes, so a spec can take it from intakeScenario() in
 * its describe's body (before the hook has run) and use it in its tests.
 */
function madeInBeforeAll<T extends object>(what: string, made: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, property) {
      const value = made();
      if (!value) throw new Error(`${what} is made in beforeAll: use it in a test or a hook`);
      const member = Reflect.get(value, property, value);
      return typeof member === 'function' ? member.bind(value) : member;
    },
  });
}
