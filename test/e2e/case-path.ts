// Steps of the case path the e2e specs share, each only HTTP calls to one service; what one
// service learns of another it learns over Kafka, and the helpers wait for it with `eventually`.
import { eventually } from '@dinsos/platform/testing';
import type request from 'supertest';
import type { Role } from '@dinsos/auth';
import { bekasiReport } from '../../services/intake/src/testing/intake-scenario';
import type { Officer, ServiceRequests } from './system';

/** The officers of Kabupaten Tangerang (3603), a seed-004 office, the specs act as (role, subject). */
export const tangerangOfficers = {
  intakeOfficer: ['intake-officer', 'intake-dewi'],
  peksos: ['social-worker', 'peksos-budi'],
  supervisor: ['supervisor', 'spv-ani'],
  tracer: ['tracing-officer', 'tracer-dedi'],
  placementOfficer: ['placement-officer', 'placement-sari'],
} satisfies Record<string, [Role, string]>;

/** The officers of the provincial office (36), which runs seed 000, the specs act as. */
export const provinceOfficers = {
  intakeOfficer: ['intake-officer', 'intake-dewi'],
  peksos: ['social-worker', 'peksos-budi'],
  supervisor: ['supervisor', 'spv-rina'],
  placementOfficer: ['placement-officer', 'placement-yuni'],
} satisfies Record<string, [Role, string]>;

/** The answer's body once its status is the one expected; otherwise the test fails showing both. */
export async function ok(answer: Promise<request.Response>, status = 200) {
  const response = await answer;
  if (response.status !== status) {
    const { method, url } = response.request as unknown as { method: string; url: string };
    throw new Error(
      `${method} ${new URL(url).pathname} answered ${response.status}, not ${status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

/** A supertest parser that keeps a binary answer (a PDF) as its bytes. */
export function pdfBytes(
  response: request.Response,
  done: (error: Error | null, body: Buffer) => void,
) {
  // Node's parsers get the answer's stream, whatever superagent's types say.
  const stream = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Waits until a GET answers 200 with a body `ready` accepts; returns that body. */
export function readyAt(
  service: ServiceRequests,
  route: string,
  ready: (body: Record<string, unknown>) => boolean,
  what: string,
) {
  return eventually(async () => {
    const answer = await service.get(route);
    return answer.status === 200 && ready(answer.body) ? answer.body : undefined;
  }, what);
}

type Requirement =
  { code: string; status: 'met' } | { code: string; status: 'notApplicable'; reason: string };

/** A report received at intake and its requirements checked: the case and its client. */
async function receivedAndChecked(
  intakeOfficer: Officer,
  report: Record<string, unknown>,
  requirements: Requirement[],
) {
  const received = await ok(intakeOfficer.intake.post('/cases', report), 201);
  const caseId = received.caseId as string;
  await ok(
    intakeOfficer.intake.post(`/cases/${caseId}/requirements-checks`, { requirements }),
    201,
  );
  return { caseId, clientId: received.clientId as string };
}

/**
 * A Bekasi-template case (seed 004) at a regency office: the police report with its covering
 * letter, the documents checked, and the client handed over to the Rumah Singgah with a BAST,
 * which opens the case. Run at the clock's instant.
 */
export async function openBekasiCase(
  intakeOfficer: Officer,
  client: { calledName: string; sex: 'male' | 'female'; estimatedAgeYears: number },
  officeCode = '3603',
) {
  const { caseId, clientId } = await receivedAndChecked(
    intakeOfficer,
    // Intake's own police report of a child found in Tigaraksa, as its specs send it.
    bekasiReport({ client }),
    [
      { code: 'covering-letter', status: 'met' },
      { code: 'identity-document', status: 'notApplicable', reason: 'Anak tidak membawa KTP/KK' },
    ],
  );
  expect(caseId).toMatch(new RegExp(`^${officeCode}-2026-\\d{6}$`));
  const detail = await ok(intakeOfficer.intake.get(`/cases/${caseId}`));
  const reporter = detail.people.find((person: { role: string }) => person.role === 'reporter');
  await ok(
    intakeOfficer.intake.post(`/cases/${caseId}/shelter-handovers`, {
      shelter: { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: officeCode },
      handedOverByPersonId: reporter.personId,
      receivedBy: { name: 'Rina Marlina', position: 'Pekerja Sosial Rumah Singgah' },
      belongings: ['Tas punggung biru', 'Sandal jepit'],
    }),
    201,
  );
  return { caseId, clientId };
}

/**
 * A case of the provincial service (seed 000, office 36): the regency Dinsos's referral letter,
 * and the administrative completeness checked, which opens the case. Run at the clock's instant.
 */
export function openBantenCase(intakeOfficer: Officer) {
  return receivedAndChecked(
    intakeOfficer,
    {
      clientCategory: 'neglectedChild',
      source: { kind: 'regencyDinsos', name: 'Dinas Sosial Kabupaten Lebak', regionCode: '3602' },
      letter: {
        number: '460/112-Dinsos/2026',
        issuer: 'Dinas Sosial Kabupaten Lebak',
        reason: 'inInstitutionService',
      },
      escorts: [{ name: 'Pendamping Dinsos Lebak', organisation: 'Dinas Sosial Kabupaten Lebak' }],
      client: { calledName: 'Adi', sex: 'male', estimatedAgeYears: 11 },
    },
    [
      { code: 'referral-letter', status: 'met' },
      {
        code: 'identity-document',
        status: 'notApplicable',
        reason: 'Anak tidak membawa identitas',
      },
      { code: 'regency-assessment', status: 'met' },
    ],
  );
}

/**
 * The Peksos takes the assessment intake's CaseOpened started, records it (and, under seed 004,
 * a day of basic rehabilitation in the shelter) and recommends. `assessedOn` is the local day.
 */
export async function assessAndRecommend(
  peksos: Officer,
  caseId: string,
  assessedOn: string,
  recommendation: { recommendation: string; reasons: string; childView: string },
  options: { sick?: boolean; rehabilitationDay?: string } = {},
) {
  await readyAt(
    peksos.assessment,
    `/assessments/${caseId}`,
    (body) => body.status === 'started',
    `the assessment of ${caseId} to start from intake's CaseOpened`,
  );
  await ok(peksos.assessment.post(`/assessments/${caseId}/take`));
  await ok(
    peksos.assessment.post(`/assessments/${caseId}/assessments`, {
      assessedOn,
      physicalCondition: options.sick ? 'Lemah, demam tinggi' : 'Kurus, luka kecil di kaki',
      health: options.sick ? 'Demam tinggi tiga hari, diduga tifus' : 'Tidak demam',
      needsMedicalCare: options.sick ?? false,
      psychologicalState: 'Pendiam pada awalnya, lebih tenang setelah makan',
      education: { status: 'droppedOut', level: 'SD kelas 3' },
      familyAndOrigin: 'Mengaku berasal dari Cisoka, ibunya bernama Siti',
      risks: { riskAtHome: 'medium', details: 'Sering ditinggal sendirian' },
      needs: options.sick ? ['healthCare', 'safeShelter'] : ['familyReunification', 'safeShelter'],
      childView: 'Ingin pulang ke ibunya',
    }),
  );
  if (options.rehabilitationDay) {
    await ok(
      peksos.assessment.post(`/assessments/${caseId}/rehabilitation-notes`, {
        day: options.rehabilitationDay,
        services: ['meals', 'clothing', 'healthCheck'],
      }),
    );
  }
  return ok(peksos.assessment.post(`/assessments/${caseId}/recommendations`, recommendation));
}

/** A tracing officer assigned, once assessment's recommendation started the tracing. */
export async function tracingAssigned(supervisor: Officer, tracer: Officer, caseId: string) {
  await readyAt(
    supervisor.tracing,
    `/tracings/${caseId}`,
    (view) => view.status === 'tracing',
    `the tracing of ${caseId} to start from the assessment's RecommendationMade`,
  );
  await ok(supervisor.tracing.post(`/tracings/${caseId}/assignment`, { officerId: tracer.id }));
}

/** A letter (or scan) uploaded for the tracing of a case: its fileId. */
export async function tracingLetter(
  tracer: Officer,
  caseId: string,
  text: string,
  mediaType = 'application/pdf',
) {
  const upload = await ok(
    tracer.tracing.upload(`/tracings/${caseId}/letters`, Buffer.from(text), mediaType),
    201,
  );
  return upload.fileId as string;
}

/** An inquiry to the kelurahan of origin, by letter: its inquiryId. */
export async function villageInquiry(tracer: Officer, caseId: string) {
  const sent = await ok(
    tracer.tracing.post(`/tracings/${caseId}/inquiries`, {
      channel: 'village',
      addressee: { name: 'Kelurahan Cisoka', regionCode: '36.03.12.2001' },
      letterNumber: '400.9/031/Dinsos-Tng/2026',
      letter: await tracingLetter(tracer, caseId, 'Surat permohonan penelusuran keluarga'),
    }),
    201,
  );
  return sent.inquiryId as string;
}

/** Waits until placement has opened the case (from intake's CaseOpened) and `ready` holds. */
export function placementWhen(
  officer: Officer,
  caseId: string,
  ready: (view: Record<string, unknown>) => boolean,
  what: string,
) {
  return readyAt(
    officer.placement,
    `/placements/${caseId}`,
    (view) => view.status !== 'notOpened' && ready(view),
    what,
  );
}

/** Waits until placement noted another service's fact over Kafka: a recommendation, a tracing outcome. */
export function placementNoted(
  officer: Officer,
  caseId: string,
  fact: { recommendation: string } | { tracingOutcome: string },
) {
  const [[field, value]] = Object.entries(fact);
  return placementWhen(
    officer,
    caseId,
    (view) => view[field] === value,
    `placement to note ${field} ${value} (from Kafka)`,
  );
}

/** Waits until placement opened the case from intake's CaseOpened, with the whole-service clock. */
export function placementOpened(officer: Officer, caseId: string) {
  return placementWhen(
    officer,
    caseId,
    (view) => view.status === 'open' && view.clock !== undefined,
    "placement to open from intake's CaseOpened, with the whole-service clock",
  );
}

/** Every document intake issued for the case regenerates from the events byte for byte. */
export async function intakeDocumentsMatch(officer: Officer, caseId: string) {
  const { documents } = await ok(officer.intake.get(`/cases/${caseId}/documents`));
  for (const document of documents) expect(document).toMatchObject({ regenerated: 'matches' });
  return documents as { issuedBy: string; number: string; regenerated: string }[];
}

/** Every document placement issued for the case regenerates from the events byte for byte. */
export async function placementDocumentsMatch(officer: Officer, caseId: string) {
  const { documents } = await ok(officer.placement.get(`/placements/${caseId}/documents`));
  for (const document of documents) expect(document).toMatchObject({ regenerated: 'matches' });
  return documents as { issuedBy: string; number: string; regenerated: string }[];
}
