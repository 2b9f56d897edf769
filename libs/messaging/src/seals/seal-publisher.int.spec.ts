import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  generateSealingKeyPair,
  isSealSignatureValid,
  sealNow,
  type Seal,
} from '@dinsos/event-store';
import { createTopicPrefix } from '@dinsos/testing';
import { provisionTopics } from '../kafka/topics';
import {
  caseEvent,
  setUpDatabase,
  sharedKafka,
  waitFor,
  type MessagingTestContext,
} from '../testing/fixtures';
import { SealPublisher } from './seal-publisher';

describe('SealPublisher', () => {
  let ctx: MessagingTestContext;
  beforeAll(async () => {
    ctx = await setUpDatabase();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('publishes each new seal, signature intact, to the audit seals topic', async () => {
    const kafka = await sharedKafka('seals-test');
    const topic = `${createTopicPrefix()}dinsos.audit.seals.v1`;
    await provisionTopics(kafka, [topic], { partitions: 1 });
    const publisher = new SealPublisher(kafka, topic);
    await publisher.start();
    const keys = generateSealingKeyPair();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'seals-'));

    await ctx.store.appendToStream('intakeCase-sealed-1', [caseEvent('sealed-1', 0)], {
      expectedRevision: 'noStream',
    });
    const seal = await sealNow(ctx.pool, {
      directory,
      privateKey: keys.privateKeyPem,
      onSeal: publisher.publish,
    });
    expect(seal).not.toBeNull();

    const received: Seal[] = [];
    const consumer = kafka.consumer({ groupId: `${topic}.reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(JSON.parse(message.value!.toString())),
    });
    await waitFor('the seal on Kafka', async () => received.length === 1);
    await consumer.disconnect();
    await publisher.stop();
    fs.rmSync(directory, { recursive: true, force: true });

    expect(received[0]).toEqual(seal);
    expect(isSealSignatureValid(received[0], [keys.publicKeyPem])).toBe(true);
    expect(received[0].streams.map((s) => s.streamId)).toContain('intakeCase-sealed-1');
  });
});
