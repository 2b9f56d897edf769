import { examples } from '@dinsos/contracts';
import { Controller, Get, Inject, Module, Param } from '@nestjs/common';
import { queryAs } from '@dinsos/testing';
import type { Pool } from 'pg';
import type { KafkaProjection } from '../following/follows';
import { DATABASE_POOL } from '../runtime/tokens';
import { randomUUID } from 'node:crypto';
import { FollowedEvents } from '../following/followed-events';
import { eventually, ServiceDeployment, type ServiceInstance } from './index';

/** A service that follows the assessment's RecommendationMade as a fact, and shows it. */
@Controller('cases/:caseId/followed')
class FollowedController {
  constructor(private readonly followed: FollowedEvents) {}

  @Get()
  list(@Param('caseId') caseId: string) {
    return this.followed.ofCase(caseId);
  }
}

/** A read model fed from Kafka: recommendations per office and kind. */
@Controller('recommendations')
class RecommendationsController {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  @Get()
  async list() {
    const { rows } = await this.pool.query(
      'select office_code, recommendation, count from recommendations_per_office order by 1, 2',
    );
    return rows;
  }
}

@Module({ controllers: [FollowedController, RecommendationsController] })
class FollowerModule {}

const countRecommendation: KafkaProjection = async (event, transaction) => {
  const { recommendation } = event.payload as { recommendation: string };
  await transaction.query(
    `insert into recommendations_per_office (office_code, recommendation, count) values ($1, $2, 1)
     on conflict (office_code, recommendation)
       do update set count = recommendations_per_office.count + 1`,
    [event.officeCode, recommendation],
  );
};

async function migrateFollower(
  ownerUrl: string,
  options: { appRole: string; schema?: string },
): Promise<void> {
  const table = `${options.schema ?? 'follower'}.recommendations_per_office`;
  await queryAs(
    ownerUrl,
    `create table if not exists ${table} (
       office_code text not null, recommendation text not null, count int not null,
       primary key (office_code, recommendation));
     grant select, insert, update on ${table} to ${options.appRole}`,
  );
}

describe('the service harness, and facts followed from another context (real PostgreSQL and Kafka)', () => {
  let deployment: ServiceDeployment;
  let one: ServiceInstance;
  let two: ServiceInstance;

  beforeAll(async () => {
    deployment = await ServiceDeployment.create({
      name: 'follower',
      module: FollowerModule,
      platform: {
        caseAccess: 'ownStreams',
        follows: {
          facts: ['RecommendationMade'],
          projections: { RecommendationMade: countRecommendation },
        },
      },
      migrations: migrateFollower,
      clockStartsAt: '2026-05-04T01:00:00Z',
    });
    // Two instances of one deployment: one consumer group, one database.
    [one, two] = await Promise.all([deployment.start(), deployment.start()]);
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const followedOf = async (instance: ServiceInstance, caseId: string) =>
    instance.http
      .get(`/cases/${caseId}/followed`)
      .set('Authorization', `Bearer ${await deployment.tokenFor('social-worker', '3603')}`);

  it('notes a published event once per case, whatever the redeliveries and instances, at the time it happened', async () => {
    const caseId = `3603-${randomUUID()}`;
    const recommendation = {
      type: 'RecommendationMade',
      caseId,
      officeCode: '3603',
      payload: {
        clientId: randomUUID(),
        recommendationNumber: 1,
        recommendation: 'institutionCare',
        reasons: examples.exampleEncryptedField('k', 'reasons'),
        childView: examples.exampleEncryptedField('k', 'childView'),
      },
    };
    const first = await deployment.publish(recommendation);
    // The same event again, as a relay that lost its checkpoint would publish it.
    await deployment.publish({ ...recommendation, eventId: first.eventId });
    deployment.clock.set('2026-05-06T01:00:00Z');
    const second = await deployment.publish(recommendation);
    const followed = await eventually(async () => {
      const response = await followedOf(one, caseId);
      return response.body.length === 2 ? response.body : undefined;
    }, 'both recommendations to be noted');
    expect(followed).toEqual([
      {
        eventId: first.eventId,
        type: 'RecommendationMade',
        occurredAt: '2026-05-04T01:00:00.000Z',
      },
      {
        eventId: second.eventId,
        type: 'RecommendationMade',
        occurredAt: '2026-05-06T01:00:00.000Z',
      },
    ]);
    expect((await followedOf(two, caseId)).body).toEqual(followed);
    const { rows } = await deployment.reader.pool.query(
      'select count(*)::int as noted from platform_followed_events where case_id = $1',
      [caseId],
    );
    expect(rows[0].noted).toBe(2);
    // The read model fed from Kafka counted each event once, redelivery or not.
    const counted = await one.http
      .get('/recommendations')
      .set('Authorization', `Bearer ${await deployment.tokenFor('social-worker', '3603')}`);
    expect(counted.body).toEqual([
      { office_code: '3603', recommendation: 'institutionCare', count: 2 },
    ]);
  });

  it("signs tokens per role and office with the deployment's key; refuses a foreign key's", async () => {
    const foreign = await two.http
      .get('/cases/any/followed')
      .set('Authorization', `Bearer ${await deployment.foreignToken('social-worker', '3603')}`);
    expect(foreign.status).toBe(401);
    const own = await followedOf(two, 'any');
    expect(own.status).toBe(200);
    expect(own.body).toEqual([]);
    expect(
      deployment.logs.lines.find(
        (line) =>
          line.msg === 'request completed' &&
          line.correlationId === own.headers['x-correlation-id'],
      ),
    ).toMatchObject({ service: 'follower', actor: { role: 'social-worker', officeCode: '3603' } });
  });

  it('refuses to start a service that follows an event type the contracts do not have', async () => {
    await expect(
      deployment.start({
        platform: { caseAccess: 'ownStreams', follows: { facts: ['RecomendationMade'] } },
      }),
    ).rejects.toThrow(
      'PlatformFeatures.follows: RecomendationMade is no event type of the contracts',
    );
  });
});
