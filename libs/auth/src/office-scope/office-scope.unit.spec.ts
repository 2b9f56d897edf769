import type { AuthenticatedActor, Role } from '../roles/roles';
import {
  caseAccessOf,
  isOfficeCode,
  mayActForOffice,
  officeCovers,
  visibleOfficePattern,
  type CaseOwnership,
} from './office-scope';

const actor = (role: Role, officeCode: string): AuthenticatedActor => ({
  id: `u-${role}`,
  role,
  officeCode,
});
const ownedBy = (owningOfficeCode: string, readGrantOfficeCodes: string[] = []): CaseOwnership => ({
  caseId: 'case-1',
  owningOfficeCode,
  readGrantOfficeCodes,
});

describe('office scope by Kemendagri code', () => {
  it('lets the province 36 see its regencies and cities 36xx, and itself', () => {
    expect(officeCovers('36', '3603')).toBe(true);
    expect(officeCovers('36', '3674')).toBe(true);
    expect(officeCovers('36', '36')).toBe(true);
  });

  it('keeps a regency to itself: not its neighbours, not the province, not another province', () => {
    expect(officeCovers('3603', '3603')).toBe(true);
    expect(officeCovers('3603', '3601')).toBe(false);
    expect(officeCovers('3603', '36')).toBe(false);
    expect(officeCovers('36', '3273')).toBe(false);
    expect(officeCovers('32', '3603')).toBe(false);
  });

  it('refuses what is not an office code instead of matching prefixes of it', () => {
    expect(isOfficeCode('360')).toBe(false);
    expect(officeCovers('3', '3603')).toBe(false);
    expect(officeCovers('', '3603')).toBe(false);
    expect(officeCovers('36', '360312')).toBe(false);
  });
});

describe('case access', () => {
  it('lets officers and supervisors act on the cases their office covers', () => {
    expect(caseAccessOf(actor('social-worker', '3603'), ownedBy('3603'))).toBe('act');
    expect(caseAccessOf(actor('supervisor', '36'), ownedBy('3603'))).toBe('act');
    expect(caseAccessOf(actor('intake-officer', '3601'), ownedBy('3603'))).toBe('none');
  });

  it('gives the sending office read access after a transfer, and the receiving office ownership', () => {
    const transferred = ownedBy('36', ['3603']);
    expect(caseAccessOf(actor('social-worker', '3603'), transferred)).toBe('read');
    expect(caseAccessOf(actor('social-worker', '36'), transferred)).toBe('act');
    expect(caseAccessOf(actor('social-worker', '3601'), transferred)).toBe('none');
  });

  it('makes auditors read-only, within their office scope', () => {
    expect(caseAccessOf(actor('auditor', '36'), ownedBy('3603'))).toBe('read');
    expect(caseAccessOf(actor('auditor', '3603'), ownedBy('3603'))).toBe('read');
    expect(caseAccessOf(actor('auditor', '3601'), ownedBy('3603'))).toBe('none');
    expect(mayActForOffice(actor('auditor', '3603'), '3603')).toBe(false);
  });

  it('gives analysts and admins no case access at all', () => {
    expect(caseAccessOf(actor('analyst', '36'), ownedBy('3603'))).toBe('none');
    expect(caseAccessOf(actor('admin', '3603'), ownedBy('3603'))).toBe('none');
  });

  it('lets an officer act for an office it covers when there is no case yet', () => {
    expect(mayActForOffice(actor('intake-officer', '3603'), '3603')).toBe(true);
    expect(mayActForOffice(actor('intake-officer', '36'), '3603')).toBe(true);
    expect(mayActForOffice(actor('intake-officer', '3603'), '3601')).toBe(false);
  });

  it('gives read models a LIKE pattern of the visible offices', () => {
    expect(visibleOfficePattern({ officeCode: '36' })).toBe('36%');
    expect(visibleOfficePattern({ officeCode: '3603' })).toBe('3603');
    expect(() => visibleOfficePattern({ officeCode: '3%' })).toThrow();
  });
});
