import { randomBytes } from 'node:crypto';
import { newClusterId } from './kafka';

describe('KRaft cluster ids', () => {
  it('draws again when an id would begin with "-", which the storage tool reads as an option', () => {
    // 0xF8 as the first byte makes base64url's first character '-' (index 62).
    const draws = [Buffer.from([0xf8, ...randomBytes(15)]), randomBytes(16)];
    const id = newClusterId(() => draws.shift() ?? randomBytes(16));
    expect(draws).toHaveLength(0);
    expect(id).not.toMatch(/^-/);
  });

  it('never begins with "-" over many draws, and is 16 bytes in URL-safe base64', () => {
    // One draw in 64 began with '-' before: 4,000 draws would show it with certainty.
    const ids = Array.from({ length: 4000 }, () => newClusterId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
  });
});
