import type { PostgresEventStore } from '@dinsos/event-store';
import { EVENT_STORE } from '@dinsos/platform';
import { intakeScenario } from '../testing/intake-scenario';

/**
 * Transfers and referrals between offices, against real PostgreSQL and Kafka: who acts on a case
 * and who sees what of it afterwards, and a transfer racing a command.
 */
describe('intake service (real PostgreSQL and Kafka)', () => {
  const { intake, reader, command, read, caseEvents, openedTangerangCase } = intakeScenario();

  describe('moving cases between offices, and who sees what afterwards', () => {
    it('transfers a case: the receiving office acts, the sending office reads up to the transfer', async () => {
      const { caseId } = await openedTangerangCase('Dewi Lestari');
      const transferred = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '36',
        reason: 'Penanganan lanjutan oleh provinsi',
      });
      expect(transferred.status).toBe(201);

      const sender = await read('tangerang', `/cases/${caseId}`);
      expect(sender.status).toBe(200);
      expect(sender.body).toMatchObject({
        access: 'read',
        historyCutAtTransfer: true,
        owningOfficeCode: '36',
        transfers: [{ fromOfficeCode: '3603', toOfficeCode: '36' }],
        currentStage: { status: 'open' },
      });
      expect(sender.body.history.at(-1).type).toBe('CaseTransferred');
      const senderActs = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '3601',
        reason: 'x',
      });
      expect(senderActs.status).toBe(403);
      expect(senderActs.body.detail).toBe('Your office may read this case but not change it.');

      const receiver = await read('province', `/cases/${caseId}`);
      expect(receiver.body).toMatchObject({
        access: 'act',
        historyCutAtTransfer: false,
        owningOfficeCode: '36',
        serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      });
      // The province acts on it (here: hands it back); another regency never learns it exists.
      const back = await command('province', `/cases/${caseId}/transfers`, {
        toOfficeCode: '3603',
        reason: 'Dikembalikan',
      });
      expect(back.status).toBe(201);
      const elsewhere = await read('pandeglang', `/cases/${caseId}`);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.detail).toBe(`No case ${caseId} was found.`);
    });

    it('refuses a command whose office lost the case between the office-scope check and the append', async () => {
      const { caseId } = await openedTangerangCase('Rina Marlina');
      const store = intake.app.get<PostgresEventStore>(EVENT_STORE);
      const appendToStream = store.appendToStream.bind(store);
      let racing = false;
      let raced: Awaited<ReturnType<typeof command>> | undefined;
      // The first append to the case: just before it, another request transfers the case to
      // the province and commits. The transfer of Tangerang's command was checked and decided
      // on the case as Tangerang's; it must now be decided again, and refused.
      const spy = jest.spyOn(store, 'appendToStream').mockImplementation(async (...args) => {
        if (!racing && args[0] === `intakeCase-${caseId}`) {
          racing = true;
          raced = await command('province', `/cases/${caseId}/transfers`, {
            toOfficeCode: '36',
            reason: 'Diambil alih oleh provinsi',
          });
        }
        return appendToStream(...args);
      });
      try {
        const late = await command('tangerang', `/cases/${caseId}/transfers`, {
          toOfficeCode: '3601',
          reason: 'Klien berasal dari Pandeglang',
        });
        expect(raced?.status).toBe(201);
        expect(late.status).toBe(403);
        expect(late.body.detail).toBe('Your office may read this case but not change it.');
      } finally {
        spy.mockRestore();
      }
      const transfers = (await reader.store.readStream(`intakeCase-${caseId}`)).filter(
        (event) => event.type === 'CaseTransferred',
      );
      expect(transfers.map((event) => event.payload)).toEqual([
        expect.objectContaining({ fromOfficeCode: '3603', toOfficeCode: '36' }),
      ]);
    });

    it("refers a client to the province's service: a new case there, same client, its own standard", async () => {
      const { caseId, clientId } = await openedTangerangCase('Putri Handayani');
      const referred = await command('tangerang', `/cases/${caseId}/referrals`, {
        toOfficeCode: '36',
        reason: 'inInstitutionService',
        note: 'Keluarga belum ditemukan',
        signatory: {
          name: 'Drs. H. Ahmad Fauzi, M.Si.',
          position: 'Kepala Dinas Sosial Kabupaten Tangerang',
        },
      });
      expect(referred.status).toBe(201);
      const letter = await read(
        'tangerang',
        `/cases/${caseId}/documents/referral-letters/36`,
      ).buffer(true);
      expect(letter.status).toBe(200);
      expect(letter.body.subarray(0, 5).toString()).toBe('%PDF-');
      const [referral] = (await reader.store.readStream(`intakeCase-${caseId}`)).filter(
        (event) => event.type === 'CaseReferredToOffice',
      );
      expect(referral.payload).toMatchObject({
        toOfficeCode: '36',
        clientId,
        letter: {
          number: expect.stringMatching(/^SR\/\d{4}\/3603\/2026$/),
          templateCode: 'surat-rujukan',
        },
      });

      const taken = await command('province', '/cases', {
        clientCategory: 'neglectedChild',
        source: {
          kind: 'regencyDinsos',
          name: 'Dinas Sosial Kabupaten Tangerang',
          regionCode: '3603',
        },
        letter: {
          number: (referral.payload as { letter: { number: string } }).letter.number,
          issuer: 'Dinas Sosial Kabupaten Tangerang',
          reason: 'inInstitutionService',
        },
        referredFromCaseId: caseId,
      });
      expect(taken.status).toBe(201);
      expect(taken.body.clientId).toBe(clientId);
      const newCase = taken.body.caseId as string;
      expect(newCase).toMatch(/^36-2026-\d{6}$/);
      const [report] = await reader.store.readStream(`intakeCase-${newCase}`);
      expect(report.payload).toMatchObject({
        referredFromCaseId: caseId,
        client: { clientId, returning: true },
        serviceStandard: { code: 'banten-rehsos-anak-terlantar', version: 1 },
      });
      // The client was not registered again: the same client stream, no new identity.
      expect(await caseEvents(newCase)).toEqual(['ReportReceived']);

      const twice = await command('province', '/cases', {
        clientCategory: 'neglectedChild',
        source: { kind: 'regencyDinsos' },
        referredFromCaseId: caseId,
      });
      expect(twice.status).toBe(422);
      expect(twice.body.rule).toBe('referral-already-received');

      // The province sees both cases; the referring regency only its own; another regency neither.
      expect((await read('province', `/cases/${newCase}`)).status).toBe(200);
      expect((await read('province', `/cases/${caseId}`)).body.access).toBe('act');
      expect((await read('tangerang', `/cases/${caseId}`)).body).toMatchObject({
        access: 'act',
        referrals: [{ toOfficeCode: '36', reason: 'inInstitutionService' }],
      });
      expect((await read('tangerang', `/cases/${newCase}`)).status).toBe(404);
      expect((await read('pandeglang', `/cases/${caseId}`)).status).toBe(404);
      expect((await read('pandeglang', `/cases/${newCase}`)).status).toBe(404);
    });

    it('refuses a referral to an office of the same standard: that is a transfer', async () => {
      const { caseId } = await openedTangerangCase('Rina Marlina');
      const refused = await command('tangerang', `/cases/${caseId}/referrals`, {
        toOfficeCode: '3601',
        reason: 'continueRepatriation',
        signatory: { name: 'Kepala Dinas', position: 'Kepala Dinas Sosial Kabupaten Tangerang' },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.rule).toBe('referral-to-same-standard');
    });

    it('gives the sending office the documents issued up to its transfer, and none after it', async () => {
      const { caseId } = await openedTangerangCase('Nur Aini');
      const transferred = await command('tangerang', `/cases/${caseId}/transfers`, {
        toOfficeCode: '3601',
        reason: 'Keluarga tinggal di Pandeglang',
      });
      expect(transferred.status).toBe(201);
      const referred = await command('pandeglang', `/cases/${caseId}/referrals`, {
        toOfficeCode: '36',
        reason: 'inInstitutionService',
        signatory: { name: 'Kepala Dinas', position: 'Kepala Dinas Sosial Kabupaten Pandeglang' },
      });
      expect(referred.status).toBe(201);
      const letter = `/cases/${caseId}/documents/referral-letters/36`;
      expect((await read('pandeglang', letter)).status).toBe(200);
      const sender = await read('tangerang', letter);
      expect(sender.status).toBe(404);
      expect(sender.body.detail).toBe('This case has no such document.');
      // The BAST it issued itself, before the transfer, stays its to read.
      expect((await read('tangerang', `/cases/${caseId}/documents/bast`)).status).toBe(200);
      // The regeneration check shows each office the same documents.
      const documents = async (actor: 'tangerang' | 'pandeglang') => {
        const answer = await read(actor, `/cases/${caseId}/documents`);
        expect(answer.status).toBe(200);
        return answer.body.documents.map(
          (document: { issuedBy: string; regenerated: string }) =>
            `${document.issuedBy} ${document.regenerated}`,
        );
      };
      expect(await documents('tangerang')).toEqual(['ClientHandedOverToShelter matches']);
      expect(await documents('pandeglang')).toEqual([
        'ClientHandedOverToShelter matches',
        'CaseReferredToOffice matches',
      ]);
    });
  });
});
