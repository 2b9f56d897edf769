import fs from 'node:fs';
import path from 'node:path';
import { isEventType } from '@dinsos/contracts';
import { bantenRehabilitasiAnakTerlantarV1 as banten } from './banten-rehsos-anak-terlantar.v1';
import { bekasiLayananRujukanV1 as bekasi } from './bekasi-layanan-rujukan.v1';
import { procedureProgress, stepsPerformedBy } from './procedure';
import {
  defineServiceStandard,
  InvalidServiceStandardError,
  type ServiceStandard,
  type ServiceStandardInput,
} from './service-standard';

/** The seed as read: markdown links and escapes resolved, whitespace collapsed. */
function seedText(file: string): string {
  return fs
    .readFileSync(path.join(__dirname, '../../seeds', file), 'utf8')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<(https?:[^>]*)>/g, '$1')
    .replace(/\\+_/g, '_')
    .replace(/\s+/g, ' ');
}

function originals(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => originals(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'original' && typeof child === 'string') found.push(child);
      else originals(child, found);
    }
  }
  return found;
}

const complaintSlaTexts = new Set([
  'verifikasi 3 hari kerja',
  'tindak lanjut 5 hari kerja',
  'selesai 60 hari',
]);

describe.each([
  ['000 (Banten)', banten],
  ['004 (Bekasi)', bekasi],
])('seed %s as data', (_name, standard: ServiceStandard) => {
  it('keeps every Indonesian text exactly as the seed writes it', () => {
    const seed = seedText(standard.source.seedFile);
    const texts = originals(standard).filter((t) => !complaintSlaTexts.has(t));
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts)
      expect({ text, inSeed: seed.includes(text.replace(/\s+/g, ' ')) }).toEqual({
        text,
        inSeed: true,
      });
    expect(seed).toContain(standard.skNumber);
    expect(seed).toContain(standard.issuer.address);
  });

  it('names only events of the contracts', () => {
    const types = [
      ...standard.steps.flatMap((s) => [
        ...s.completedBy,
        ...s.alternatives.flatMap((a) => [...a.completedBy, ...a.needs]),
        ...(s.condition ? [s.condition.afterEvent] : []),
      ]),
      ...standard.timeLimits.flatMap((t) => [...t.startsOn, ...t.stopsOn]),
    ];
    expect(types.filter((t) => !isEventType(t))).toEqual([]);
  });

  it('has a valid placement policy, with a reading that says the office should confirm it', () => {
    expect(standard.placement.institutionReviewIntervalMonths).toBeGreaterThanOrEqual(1);
    expect(standard.placement.institutionReviewIntervalMonths).toBeLessThanOrEqual(12);
    expect(standard.placement.stayAtRiskDays).toBeGreaterThanOrEqual(1);
    expect(standard.placement.reading).toMatch(/confirm/);
    expect(Object.isFrozen(standard.placement)).toBe(true);
  });

  it('is free of charge', () => {
    expect(standard.fee).toEqual({
      amountRupiah: 0,
      text: { original: 'Tidak dipungut biaya', english: 'Free of charge' },
    });
  });
});

describe('seed 000: Banten, basic rehabilitation of neglected children', () => {
  it('names no assessment period (only the whole service runs) and has a supervisor approve one of three letters', () => {
    expect(banten.timeLimits.filter((limit) => limit.step !== undefined)).toEqual([]);
    expect(banten.recommendations).toMatchObject({
      outcomes: ['returnHome', 'healthReferral', 'institutionCare'],
      supervisorApproval: true,
    });
  });

  it('reviews an institution stay every 3 months and warns 30 days before the running year ends, numbers the seed does not give', () => {
    expect(banten.placement).toMatchObject({
      institutionReviewIntervalMonths: 3,
      stayAtRiskDays: 30,
    });
    expect(banten.placement.reading).toContain('1 (satu) Tahun Berjalan');
    expect(banten.placement.reading).toContain('ReportReceived');
    expect(banten.placement.reading).toMatch(/Neither number is in the seed/);
  });

  it('has its SK, three requirements and six procedure items', () => {
    expect(banten.skNumber).toBe('188.4/174-Dinsos/2024');
    expect(banten.requirements.map((r) => r.code)).toEqual([
      'referral-letter',
      'identity-document',
      'regency-assessment',
    ]);
    expect(new Set(banten.steps.map((s) => s.seedItem))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it('takes fingerprints and a photo after the Peksos assessment, by intake', () => {
    const biometrics = banten.steps.find((s) => s.code === 'fingerprint-and-photo');
    expect(biometrics).toMatchObject({
      performedBy: 'intake',
      requires: ['peksos-assessment'],
      completedBy: ['BiometricsRecorded'],
    });
  });

  it('ends in one of three referral letters; institution care needs recorded consent', () => {
    const issued = banten.steps.find((s) => s.code === 'referral-letter-issued');
    expect(issued?.alternatives.map((a) => a.code)).toEqual([
      'return-home',
      'health-facility',
      'institution-care',
    ]);
    expect(issued?.alternatives.find((a) => a.code === 'institution-care')?.needs).toEqual([
      'ConsentRecorded',
    ]);
  });

  it('runs up to one running year from the report', () => {
    expect(banten.timeLimits).toEqual([
      expect.objectContaining({
        text: { original: '1 (satu) Tahun Berjalan', english: 'One running year' },
        amount: 1,
        unit: 'runningYear',
        startsOn: ['ReportReceived'],
      }),
    ]);
  });

  it('lists eight complaint channels with the same number for SMS/WA and phone', () => {
    expect(banten.complaintChannels.map((c) => c.channel)).toEqual([
      'inPerson',
      'complaintBox',
      'smsWhatsapp',
      'phone',
      'email',
      'sp4nLapor',
      'website',
      'socialMedia',
    ]);
    expect(banten.complaintSlaOverride).toBeUndefined();
  });
});

describe('seed 004: Bekasi, referral service', () => {
  it('covers neglected children, elderly and disabled people; the identity card only if there is one', () => {
    expect(bekasi.clientCategories).toEqual([
      'neglectedChild',
      'neglectedElderly',
      'personWithDisability',
    ]);
    expect(bekasi.requirements.find((r) => r.code === 'identity-document')?.mandatory).toBe(false);
  });

  it('opens the case after the BAST handover to the shelter', () => {
    expect(bekasi.caseOpensAfter).toBe('shelter-handover');
    expect(stepsPerformedBy(bekasi, 'intake').map((s) => s.code)).toEqual([
      'report-received',
      'document-check',
      'shelter-handover',
    ]);
  });

  it('gives 7 calendar days for the whole service, stopped by return home or LKS handover', () => {
    expect(bekasi.timeLimits).toEqual([
      expect.objectContaining({
        amount: 7,
        unit: 'calendarDays',
        startsOn: ['ReportReceived'],
        stopsOn: ['ClientReturnedHome', 'ClientHandedOverToLks'],
      }),
      expect.objectContaining({ code: 'basic-rehabilitation' }),
    ]);
    expect(bekasi.timeLimits[0].step).toBeUndefined();
  });

  it("gives step 3's basic rehabilitation its own clock: 7 calendar days in the shelter from the BAST handover", () => {
    const rehabilitation = bekasi.timeLimits.find((limit) => limit.code === 'basic-rehabilitation');
    expect(rehabilitation).toMatchObject({
      step: 'further-assessment-and-basic-rehabilitation',
      amount: 7,
      unit: 'calendarDays',
      startsOn: ['ClientHandedOverToShelter'],
      stopsOn: ['ClientReturnedHome', 'ClientHandedOverToLks', 'AdmittedToInstitution'],
    });
    expect(stepsPerformedBy(bekasi, 'assessment').map((step) => step.code)).toContain(
      rehabilitation!.step,
    );
  });

  it('lets the assessment recommend tracing, return home, an LKS or a health referral, without approval', () => {
    expect(bekasi.recommendations).toMatchObject({
      outcomes: ['traceFamily', 'returnHome', 'continueWithLks', 'healthReferral'],
      supervisorApproval: false,
    });
  });

  it('has no institution stay of its own, but reviews one monthly and warns 2 days ahead if a client is placed anyway', () => {
    expect(bekasi.placement).toMatchObject({
      institutionReviewIntervalMonths: 1,
      stayAtRiskDays: 2,
    });
    expect(bekasi.placement.reading).toMatch(/no institution stay of its own/);
    expect(bekasi.placement.reading).toMatch(/placed in an institution anyway/);
  });

  it('orders the procedure: tracing after assessment, then return home or LKS by outcome', () => {
    const afterIntake = procedureProgress(bekasi, [
      'ReportReceived',
      'RequirementsChecked',
      'ClientHandedOverToShelter',
    ]);
    expect(afterIntake.available).toEqual(['further-assessment-and-basic-rehabilitation']);
    const traced = [
      'ReportReceived',
      'RequirementsChecked',
      'ClientHandedOverToShelter',
      'RecommendationMade',
    ];
    expect(procedureProgress(bekasi, traced).available).toEqual(['family-tracing']);
    expect(procedureProgress(bekasi, [...traced, 'FamilyFound']).available).toEqual([
      'return-home',
    ]);
    expect(procedureProgress(bekasi, [...traced, 'FamilyNotFound']).available).toEqual([
      'lks-referral',
    ]);
    expect(
      procedureProgress(bekasi, [...traced, 'FamilyNotFound', 'LksReferralMade']).available,
    ).toEqual(['lks-handover']);
  });
});

describe('defining a standard', () => {
  it('refuses a time limit that names a step the standard does not have', () => {
    const input = bekasi as ServiceStandardInput;
    const [whole] = bekasi.timeLimits;
    expect(() =>
      defineServiceStandard({ ...input, timeLimits: [{ ...whole, step: 'no-such-step' }] }),
    ).toThrow(/time limit whole-service belongs to step no-such-step, which is not a step/);
  });

  it('refuses a step that requires a later one, an unknown event, or a case opened outside intake', () => {
    const input = bekasi as ServiceStandardInput;
    const [first, ...rest] = bekasi.steps;
    const attempt = (change: Partial<ServiceStandardInput>) => () =>
      defineServiceStandard({ ...input, ...change });
    expect(attempt({ steps: [{ ...first, requires: ['document-check'] }, ...rest] })).toThrow(
      /not an earlier step/,
    );
    expect(
      attempt({ steps: [{ ...first, completedBy: ['ReportRecieved' as never] }, ...rest] }),
    ).toThrow(InvalidServiceStandardError);
    expect(attempt({ caseOpensAfter: 'family-tracing' })).toThrow(/not an intake step/);
  });

  it('refuses a standard without a placement policy, or with one out of range', () => {
    const { placement, ...withoutPlacement } = bekasi as ServiceStandardInput;
    expect(() => defineServiceStandard(withoutPlacement as ServiceStandardInput)).toThrow(
      /placement/,
    );
    const attempt = (change: Partial<ServiceStandardInput['placement']>) => () =>
      defineServiceStandard({
        ...(bekasi as ServiceStandardInput),
        placement: { ...placement, ...change },
      });
    expect(attempt({ institutionReviewIntervalMonths: 0 })).toThrow(InvalidServiceStandardError);
    expect(attempt({ institutionReviewIntervalMonths: 13 })).toThrow(/placement/);
    expect(attempt({ institutionReviewIntervalMonths: 1.5 })).toThrow(/placement/);
    expect(attempt({ stayAtRiskDays: 0 })).toThrow(/placement/);
    expect(attempt({ stayAtRiskDays: 367 })).toThrow(/placement/);
    expect(attempt({ reading: '' })).toThrow(/placement/);
    expect(() =>
      defineServiceStandard({
        ...(bekasi as ServiceStandardInput),
        placement: { ...placement, extra: true } as never,
      }),
    ).toThrow(/placement/);
  });

  it('freezes what it defines', () => {
    expect(Object.isFrozen(bekasi.steps[0].completedBy)).toBe(true);
  });
});
