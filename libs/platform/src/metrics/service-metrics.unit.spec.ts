import { ServiceMetrics } from './service-metrics';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

describe('service metrics', () => {
  it('keeps one registry per service, labelled with the service', async () => {
    const intake = new ServiceMetrics('intake');
    const placement = new ServiceMetrics('placement');
    intake.recordAppended('intakeCase', 3, 'command');
    const text = await intake.metricsText();
    expect(line(text, 'dinsos_events_appended_total{')).toBe(
      'dinsos_events_appended_total{category="intakeCase",source="command",service="intake"} 3',
    );
    expect(line(await placement.metricsText(), 'dinsos_events_appended_total{')).toBeUndefined();
  });

  it('samples relay lag, consumer lag and dead letters at scrape time', async () => {
    const metrics = new ServiceMetrics('intake');
    let deadLettered = 0;
    metrics.watchRelay('intake', () => 4.5);
    metrics.watchConsumer(
      'intake.reactions',
      () => ({ deadLettered }),
      async () => [{ topic: 'dinsos.assessment.events.v1', partition: 3, lag: 7 }],
    );
    let text = await metrics.metricsText();
    expect(line(text, 'dinsos_relay_lag_seconds{')).toBe(
      'dinsos_relay_lag_seconds{relay="intake",service="intake"} 4.5',
    );
    expect(line(text, 'dinsos_consumer_lag_messages{')).toBe(
      'dinsos_consumer_lag_messages{group="intake.reactions",topic="dinsos.assessment.events.v1",partition="3",service="intake"} 7',
    );
    expect(line(text, 'dinsos_dead_letters_total{')).toBe(
      'dinsos_dead_letters_total{group="intake.reactions",service="intake"} 0',
    );
    deadLettered = 2;
    text = await metrics.metricsText();
    expect(line(text, 'dinsos_dead_letters_total{')).toBe(
      'dinsos_dead_letters_total{group="intake.reactions",service="intake"} 2',
    );
  });

  it('publishes per-batch latency of a consumer group beside its lag', async () => {
    const metrics = new ServiceMetrics('intake');
    metrics.recordConsumerBatch('intake.follows', 40);
    metrics.recordConsumerBatch('intake.follows', 300);
    const text = await metrics.metricsText();
    expect(line(text, 'dinsos_consumer_batch_duration_seconds_count{')).toBe(
      'dinsos_consumer_batch_duration_seconds_count{service="intake",group="intake.follows"} 2',
    );
    expect(line(text, 'dinsos_consumer_batch_duration_seconds_bucket{le="0.05"')).toBe(
      'dinsos_consumer_batch_duration_seconds_bucket{le="0.05",service="intake",group="intake.follows"} 1',
    );
  });

  it('still answers a scrape when a sampler fails (broker or database down)', async () => {
    const metrics = new ServiceMetrics('intake');
    metrics.watchRelay('intake', () => Promise.reject(new Error('database down')));
    metrics.watchConsumer(
      'g',
      () => ({ deadLettered: 1 }),
      () => Promise.reject(new Error('broker down')),
    );
    const text = await metrics.metricsText();
    expect(line(text, 'dinsos_relay_lag_seconds{')).toBeUndefined();
    expect(line(text, 'dinsos_dead_letters_total{')).toBe(
      'dinsos_dead_letters_total{group="g",service="intake"} 1',
    );
  });
});
