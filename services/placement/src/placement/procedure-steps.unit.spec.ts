import {
  bantenRehabilitasiAnakTerlantarV1 as banten,
  bekasiLayananRujukanV1 as bekasi,
  serviceStandards,
} from '@dinsos/service-standards';
import { missingStepsBefore, prerequisiteEventTypes } from './procedure-steps';

describe("the pinned standard's order of placement steps", () => {
  it("follows the other contexts' events that complete the steps placement's steps require", () => {
    expect(prerequisiteEventTypes(serviceStandards)).toEqual(
      expect.arrayContaining(['BiometricsRecorded', 'RecommendationMade', 'FamilyFound']),
    );
    expect(prerequisiteEventTypes(serviceStandards)).not.toContain('ClientReturnedHome');
  });

  it('seed 000: no referral letter before the fingerprints and photo', () => {
    const assessed = ['ReportReceived', 'RequirementsChecked', 'RecommendationMade'];
    expect(missingStepsBefore(banten, 'InstitutionReferralIssued', assessed)).toEqual([
      { code: 'fingerprint-and-photo', text: 'An officer records fingerprints and a photo' },
    ]);
    expect(
      missingStepsBefore(banten, 'InstitutionReferralIssued', [...assessed, 'BiometricsRecorded']),
    ).toEqual([]);
  });

  it('seed 004: no return home or LKS before family tracing, no LKS handover before its referral', () => {
    const opened = ['ReportReceived', 'RequirementsChecked', 'ClientHandedOverToShelter'];
    expect(missingStepsBefore(bekasi, 'ClientReturnedHome', opened).map((s) => s.code)).toEqual([
      'family-tracing',
    ]);
    expect(missingStepsBefore(bekasi, 'LksReferralMade', opened).map((s) => s.code)).toEqual([
      'family-tracing',
    ]);
    expect(
      missingStepsBefore(bekasi, 'ClientHandedOverToLks', [...opened, 'FamilyNotFound']).map(
        (s) => s.code,
      ),
    ).toEqual(['lks-referral']);
    expect(
      missingStepsBefore(bekasi, 'ClientReturnedHome', [
        ...opened,
        'RecommendationMade',
        'FamilyFound',
      ]),
    ).toEqual([]);
  });

  it('asks nothing of an event that completes no step of the standard (a health referral under seed 004)', () => {
    expect(missingStepsBefore(bekasi, 'HealthReferralIssued', [])).toEqual([]);
  });
});
