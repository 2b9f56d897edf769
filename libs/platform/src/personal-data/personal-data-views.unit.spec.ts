// What a view shows of personal fields: withheld without a purpose, and who may name which purpose.
import { examples } from '@dinsos/contracts';
import type { PersonalDataVault } from '@dinsos/personal-data';
import { problemFor } from '../errors/problem-details';
import { purposeRule, withheldField, withheldPersonalFields } from './personal-data-views';
import { PersonalFields } from './personal-fields';

const secret = (label: string) => examples.exampleEncryptedField('key-1', label);
const reading = purposeRule({
  record: 'the tracing',
  roles: { familyTracing: ['tracing-officer', 'supervisor'], audit: ['auditor'] },
});
const actor = (role: string) => ({ id: `${role}-1`, role, officeCode: '3603' });

describe('personal fields in a view (the kit)', () => {
  it('marks every personal field withheld, at any depth, erased ones too, and leaves the rest', () => {
    const payload = {
      person: { personId: 'p-1', name: secret('name'), relationship: 'mother' },
      evidence: [secret('file'), 'not-personal'],
      erased: { erased: true, keyId: 'key-9' },
      score: 0.9,
      nothing: null,
    };
    expect(withheldPersonalFields(payload)).toEqual({
      person: { personId: 'p-1', name: withheldField, relationship: 'mother' },
      evidence: [{ withheld: true }, 'not-personal'],
      erased: { withheld: true },
      score: 0.9,
      nothing: null,
    });
    expect(payload.person.name).toEqual(secret('name'));
  });

  it('lets each purpose be named by its roles only, and no purpose by anyone', () => {
    expect(reading.purposes).toEqual(['familyTracing', 'audit']);
    expect(reading.allows('tracing-officer', 'familyTracing')).toBe(true);
    expect(reading.allows('supervisor', 'familyTracing')).toBe(true);
    expect(reading.allows('auditor', 'audit')).toBe(true);
    expect(reading.allows('auditor', 'familyTracing')).toBe(false);
    expect(reading.allows('supervisor', 'audit')).toBe(false);
    expect(() => reading.assertMayRead({ role: 'intake-officer' }, undefined)).not.toThrow();
    expect(reading.accessFor(actor('intake-officer'), undefined)).toBeUndefined();
    expect(reading.accessFor(actor('auditor'), 'audit')).toEqual({
      actor: actor('auditor'),
      purpose: 'audit',
    });
  });

  it('refuses a purpose the role may not read for with a 403 that says what to do', () => {
    let refusal: unknown;
    try {
      reading.accessFor(actor('social-worker'), 'familyTracing');
    } catch (error) {
      refusal = error;
    }
    expect(problemFor(refusal).problem).toMatchObject({
      status: 403,
      detail:
        'A social-worker may read the tracing, but not its personal fields for familyTracing: ask without a purpose.',
    });
    expect(() => purposeRule({ record: 'the case', roles: {} })).toThrow('needs a purpose');
  });

  it('reads a payload withheld without an access, without asking the vault', async () => {
    const vault = {
      decryptPayload: () => Promise.reject(new Error('the vault was asked')),
    } as unknown as PersonalDataVault;
    const event = {
      type: 'RecommendationMade',
      schemaVersion: 1,
      payload: { recommendation: 'traceFamily', childView: secret('childView') },
    };
    await expect(new PersonalFields(vault).payloadFor(event, undefined)).resolves.toEqual({
      recommendation: 'traceFamily',
      childView: withheldField,
    });
  });
});
