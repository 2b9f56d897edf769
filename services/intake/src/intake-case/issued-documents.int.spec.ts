import { regenerateIssuedDocument } from '@dinsos/documents';
import {
  PersonalFields,
  SERVICE_STANDARDS,
  documentDirectory,
  documentFactsOf,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import { createHash } from 'node:crypto';
import { bekasiReport, intakeScenario, problemJson, secrets } from '../testing/intake-scenario';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The documents intake issues regenerate byte-identical from the events alone, as an auditor
 * would (real PostgreSQL and Kafka): the case's events read back from the store, decrypted, and
 * re-rendered by the documents library give the hashes the events recorded.
 */
describe('intake service (real PostgreSQL and Kafka)', () => {
  const { intake, reader, command, read } = intakeScenario();
  const auditor = { actor: { id: 'auditor-1', role: 'auditor', officeCode: '36' } };

  async function caseFacts(caseId: string) {
    const events = await reader.store.readCase(caseId);
    return {
      events,
      facts: await documentFactsOf(events, new PersonalFields(reader.vault), {
        ...auditor,
        purpose: 'audit',
      }),
    };
  }

  describe('documents regenerated from the events', () => {
    it('regenerates the shelter BAST and the referral letter to another office byte-identical', async () => {
      intake.clock.set('2026-03-02T07:30:00Z');
      const received = await command('tangerang', '/cases', bekasiReport());
      expect(received.status).toBe(201);
      const caseId = received.body.caseId as string;
      await command('tangerang', `/cases/${caseId}/requirements-checks`, {
        requirements: [
          { code: 'covering-letter', status: 'met' },
          { code: 'identity-document', status: 'met' },
        ],
      });
      const detail = await read('tangerang', `/cases/${caseId}`);
      const escort = detail.body.people.find((p: { role: string }) => p.role === 'escort');
      const handover = {
        shelter: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: '3603' },
        handedOverByPersonId: escort.personId,
        receivedBy: { name: secrets.shelterOfficer, position: 'Pekerja Sosial' },
        place: 'Kantor Dinas Sosial Kabupaten Tangerang',
        belongings: [secrets.belongings, 'Sepasang sandal, warna hitam'],
      };

      // An item with a line break would not come back as one item: refused, nothing recorded.
      const broken = await command('tangerang', `/cases/${caseId}/shelter-handovers`, {
        ...handover,
        belongings: ['Tas ransel\nbiru'],
      });
      expect(broken.status).toBe(400);
      expect(broken.headers['content-type']).toMatch(problemJson);
      expect(JSON.stringify(broken.body)).toContain('without line breaks');

      expect(
        (await command('tangerang', `/cases/${caseId}/shelter-handovers`, handover)).status,
      ).toBe(201);
      intake.clock.set('2026-03-05T16:30:00Z'); // 23:30 WIB: the letter is dated 5 March
      const referred = await command('tangerang', `/cases/${caseId}/referrals`, {
        toOfficeCode: '36',
        reason: 'inInstitutionService',
        note: 'Keluarga belum ditemukan.',
        signatory: {
          name: 'Drs. H. Ahmad Fauzi, M.Si.',
          position: 'Kepala Dinas Sosial Kabupaten Tangerang',
          nip: '197003031995031002',
        },
      });
      expect(referred.status).toBe(201);

      const { events, facts } = await caseFacts(caseId);
      const bast = events.find((event) => event.type === 'ClientHandedOverToShelter')!;
      const letter = events.find((event) => event.type === 'CaseReferredToOffice')!;
      // What the letter says beyond intake's own facts is in its event, its signatory's name and
      // NIP encrypted under a key of the signatory's own.
      const signatory = (letter.payload as { signatory: Record<string, unknown> }).signatory;
      expect(letter.payload).toMatchObject({ issuedAt: '2026-03-05T16:30:00.000Z' });
      expect(signatory).toMatchObject({
        position: 'Kepala Dinas Sosial Kabupaten Tangerang',
        name: { keyId: expect.any(String), ct: expect.any(String) },
        nip: { keyId: expect.any(String), ct: expect.any(String) },
      });
      expect(letter.subjectIds).toContain(signatory.personId);
      expect(JSON.stringify(letter.payload)).not.toContain('Ahmad Fauzi');

      const standards = intake.app.get<ServiceStandardCatalogue>(SERVICE_STANDARDS);
      const directory = documentDirectory(standards);
      const regeneratedBast = regenerateIssuedDocument(facts, bast.eventId, directory);
      expect(regeneratedBast.status).toBe('matches');
      expect(regeneratedBast.recorded).toEqual((bast.payload as { bast: unknown }).bast);
      expect(sha256(regeneratedBast.html!)).toBe(regeneratedBast.recorded.sha256);
      expect(regeneratedBast.html).toContain('<li>Sepasang sandal, warna hitam</li>');
      expect(regeneratedBast.html).toContain(secrets.escortName);
      expect(regeneratedBast.html).toContain(secrets.childName);

      const regeneratedLetter = regenerateIssuedDocument(facts, letter.eventId, directory);
      expect(regeneratedLetter.status).toBe('matches');
      expect(regeneratedLetter.recorded).toEqual((letter.payload as { letter: unknown }).letter);
      expect(sha256(regeneratedLetter.html!)).toBe(regeneratedLetter.recorded.sha256);
      expect(regeneratedLetter.html).toContain('NIP. 197003031995031002');
      expect(regeneratedLetter.html).toContain('Kabupaten Tangerang, 5 Maret 2026');

      // The case's documents route gives the same check, to its officers and its auditor.
      for (const actor of ['tangerang', 'tangerangAuditor'] as const) {
        const listed = await read(actor, `/cases/${caseId}/documents`);
        expect(listed.status).toBe(200);
        expect(listed.body).toEqual({
          caseId,
          documents: [
            {
              eventId: bast.eventId,
              issuedBy: 'ClientHandedOverToShelter',
              number: regeneratedBast.recorded.number,
              template: 'bast-rumah-singgah v1',
              sha256: regeneratedBast.recorded.sha256,
              regenerated: 'matches',
            },
            {
              eventId: letter.eventId,
              issuedBy: 'CaseReferredToOffice',
              number: regeneratedLetter.recorded.number,
              template: `${regeneratedLetter.recorded.templateCode} v${regeneratedLetter.recorded.templateVersion}`,
              sha256: regeneratedLetter.recorded.sha256,
              regenerated: 'matches',
            },
          ],
        });
      }

      // Once the signatory's key is erased, the letter can no longer be regenerated (erased,
      // not a mismatch); the BAST, which does not name them, still is.
      await reader.vault.eraseSubjectKey(signatory.personId as string, {
        actor: auditor.actor,
        reason: 'Permintaan penghapusan data pribadi',
      });
      const { facts: afterErasure } = await caseFacts(caseId);
      expect(regenerateIssuedDocument(afterErasure, letter.eventId, directory).status).toBe(
        'erased',
      );
      expect(regenerateIssuedDocument(afterErasure, bast.eventId, directory).status).toBe(
        'matches',
      );
      const afterErasureListed = await read('tangerang', `/cases/${caseId}/documents`);
      expect(
        afterErasureListed.body.documents.map(
          (document: { regenerated: string }) => document.regenerated,
        ),
      ).toEqual(['matches', 'erased']);
    });
  });
});
