import { Kafka, logLevel } from 'kafkajs';
import {
  createTopicPrefix,
  deleteTestTopics,
  getTestInfrastructure,
  newTestRunId,
  testRunId,
} from './index';

describe("a test run's topics", () => {
  it('are named after the run, so the run can find them', () => {
    const prefix = createTopicPrefix();
    expect(prefix).toMatch(new RegExp(`^t${testRunId()}_topics_[0-9a-f]{6}\\.$`));
    expect(createTopicPrefix()).not.toBe(prefix);
  });

  it("are removed at the run's end with their dead-letter topics, and no other run's topic", async () => {
    const { kafkaBrokers } = await getTestInfrastructure();
    const admin = new Kafka({
      clientId: 'topics-spec',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    const finishedRun = newTestRunId();
    const otherRun = newTestRunId();
    const ofFinishedRun = [
      `t${finishedRun}_relay_0a1b2c.dinsos.intake.events.v1`,
      `t${finishedRun}_relay_0a1b2c.dinsos.intake.events.v1.t${finishedRun}_relay_0a1b2cgroup.dlq`,
    ];
    const ofOtherRun = `t${otherRun}_relay_3d4e5f.dinsos.intake.events.v1`;
    try {
      await admin.createTopics({
        topics: [...ofFinishedRun, ofOtherRun].map((topic) => ({ topic, numPartitions: 1 })),
        waitForLeaders: true,
      });
      const removed = await deleteTestTopics(kafkaBrokers, finishedRun);
      expect(removed.sort()).toEqual([...ofFinishedRun].sort());
      const listed = await admin.listTopics();
      expect(listed.filter((topic) => topic.startsWith(`t${finishedRun}_`))).toEqual([]);
      expect(listed).toContain(ofOtherRun);
      expect(await deleteTestTopics(kafkaBrokers, finishedRun)).toEqual([]);
    } finally {
      await deleteTestTopics(kafkaBrokers, otherRun);
      await admin.disconnect();
    }
  });

  it('refuses a run id that would match more than one run', async () => {
    await expect(deleteTestTopics(['127.0.0.1:1'], '')).rejects.toThrow(/not a test run id/);
    await expect(deleteTestTopics(['127.0.0.1:1'], '.*')).rejects.toThrow(/not a test run id/);
  });
});
