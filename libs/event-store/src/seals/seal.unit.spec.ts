import {
  generateSealingKeyPair,
  isSealSignatureValid,
  keyIdOf,
  sealHash,
  signSeal,
  SEAL_FORMAT,
  type Seal,
} from './seal';

describe('a seal', () => {
  const keys = generateSealingKeyPair();
  const body = {
    format: SEAL_FORMAT,
    sequence: 1,
    sealedAt: '2024-05-01T00:00:00.000Z',
    previousSealHash: null,
    from: '0000000000000000-0000000000000000',
    upTo: '0000000000000300-0000000000000000',
    streams: [
      {
        streamId: 'intakeCase-1',
        streamRevision: 4,
        hash: 'a'.repeat(64),
        position: '0000000000000299-0000000000000010',
      },
    ],
  } satisfies Omit<Seal, 'signature' | 'keyId'>;

  it('is signed with Ed25519 and names its key', () => {
    const seal = signSeal(body, keys.privateKeyPem);
    expect(seal.keyId).toBe(keyIdOf(keys.publicKeyPem));
    expect(isSealSignatureValid(seal, [keys.publicKeyPem])).toBe(true);
    expect(isSealSignatureValid(seal, [generateSealingKeyPair().publicKeyPem])).toBe(false);
  });

  it('no longer verifies when anything signed is changed', () => {
    const seal = signSeal(body, keys.privateKeyPem);
    const changes: Array<(s: Seal) => void> = [
      (s) => (s.streams[0].hash = 'b'.repeat(64)),
      (s) => (s.streams[0].streamRevision = 3),
      (s) => (s.upTo = '0000000000000301-0000000000000000'),
      (s) => (s.sequence = 2),
      (s) => s.streams.pop(),
    ];
    for (const change of changes) {
      const copy = JSON.parse(JSON.stringify(seal)) as Seal;
      change(copy);
      expect(isSealSignatureValid(copy, [keys.publicKeyPem])).toBe(false);
      expect(sealHash(copy)).not.toBe(sealHash(seal));
    }
  });
});
