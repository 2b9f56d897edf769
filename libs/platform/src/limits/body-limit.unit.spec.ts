import { jsonBodyLimitBytes } from './body-limit';

describe('the JSON body limit', () => {
  it("follows from the event store's default event limit: (262144 − 4096) / 1.4 = 184320", () => {
    expect(jsonBodyLimitBytes(262_144)).toBe(184_320);
  });

  it('stays below the event limit by at least the encryption growth of its content', () => {
    for (const eventLimit of [64 * 1024, 262_144, 1024 * 1024]) {
      const limit = jsonBodyLimitBytes(eventLimit);
      // All of it a personal field: base64 of the ciphertext is 4/3 of it, plus the envelope.
      expect(Math.ceil((limit * 4) / 3) + 4096).toBeLessThan(eventLimit);
    }
  });

  it('refuses an event limit that leaves no room for a body', () => {
    expect(() => jsonBodyLimitBytes(4096)).toThrow('leaves no room');
  });
});
