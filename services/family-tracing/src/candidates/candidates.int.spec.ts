import { randomUUID } from 'node:crypto';
import { examples } from '@dinsos/contracts';
import { scoreFamilyCandidate } from '@dinsos/name-matching';
import { PersonalFields } from '@dinsos/platform';
import type { PublishedEvents } from '@dinsos/platform/testing';
import type request from 'supertest';
import {
  createTracingDeployment,
  officer,
  tracedCase,
  tracingOf,
  type TracingDeployment,
} from '../testing/tracing-harness';

/** Possible family members and the outcome, over HTTP and Kafka (real PostgreSQL and Kafka). */
describe('candidates and the outcome of a tracing', () => {
  let deployment: TracingDeployment;
  let http: ReturnType<typeof request>;
  let fields: PersonalFields;
  let published: PublishedEvents;

  beforeAll(async () => {
    deployment = await createTracingDeployment();
    const instance = await deployment.start();
    http = instance.http;
    fields = instance.app.get(PersonalFields);
    published = await deployment.publishedEvents();
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  type Traced = Awaited<ReturnType<typeof tracedCase>>;
  const traced = (): Promise<Traced> => tracedCase(deployment, http, '3603');
  const streamLength = async (caseId: string) => (await tracingOf(deployment, caseId)).length;
  const audit = {
    actor: { id: 'test', role: 'auditor', officeCode: '36' },
    purpose: 'audit',
  } as const;

  /** What is known of Ucup, and his mother as she comes forward (Kabupaten Bekasi is 32.16). */
  const known = {
    clientNames: ['Muhammad Yusuf', 'Ucup'],
    motherName: 'Siti Aminah',
    places: ['Cikarang', '32.16'],
    estimatedAgeYears: 10,
  };
  const mother = {
    person: {
      name: 'Siti Aminah',
      phone: '0812-3456-7890',
      address: { line: 'Kp. Babakan RT 02/03', villageCode: '32.16.06.2001' },
    },
    relationClaimed: 'mother',
    family: { ageYears: 38, clientName: 'Ucup', clientAgeYears: 9 },
    known,
  };
  const confirm = { decision: 'confirmed', childView: 'Ucup wants to go home to his mother.' };
  const familyFound = (candidateId: string) => ({
    candidateId,
    familyMembers: [{ candidateId }, { name: 'Dadang Supriatna', relationship: 'father' }],
    relation: 'mother and father',
    address: { line: 'Kp. Babakan RT 02/03', villageCode: '32.16.06.2001' },
    verifiedBy: ['villageLetter', 'childRecognition'],
    evidenceInquiryIds: [] as string[],
    childView: 'Ucup recognised his mother and wants to go home.',
  });

  /** An inquiry sent by letter (the inquiry routes are someone else's), and its answer. */
  const inquiry = async (tracing: Traced, answered: boolean) => {
    const inquiryId = randomUUID();
    const clientKey = `key-${tracing.clientId}`;
    await deployment.append({
      type: 'InquirySent',
      caseId: tracing.caseId,
      officeCode: '3603',
      subjectIds: [tracing.clientId],
      payload: {
        inquiryId,
        clientId: tracing.clientId,
        channel: 'village',
        addressee: { name: 'Pemerintah Desa Sukamaju', regionCode: '32.16.06.2001' },
        letterNumber: '400/123/Dinsos/2026',
        letter: examples.exampleEncryptedField(clientKey, 'letter'),
        sentOn: '2026-03-02',
        dueDate: '2026-03-09',
        dueAt: '2026-03-09T10:00:00.000Z',
      },
    });
    if (answered) {
      await deployment.append({
        type: 'InquiryAnswered',
        caseId: tracing.caseId,
        officeCode: '3603',
        subjectIds: [tracing.clientId],
        payload: {
          inquiryId,
          clientId: tracing.clientId,
          answeredOn: '2026-03-04',
          answer: examples.exampleEncryptedField(clientKey, 'answer'),
          evidence: [],
        },
      });
    }
    return inquiryId;
  };

  const proposed = async (tracing: Traced) => {
    const answer = await tracing.tracer.post(`/tracings/${tracing.caseId}/candidates`, mother);
    expect(answer.status).toBe(201);
    return answer.body.candidateId as string;
  };

  it('scores a candidate "likely" and keeps its comparison, what was known, and nothing personal in clear', async () => {
    const tracing = await traced();
    const key = randomUUID();
    const answer = await tracing.tracer.post(`/tracings/${tracing.caseId}/candidates`, mother, key);
    expect(answer.status).toBe(201);
    const expected = scoreFamilyCandidate(known, {
      name: 'Siti Aminah',
      relation: 'mother',
      address: { regionCode: '32.16.06.2001', places: [] },
      ageYears: 38,
      clientName: 'Ucup',
      clientAgeYears: 9,
    });
    expect(answer.body).toMatchObject({ score: expected.score, class: 'likely' });
    expect(expected.score).toBeGreaterThanOrEqual(0.85);
    const { candidateId } = answer.body;

    const events = await tracingOf(deployment, tracing.caseId);
    const stored = events.at(-1)!;
    const payload = stored.payload as {
      person: { personId: string; name: unknown };
      knownOfClient: unknown;
    };
    expect(stored).toMatchObject({
      type: 'MatchCandidateProposed',
      officeCode: '3603',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      payload: {
        candidateId,
        clientId: tracing.clientId,
        relationClaimed: 'mother',
        comparison: expected.comparison,
        score: expected.score,
        class: 'likely',
        algorithm: { name: 'family-candidate', version: 1 },
        person: { relationship: 'mother' },
      },
    });
    expect(expected.comparison).toEqual(
      expect.arrayContaining([
        { field: 'childName', outcome: 'match' },
        { field: 'motherName', outcome: 'match' },
        { field: 'place', outcome: 'match' },
      ]),
    );
    // The mother is a data subject of her own; what was known is the client's.
    const { personId } = payload.person;
    expect(personId).not.toBe(tracing.clientId);
    expect(stored.subjectIds).toEqual([tracing.clientId, personId].sort());
    const text = JSON.stringify(stored);
    for (const clear of [
      'Siti',
      'Aminah',
      'Ucup',
      'Yusuf',
      'Cikarang',
      '32.16',
      '3456',
      'Babakan',
    ]) {
      expect(text).not.toContain(clear);
    }
    const seen = await fields.decrypt<string>(payload.knownOfClient, audit);
    expect(seen).toMatchObject({ status: 'readable', subjectId: tracing.clientId });
    expect(JSON.parse(seen.status === 'readable' ? seen.value : '{}')).toEqual(known);
    expect(await fields.decrypt(payload.person.name, audit)).toMatchObject({
      subjectId: personId,
      value: 'Siti Aminah',
    });

    // A retry names the same candidate and appends nothing.
    const again = await tracing.tracer.post(`/tracings/${tracing.caseId}/candidates`, mother, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.candidateId).toBe(candidateId);
    expect(await streamLength(tracing.caseId)).toBe(events.length);
    const view = await tracing.supervisor.get(`/tracings/${tracing.caseId}`);
    expect(view.body.candidates[candidateId]).toMatchObject({ class: 'likely', openConcerns: [] });
  });

  it('blocks "family found" while a safety concern is open, until a supervisor clears it; then publishes it', async () => {
    const tracing = await traced();
    const path = `/tracings/${tracing.caseId}`;
    const candidateId = await proposed(tracing);
    const inquiryId = await inquiry(tracing, true);

    const concern = await tracing.tracer.post(`${path}/candidates/${candidateId}/safety-concerns`, {
      kind: 'violence',
      details: 'A neighbour reports the stepfather beat Ucup before he ran away.',
    });
    expect(concern.status).toBe(201);
    const { concernId } = concern.body;
    expect(
      (await tracing.tracer.post(`${path}/candidates/${candidateId}/decision`, confirm)).status,
    ).toBe(200);

    const before = await streamLength(tracing.caseId);
    const found = { ...familyFound(candidateId), evidenceInquiryIds: [inquiryId] };
    const blocked = await tracing.tracer.post(`${path}/family-found`, found);
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({
      rule: 'safety-concern-open',
      details: { concernIds: [concernId] },
    });
    expect(blocked.body.detail).toContain('a supervisor must clear it');

    const clearance = { reason: 'Home visit: the stepfather has left; the mother is safe.' };
    const byOfficer = await tracing.tracer.post(
      `${path}/safety-concerns/${concernId}/clearance`,
      clearance,
    );
    expect(byOfficer.status).toBe(403);
    expect(await streamLength(tracing.caseId)).toBe(before);
    expect(
      (await tracing.supervisor.post(`${path}/safety-concerns/${concernId}/clearance`, clearance))
        .status,
    ).toBe(200);

    const recorded = await tracing.tracer.post(`${path}/family-found`, found);
    expect(recorded.status).toBe(200);
    const events = await tracingOf(deployment, tracing.caseId);
    const proposal = events.find((event) => event.type === 'MatchCandidateProposed')!;
    const motherId = (proposal.payload as { person: { personId: string } }).person.personId;
    // The mother stays one person (one key); the father is a new one.
    expect(recorded.body.personIds[0]).toBe(motherId);
    expect(recorded.body.personIds[1]).not.toBe(motherId);
    const foundEvent = events.at(-1)!;
    expect(foundEvent).toMatchObject({
      type: 'FamilyFound',
      payload: {
        candidateId,
        relation: 'mother and father',
        verifiedBy: ['villageLetter', 'childRecognition'],
        evidenceInquiryIds: [inquiryId],
      },
    });
    expect(foundEvent.subjectIds).toEqual([tracing.clientId, ...recorded.body.personIds].sort());
    expect(JSON.stringify(foundEvent)).not.toMatch(/Dadang|Babakan|Ucup/);

    const onKafka = await published.find(tracing.caseId, 'FamilyFound');
    expect(onKafka).toMatchObject({
      eventId: foundEvent.eventId,
      subjectIds: foundEvent.subjectIds,
      payload: { candidateId },
    });
    expect((await tracing.supervisor.get(path)).body.status).toBe('familyFound');
  });

  it('refuses what the rules forbid with the rule in words, and bad requests, changing nothing', async () => {
    const tracing = await traced();
    const path = `/tracings/${tracing.caseId}`;
    const candidateId = await proposed(tracing);
    const before = await streamLength(tracing.caseId);
    const refused = async (answer: request.Response, status: number, rule?: string) => {
      expect(answer.status).toBe(status);
      if (rule) {
        expect(answer.body.rule).toBe(rule);
        expect(answer.body.detail.length).toBeGreaterThan(30);
      }
      expect(await streamLength(tracing.caseId)).toBe(before);
    };

    // Family found on a candidate nobody confirmed.
    await refused(
      await tracing.tracer.post(`${path}/family-found`, familyFound(candidateId)),
      422,
      'no-confirmed-candidate',
    );
    // A rejection without a reason.
    await refused(
      await tracing.tracer.post(`${path}/candidates/${candidateId}/decision`, {
        decision: 'rejected',
        childView: 'Ucup does not know her.',
      }),
      422,
      'rejection-needs-reason',
    );
    // Family not found before any inquiry went out.
    await refused(
      await tracing.tracer.post(`${path}/family-not-found`, { reason: 'Nobody answered.' }),
      422,
      'no-inquiry-sent',
    );
    // Bad bodies: an unknown field, no client names, an unknown relation.
    const bad = await tracing.tracer.post(`${path}/candidates`, {
      ...mother,
      relationClaimed: 'cousin',
      known: { clientNames: [] },
      colour: 'red',
    });
    await refused(bad, 400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['relationClaimed', 'known.clientNames', '']),
    );
    // Another regency's supervisor does not see the case at all.
    const elsewhere = await officer(deployment, http, 'supervisor', '3601');
    await refused(await elsewhere.post(`${path}/candidates`, mother), 404);
    await refused(await elsewhere.post(`${path}/family-not-found`, { reason: 'x' }), 404);
    // Others read, never act.
    const socialWorker = await officer(deployment, http, 'social-worker', '3603');
    await refused(await socialWorker.post(`${path}/candidates`, mother), 403);

    // Deciding twice.
    expect(
      (await tracing.tracer.post(`${path}/candidates/${candidateId}/decision`, confirm)).status,
    ).toBe(200);
    const decided = await streamLength(tracing.caseId);
    const twice = await tracing.tracer.post(`${path}/candidates/${candidateId}/decision`, {
      decision: 'rejected',
      reason: 'Second thoughts',
      childView: 'Ucup is unsure.',
    });
    expect(twice.status).toBe(422);
    expect(twice.body).toMatchObject({ rule: 'candidate-already-decided' });
    expect(twice.body.detail).toContain('decided once');
    expect(await streamLength(tracing.caseId)).toBe(decided);
  });

  it('records "family not found" only after trying, and reopens on new information', async () => {
    const tracing = await traced();
    const path = `/tracings/${tracing.caseId}`;
    const early = await tracing.tracer.post(`${path}/reopen`, { reason: 'An aunt called.' });
    expect(early.status).toBe(422);
    expect(early.body.rule).toBe('not-closed-as-not-found');

    await inquiry(tracing, false);
    const notFound = await tracing.tracer.post(`${path}/family-not-found`, {
      reason: 'No answer from the village of origin; no match at Disdukcapil.',
    });
    expect(notFound.status).toBe(200);
    expect((await tracingOf(deployment, tracing.caseId)).at(-1)).toMatchObject({
      type: 'FamilyNotFound',
      payload: { clientId: tracing.clientId, channelsTried: ['village'] },
    });
    const again = await tracing.tracer.post(`${path}/family-not-found`, { reason: 'Still none.' });
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('tracing-closed');

    const reopened = await tracing.tracer.post(`${path}/reopen`, {
      reason: 'An aunt in Cikarang called the shelter: she knows the boy.',
    });
    expect(reopened.status).toBe(200);
    const view = await tracing.supervisor.get(path);
    expect(view.body).toMatchObject({ status: 'tracing', reopenedTimes: 1 });
    expect(JSON.stringify((await tracingOf(deployment, tracing.caseId)).at(-1))).not.toContain(
      'aunt',
    );
  });
});
