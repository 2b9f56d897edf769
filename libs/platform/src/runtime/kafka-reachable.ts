import net from 'node:net';

/**
 * Whether any broker accepts a TCP connection within the timeout. Checked before starting a
 * consumer or sampling lag: kafkajs itself keeps retrying a dead broker for a minute, which would
 * hold up a shutdown or a metrics scrape.
 */
export async function kafkaReachable(
  brokers: readonly string[],
  timeoutMs = 1000,
): Promise<boolean> {
  const attempts = brokers.map(
    (broker) =>
      new Promise<boolean>((resolve) => {
        const separator = broker.lastIndexOf(':');
        const socket = net.connect({
          host: broker.slice(0, separator),
          port: Number(broker.slice(separator + 1)),
        });
        const finish = (reachable: boolean) => {
          socket.destroy();
          resolve(reachable);
        };
        socket.setTimeout(timeoutMs, () => finish(false));
        socket.once('connect', () => finish(true));
        socket.once('error', () => finish(false));
      }),
  );
  return (await Promise.all(attempts)).some(Boolean);
}
