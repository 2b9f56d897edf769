import { OfficeDirectory, bantenOffices, serviceStandards } from '@dinsos/service-standards';
import { randomUUID } from 'node:crypto';
import { NumberSeries } from '@dinsos/platform';
import { TestClock } from '@dinsos/platform/testing';
import {
  createIntakeDeployment,
  dropDeployment,
  readerOf,
  startIntakeInstance,
  tokenFor,
  type IntakeDeployment,
  type IntakeInstance,
} from '../testing/intake-harness';

/** Two instances of intake on one database, without Kafka: numbers are the database's business. */
describe('case numbers (two intake instances on one database)', () => {
  let deployment: IntakeDeployment;
  let one: IntakeInstance;
  let two: IntakeInstance;
  let reader: ReturnType<typeof readerOf>;
  // An office in WIT (UTC+9) beside Banten's WIB offices.
  const standards = serviceStandards.with({
    offices: new OfficeDirectory([
      ...bantenOffices,
      {
        code: '91',
        regionName: 'Provinsi Papua',
        officeName: 'Dinas Sosial Provinsi Papua',
        level: 'province',
        timeZone: 'Asia/Jayapura',
      },
      {
        code: '9171',
        regionName: 'Kota Jayapura',
        officeName: 'Dinas Sosial Kota Jayapura',
        level: 'city',
        parentCode: '91',
        timeZone: 'Asia/Jayapura',
      },
    ]),
    assignments: [
      { officeCode: '9171', standardCode: 'bekasi-layanan-rujukan', basis: 'test office in WIT' },
    ],
  });
  const clock = new TestClock(new Date('2026-03-02T02:15:00Z'));

  beforeAll(async () => {
    deployment = await createIntakeDeployment();
    const options = { platform: { caseAccess: 'ownStreams' as const, standards }, clock };
    [one, two] = await Promise.all([
      startIntakeInstance(deployment, options),
      startIntakeInstance(deployment, options),
    ]);
    reader = readerOf(deployment);
  });

  afterAll(async () => {
    await one?.app.close();
    await two?.app.close();
    await reader?.pool.end();
    if (deployment) await dropDeployment(deployment);
  });

  const report = (instance: IntakeInstance, token: string, key = randomUUID()) =>
    instance.http
      .post('/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send({
        clientCategory: 'neglectedChild',
        source: { kind: 'public' },
        client: { calledName: 'Anak', sex: 'unknown', estimatedAgeYears: 9 },
      });

  it('gives every report of racing instances its own number, with no gaps', async () => {
    const token = await tokenFor(deployment, 'intake-officer', '3603');
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, index) => report(index % 2 ? one : two, token)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(16).fill(201));
    const numbers = responses.map((response) => response.body.caseNumber as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: 16 }, (_, i) => `3603-2026-${String(i + 1).padStart(6, '0')}`),
    );
    expect(responses.every((r) => r.body.caseId === r.body.caseNumber)).toBe(true);
    const { rows } = await reader.pool.query(
      "select count(*)::int as cases from event_store.events where type = 'ReportReceived'",
    );
    expect(rows[0].cases).toBe(16);
  });

  it('counts per office and takes the year in the office time zone', async () => {
    clock.set('2026-12-31T15:30:00Z'); // 22:30 WIB on 31 December; 00:30 WIT on 1 January
    const tangerang = await report(one, await tokenFor(deployment, 'intake-officer', '3603'));
    const jayapura = await report(two, await tokenFor(deployment, 'intake-officer', '9171'));
    const serang = await report(one, await tokenFor(deployment, 'intake-officer', '3673'));
    expect(tangerang.body.caseNumber).toBe('3603-2026-000017');
    expect(jayapura.body.caseNumber).toBe('9171-2027-000001');
    expect(serang.body.caseNumber).toBe('3673-2026-000001');
    clock.set('2026-03-02T02:15:00Z');
  });

  it('gives a refused report no number (the transaction that failed gives it back)', async () => {
    const token = await tokenFor(deployment, 'intake-officer', '3674');
    const refused = await one.http
      .post('/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', randomUUID())
      .send({ clientCategory: 'otherPpks', source: { kind: 'public' } });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('category-not-served');
    expect((await report(two, token)).body.caseNumber).toBe('3674-2026-000001');
  });

  it('reserves one document number per case and purpose, however many ask at once', async () => {
    const numbers = new NumberSeries(reader.pool);
    const ask = (caseId: string) =>
      numbers.reserveDocumentNumber({
        series: 'BAST',
        caseId,
        purpose: 'shelter-handover',
        officeCode: '3603',
        year: 2026,
      });
    const same = await Promise.all([ask('3603-2026-000001'), ask('3603-2026-000001')]);
    const other = await ask('3603-2026-000002');
    expect(same[0]).toEqual(same[1]);
    expect(same[0]).toEqual({ sequence: 1, year: 2026 });
    expect(other).toEqual({ sequence: 2, year: 2026 });
    expect(await ask('3603-2026-000001')).toEqual({ sequence: 1, year: 2026 });
  });
});
