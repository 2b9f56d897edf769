import { examples } from '@dinsos/contracts';
import { getTestInfrastructure, queryAs } from '@dinsos/testing';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { FollowedEvents } from '../following/followed-events';
import { eventually, ServiceDeployment, type ServiceInstance } from './index';

/** Shows the facts a service noted of a case. */
@Controller('cases/:caseId/followed')
class FollowedController {
  constructor(private readonly followed: FollowedEvents) {}

  @Get()
  list(@Param('caseId') caseId: string) {
    return this.followed.ofCase(caseId);
  }
}

@Module({ controllers: [FollowedController] })
class FollowerModule {}

@Module({})
class PublisherModule {}

/**
 * Two services of the system in one deployment (`{ sharing }`): a stand-in for assessment whose
 * relay publishes its own events, and one for intake that follows them, on one database and one
 * topic prefix, talking only over Kafka.
 */
describe('the service harness: services sharing one deployment (real PostgreSQL and Kafka)', () => {
  let publisher: ServiceDeployment;
  let follower: ServiceDeployment;
  let follows: ServiceInstance;

  beforeAll(async () => {
    publisher = await ServiceDeployment.create({
      name: 'assessment',
      module: PublisherModule,
      platform: { caseAccess: 'ownStreams', relay: { service: 'assessment' } },
      clockStartsAt: '2026-05-04T01:00:00Z',
    });
    follower = await ServiceDeployment.create(
      {
        name: 'intake',
        module: FollowerModule,
        platform: { caseAccess: 'ownStreams', follows: { facts: ['RecommendationMade'] } },
      },
      { sharing: publisher },
    );
    await publisher.start();
    follows = await follower.start();
  });

  afterAll(async () => {
    await publisher?.stop();
  });

  it('shares the database, topic prefix, keys and clock; each service has its own schema and role', async () => {
    expect(follower.database).toBe(publisher.database);
    expect(follower.topicPrefix).toBe(publisher.topicPrefix);
    expect(follower.keys).toBe(publisher.keys);
    expect(follower.clock).toBe(publisher.clock);
    expect(follower.clock.now().toISOString()).toBe('2026-05-04T01:00:00.000Z');
    expect(new URL(follower.databaseUrl).username).toBe('dinsos_intake');
    expect(new URL(publisher.databaseUrl).username).toBe('dinsos_assessment');
    const { rows } = await queryAs(
      publisher.database.ownerUrl,
      `select nspname as schema, pg_get_userbyid(nspowner) as owner from pg_namespace
        where nspname in ('intake', 'assessment') order by 1`,
    );
    expect(rows).toEqual([
      { schema: 'assessment', owner: 'dinsos_assessment_owner' },
      { schema: 'intake', owner: 'dinsos_intake_owner' },
    ]);
  });

  it("carries one service's own event to the other over Kafka, and each reads only its own streams", async () => {
    const caseId = '36-2026-000001';
    const [made] = await publisher.append({
      type: 'RecommendationMade',
      caseId,
      officeCode: '36',
      payload: {
        clientId: 'c0ffee00-0000-4000-8000-000000000001',
        recommendationNumber: 1,
        recommendation: 'returnHome',
        reasons: examples.exampleEncryptedField('k', 'reasons'),
        childView: examples.exampleEncryptedField('k', 'childView'),
      },
    });
    // The publisher's key signs the token the follower trusts: one issuer for the system.
    const token = await publisher.tokenFor('intake-officer', '36');
    const noted = await eventually(async () => {
      const response = await follows.http
        .get(`/cases/${caseId}/followed`)
        .set('Authorization', `Bearer ${token}`);
      return response.body.length === 1 ? response.body : undefined;
    }, "the publisher's relay to reach the follower");
    expect(noted).toEqual([
      { eventId: made.eventId, type: 'RecommendationMade', occurredAt: made.occurredAt },
    ]);
    // One store, each role to its own categories: the follower may not read the publisher's.
    await expect(follower.reader.store.readStream(made.streamId)).rejects.toMatchObject({
      code: 'CATEGORY_ACCESS_DENIED',
      role: 'dinsos_intake',
    });
    expect((await publisher.reader.store.readStream(made.streamId))[0].eventId).toBe(made.eventId);
  });

  it('refuses a second deployment of the same service, or a library example beside a system service', async () => {
    const same = { name: 'intake', module: FollowerModule };
    await expect(ServiceDeployment.create(same, { sharing: follower })).rejects.toThrow(
      'intake is deployed here already',
    );
    await expect(
      ServiceDeployment.create({ name: 'example', module: FollowerModule }, { sharing: publisher }),
    ).rejects.toThrow("example cannot share assessment's database");
  });

  it('stops those sharing it first, then drops the database; stopping again is harmless', async () => {
    const database = publisher.database.name;
    await publisher.stop();
    await follower.stop();
    const { rows } = await queryAs(
      (await getTestInfrastructure()).adminDatabaseUrl,
      'select count(*)::int as left from pg_database where datname = $1',
      [database],
    );
    expect(rows[0].left).toBe(0);
  });
});
