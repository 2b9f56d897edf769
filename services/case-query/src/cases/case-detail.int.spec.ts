// A case's history with its payloads: personal fields decrypted only for a purpose the caller's
// role may read for, withheld without one, refused (403) for a purpose the role may not name.
import { PersonalFields } from '@dinsos/platform';
import { ServiceDeployment, type ServiceInstance } from '@dinsos/platform/testing';
import { caseQueryConfigSchema } from '../case-query-config';
import { appendInOrder, caseOf } from '../testing/store-events';
import { deployCaseQuery } from '../testing/deployment';

const caseId = `3603-2026-${Date.now().toString(36).slice(-6)}`;

describe("a case's history and its personal fields", () => {
  let deployment: ServiceDeployment<typeof caseQueryConfigSchema>;
  let instance: ServiceInstance;
  let position: string;
  const tokens: Record<string, string> = {};

  const detail = (query: string, token: string) =>
    instance.http
      .get(`/cases/${caseId}${query}`)
      .set('Authorization', `Bearer ${token}`)
      .set('X-Min-Position', position);

  beforeAll(async () => {
    deployment = await deployCaseQuery();
    instance = await deployment.start();
    tokens.socialWorker = await deployment.tokenFor('social-worker', '3603');
    tokens.auditor = await deployment.tokenFor('auditor', '36');
    const fields = instance.app.get(PersonalFields);
    const path = caseOf(caseId, '3603');
    const reported = path.reported('2026-03-02T09:00:00+07:00');
    const reporter = reported.event.payload.reporter as { personId: string; name: unknown };
    reporter.name = await fields.encrypt(reporter.personId, 'Budi Santoso');
    const positions = await appendInOrder(deployment, [
      reported,
      path.opened('2026-03-02T10:00:00+07:00'),
    ]);
    position = positions[positions.length - 1];
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  const reporterOf = (body: {
    timeline: Array<{ type: string; payload: Record<string, unknown> }>;
  }) =>
    (
      body.timeline.find((entry) => entry.type === 'ReportReceived')?.payload.reporter as {
        name: unknown;
      }
    ).name;

  it('withholds personal fields without a purpose', async () => {
    const answer = await detail('', tokens.socialWorker).expect(200);
    expect(reporterOf(answer.body)).toEqual({ withheld: true });
    expect(JSON.stringify(answer.body)).not.toContain('Budi Santoso');
  });

  it('decrypts them for a purpose the role may read for', async () => {
    const forCase = await detail('?purpose=caseHandling', tokens.socialWorker).expect(200);
    expect(reporterOf(forCase.body)).toBe('Budi Santoso');
    const forAudit = await detail('?purpose=audit', tokens.auditor).expect(200);
    expect(reporterOf(forAudit.body)).toBe('Budi Santoso');
  });

  it('refuses a purpose the role may not name (403) and an unknown one (400)', async () => {
    const refused = await detail('?purpose=audit', tokens.socialWorker).expect(403);
    expect(refused.body.detail ?? refused.body.title).toMatch(/audit|purpose|history/i);
    const unknown = await detail('?purpose=curiosity', tokens.socialWorker).expect(400);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
  });
});
