import { bekasiReport, intakeScenario } from '../testing/intake-scenario';

/**
 * The duplicate check across the offices of the province, against real PostgreSQL and Kafka:
 * what each office may see of a candidate, decisions, erasure and rebuilds of the index.
 */
describe('intake service (real PostgreSQL and Kafka)', () => {
  const { intake, reader, as, command, read, matchingIndexCaughtUp } = intakeScenario();

  describe('duplicate check across the offices of the province', () => {
    let pandeglangClient: string;
    let tangerangCase: string;

    it('finds an earlier registration in another office without showing its personal data', async () => {
      const earlier = await command('pandeglang', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'village', name: 'Desa Cibaliung' },
        foundAt: { regionCode: '3601' },
        client: {
          name: 'Achmad Sjarifuddin',
          sex: 'male',
          dateOfBirth: '2015-08-17',
          placeOfBirth: 'Pandeglang',
        },
      });
      expect(earlier.status).toBe(201);
      pandeglangClient = earlier.body.clientId;
      const now = await command('tangerang', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'public' },
        client: { name: 'Ahmad Syarifudin', sex: 'male', dateOfBirth: '2015-08-17' },
      });
      tangerangCase = now.body.caseId;

      const seen = await read('tangerang', `/cases/${tangerangCase}/duplicate-candidates`);
      expect(seen.status).toBe(200);
      expect(seen.body.candidates).toEqual([
        { visibility: 'otherOffice', officeCodes: ['3601'], score: expect.any(Number) },
      ]);
      expect(seen.body.candidates[0].score).toBeGreaterThanOrEqual(0.7);
      const text = JSON.stringify(seen.body);
      expect(text).not.toContain(pandeglangClient);
      expect(text).not.toContain(earlier.body.caseId);
      expect(text).not.toMatch(/Sjarif|Syarif|2015-08-17|Pandeglang/);

      const search = await command('tangerang', '/duplicate-checks', {
        name: 'Ahmad Sjarifudin',
        estimatedAgeYears: 10,
      });
      expect(search.status).toBe(200);
      expect(search.body.candidates).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ visibility: 'otherOffice', officeCodes: ['3601'] }),
        ]),
      );
    });

    it('shows the province the candidate in full, and records its decision as an event', async () => {
      const seen = await read('provinceSupervisor', `/cases/${tangerangCase}/duplicate-candidates`);
      expect(seen.body.candidates).toEqual([
        expect.objectContaining({
          visibility: 'detailed',
          clientId: pandeglangClient,
          identity: expect.objectContaining({
            name: 'Achmad Sjarifuddin',
            dateOfBirth: '2015-08-17',
          }),
        }),
      ]);
      const byRegency = await command('tangerang', `/cases/${tangerangCase}/duplicate-decisions`, {
        candidateClientId: pandeglangClient,
        decision: 'samePerson',
      });
      expect(byRegency.status).toBe(422);
      expect(byRegency.body.rule).toBe('candidate-not-found');
      const decided = await command(
        'provinceSupervisor',
        `/cases/${tangerangCase}/duplicate-decisions`,
        {
          candidateClientId: pandeglangClient,
          decision: 'samePerson',
          reason: 'Tanggal lahir dan nama sama; ejaan lama',
        },
      );
      expect(decided.status).toBe(201);
      const events = await reader.store.readCase(tangerangCase);
      expect(events.at(-1)).toMatchObject({
        type: 'DuplicateCandidateDecided',
        payload: { candidateClientId: pandeglangClient, decision: 'samePerson' },
      });
      const again = await command(
        'provinceSupervisor',
        `/cases/${tangerangCase}/duplicate-decisions`,
        {
          candidateClientId: pandeglangClient,
          decision: 'differentPerson',
        },
      );
      expect(again.body.rule).toBe('duplicate-already-decided');
      // A decided candidate is not proposed again.
      const after = await read(
        'provinceSupervisor',
        `/cases/${tangerangCase}/duplicate-candidates`,
      );
      expect(after.body.candidates).toEqual([]);
    });

    it('drops a person whose key is erased, and does not index them again on a rebuild', async () => {
      const search = () =>
        command('provinceSupervisor', '/duplicate-checks', {
          name: 'Achmad Sjarifuddin',
          dateOfBirth: '2015-08-17',
        });
      expect(
        (await search()).body.candidates.map((c: { clientId?: string }) => c.clientId),
      ).toContain(pandeglangClient);
      await reader.vault.eraseSubjectKey(pandeglangClient, {
        actor: { id: 'dpo-1', role: 'admin', officeCode: '36' },
        reason: 'Permintaan penghapusan data (UU PDP)',
      });
      expect(
        (await search()).body.candidates.map((c: { clientId?: string }) => c.clientId),
      ).not.toContain(pandeglangClient);
      const rebuild = await intake.http
        .post('/matching-index/rebuild')
        .set('Authorization', as('provinceSupervisor'));
      expect(rebuild.status).toBe(202);
      await matchingIndexCaughtUp('the rebuild to catch up');
      const { rows } = await reader.pool.query(
        'select client_id from intake.matching_index where client_id = $1 and identity is not null',
        [pandeglangClient],
      );
      expect(rows).toEqual([]);
      expect(
        (await search()).body.candidates.map((c: { clientId?: string }) => c.clientId),
      ).not.toContain(pandeglangClient);
    });

    it('lets only an admin or a supervisor of the province rebuild the province-wide index', async () => {
      const byRegency = await intake.http
        .post('/matching-index/rebuild')
        .set('Authorization', as('tangerangSupervisor'));
      expect(byRegency.status).toBe(403);
      expect(byRegency.body.detail).toBe(
        'Only an admin or a supervisor of the province office may rebuild the duplicate index.',
      );
    });
  });

  describe('a client registered by several offices: each office sees its own registration', () => {
    let clientId: string;
    let tangerangCase: string;
    let returnedCase: string;
    let laterCase: string;
    const searchBody = { name: 'Siti Nurhaliza Ramadhani', dateOfBirth: '2014-02-03' };

    beforeAll(async () => {
      const first = await command(
        'tangerang',
        '/cases',
        bekasiReport({
          client: {
            name: 'Siti Nurhaliza Ramadhani',
            sex: 'female',
            dateOfBirth: '2014-02-03',
            placeOfBirth: 'Tigaraksa',
          },
        }),
      );
      expect(first.status).toBe(201);
      clientId = first.body.clientId;
      tangerangCase = first.body.caseId;
      // Back at 3603 without a new identity: the case reads the 3603 registration.
      const returned = await command(
        'tangerang',
        '/cases',
        bekasiReport({ returningClientId: clientId, client: undefined }),
      );
      expect(returned.status).toBe(201);
      returnedCase = returned.body.caseId;
      // Later registered again, with other details, in a case the province hands to 3601.
      const later = await command('province', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'public' },
        returningClientId: clientId,
        client: {
          name: 'Siti Nurhalizah Ramadani',
          sex: 'female',
          dateOfBirth: '2014-02-03',
          placeOfBirth: 'Labuan',
        },
      });
      expect(later.status).toBe(201);
      laterCase = later.body.caseId;
      const checked = await command('province', `/cases/${laterCase}/requirements-checks`, {
        requirements: [
          { code: 'referral-letter', status: 'notApplicable', reason: 'Laporan warga' },
          { code: 'identity-document', status: 'notApplicable', reason: 'Tidak ada' },
          { code: 'regency-assessment', status: 'notApplicable', reason: 'Tidak ada' },
        ],
      });
      expect(checked.status).toBe(201);
      const moved = await command('province', `/cases/${laterCase}/transfers`, {
        toOfficeCode: '3601',
        reason: 'Keluarga di Pandeglang',
      });
      expect(moved.status).toBe(201);
      await matchingIndexCaughtUp('the index to reflect the registrations');
    });

    it("shows 3603 only its own registration of the candidate, never 3601's", async () => {
      const found = await command('tangerang', '/duplicate-checks', searchBody);
      expect(found.status).toBe(200);
      const mine = found.body.candidates.find(
        (candidate: { clientId?: string }) => candidate.clientId === clientId,
      );
      expect(mine).toMatchObject({
        visibility: 'detailed',
        registrations: [{ caseId: tangerangCase, officeCode: '3603' }],
        identity: { name: 'Siti Nurhaliza Ramadhani', placeOfBirth: 'Tigaraksa' },
      });
      const text = JSON.stringify(found.body);
      expect(text).not.toContain(laterCase);
      expect(text).not.toMatch(/Nurhalizah|Ramadani|Labuan/);
      // The office that holds the later registration sees that one.
      const there = await command('pandeglang', '/duplicate-checks', searchBody);
      expect(
        there.body.candidates.find((c: { clientId?: string }) => c.clientId === clientId),
      ).toMatchObject({
        registrations: [{ caseId: laterCase, officeCode: '3601' }],
        identity: { name: 'Siti Nurhalizah Ramadani', placeOfBirth: 'Labuan' },
      });
    });

    it('reads a returning case with the registration before it, not a later one', async () => {
      const client = await read('tangerang', `/cases/${returnedCase}/client`);
      expect(client.status).toBe(200);
      expect(client.body).toMatchObject({
        clientId,
        registeredInCase: tangerangCase,
        name: 'Siti Nurhaliza Ramadhani',
        placeOfBirth: 'Tigaraksa',
      });
    });
  });
});
