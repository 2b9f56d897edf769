import { Logger } from '@nestjs/common';
import { BackgroundWork, type BackgroundPart } from './background-work';

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise.then(() => 'done' as const),
    new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms)),
  ]);

describe('BackgroundWork', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));

  it('stops at once when a part fails to start after stop() woke the pauses', async () => {
    let failStart!: (error: Error) => void;
    const stop = jest.fn(async () => undefined);
    const part: BackgroundPart = {
      name: 'relay',
      start: () => new Promise<void>((_, reject) => (failStart = reject)),
      stop,
    };
    const work = new BackgroundWork([part]);
    work.start();

    const stopped = work.stop();
    // The start fails only now: the retry's pause must not wait (its first is a second long).
    failStart(new Error('broker unreachable'));
    expect(await within(stopped, 200)).toBe('done');
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('wakes a part pausing between attempts when stop() comes', async () => {
    const start = jest.fn(async () => {
      throw new Error('broker unreachable');
    });
    const work = new BackgroundWork([{ name: 'consumer', start, stop: async () => undefined }]);
    work.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await within(work.stop(), 200)).toBe('done');
    expect(start).toHaveBeenCalledTimes(1);
  });
});
