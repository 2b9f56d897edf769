import { createHash } from 'node:crypto';
import { chainHash, GENESIS_HASH, StreamChainVerifier, type StoredLink } from './hashChain';

function chain(streamId: string, documents: string[]): StoredLink[] {
  let prev = GENESIS_HASH;
  return documents.map((document, index) => {
    const hash = chainHash(prev, document);
    const link: StoredLink = {
      streamId,
      streamRevision: index,
      position: `p${index}`,
      document,
      prevHash: prev,
      hash,
      indexed: { eventId: `e${index}`, type: 'T', caseId: null },
    };
    prev = hash;
    return link;
  });
}

const doc = (index: number) =>
  `{"eventId":"e${index}","payload":{"index":${index}},"streamId":"s-1","type":"T"}`;

function verify(
  links: StoredLink[],
  sealed?: { streamRevision: number; hash: string; position: string },
) {
  const verifier = new StreamChainVerifier('s-1', sealed && { streamId: 's-1', ...sealed });
  for (const link of links) if (!verifier.check(link)) break;
  return verifier.finish();
}

describe('the hash chain', () => {
  it('is SHA-256 over the previous hash bytes followed by the UTF-8 document', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.alloc(32), Buffer.from('{"a":"é"}', 'utf8')]))
      .digest('hex');
    expect(chainHash(GENESIS_HASH, '{"a":"é"}')).toBe(expected);
    // The same value PostgreSQL computes: sha256(prev || convert_to(document, 'UTF8')).
    expect(chainHash(GENESIS_HASH, '{"a":1}')).toBe(
      'b06a229070741292512e8760f470dd7a4c46ccfdf253df781d88dabe58c1ccb1',
    );
  });

  it('accepts an intact chain', () => {
    expect(verify(chain('s-1', [0, 1, 2].map(doc)))).toBeUndefined();
  });

  it('reports the first broken link', () => {
    const links = chain('s-1', [0, 1, 2, 3].map(doc));
    links[1] = { ...links[1], document: links[1].document.replace('"index":1', '"index":9') };
    links[2] = { ...links[2], document: links[2].document.replace('"index":2', '"index":9') };
    expect(verify(links)).toMatchObject({
      streamRevision: 1,
      reason: 'hash-mismatch',
      eventId: 'e1',
    });
  });

  it('reports a missing revision, a wrong previous hash, a non-canonical text and a moved column', () => {
    const links = chain('s-1', [0, 1, 2].map(doc));
    expect(verify([links[0], links[2]])).toMatchObject({
      streamRevision: 2,
      reason: 'revision-gap',
    });
    expect(verify([links[1]])).toMatchObject({
      streamRevision: 1,
      reason: 'revision-gap',
      expected: '0',
    });

    const other = chain('s-1', [5, 6].map(doc));
    expect(verify([links[0], { ...other[1], streamRevision: 1 }])).toMatchObject({
      reason: 'prev-hash-mismatch',
    });

    const spaced = chain('s-1', ['{ "eventId":"e0","streamId":"s-1","type":"T"}']);
    expect(verify(spaced)).toMatchObject({ reason: 'document-not-canonical' });

    const moved = chain('s-1', [0].map(doc));
    moved[0].indexed.caseId = 'case-1';
    expect(verify(moved)).toMatchObject({
      reason: 'document-mismatch',
      expected: 'caseId null',
      actual: 'caseId case-1',
    });
  });

  it('checks the sealed head: a rewritten chain and a cut tail', () => {
    const links = chain('s-1', [0, 1, 2, 3].map(doc));
    const sealed = { streamRevision: 2, hash: links[2].hash, position: 'p2' };
    expect(verify(links, sealed)).toBeUndefined();

    const rewrittenDoc = (index: number) =>
      doc(index).replace(`"index":${index}`, `"index":${index + 10}`);
    const rehashed = chain('s-1', [0, 1, 2, 3].map(rewrittenDoc));
    expect(verify(rehashed)).toBeUndefined();
    expect(verify(rehashed, sealed)).toMatchObject({
      streamRevision: 2,
      reason: 'sealed-hash-mismatch',
    });

    expect(verify(links.slice(0, 2), sealed)).toMatchObject({
      streamRevision: 2,
      reason: 'sealed-event-missing',
      actual: 'revision 1',
    });
    expect(verify([], sealed)).toMatchObject({
      streamRevision: null,
      reason: 'sealed-stream-missing',
    });
    expect(verify(links, { ...sealed, position: 'elsewhere' })).toMatchObject({
      reason: 'sealed-position-mismatch',
    });
  });
});
