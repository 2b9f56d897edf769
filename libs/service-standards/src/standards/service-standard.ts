import {
  ComplaintChannel,
  Recommendation,
  isEventType,
  schemas,
  serviceNames,
} from '@dinsos/contracts';
import { z } from 'zod';
import { isLocalDate } from '../offices/time-zones';

/**
 * A service standard (standar pelayanan, an SOP decreed by an SK) as versioned data. Texts keep
 * the seed's Indonesian exactly as written (`original`, typos included) beside an English label;
 * everything the code acts on (who performs a step, which step must come first, which events
 * start and stop a clock) is structured.
 */

const SeedText = z.strictObject({
  original: z.string().min(1).describe('Indonesian text exactly as in the seed'),
  english: z.string().min(1),
});
export type SeedText = z.infer<typeof SeedText>;

const Code = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case kebab-case code');
const LocalDateSchema = z.string().refine(isLocalDate, 'a YYYY-MM-DD date');
const EventTypeName = z.string().refine(isEventType, 'an event type of @dinsos/contracts');

export const timeLimitUnits = ['calendarDays', 'workingDays', 'months', 'runningYear'] as const;
/**
 * - calendarDays: every day counts ("7 Hari");
 * - workingDays: Monday–Friday minus holidays ("3 hari kerja");
 * - months: the same day of the month, n months on;
 * - runningYear: "tahun berjalan", read as n years from the day the clock starts (see
 *   `dueDateOf` and ADR 0005 for why not "until the end of the calendar year").
 */
export type TimeLimitUnit = (typeof timeLimitUnits)[number];

const TimeLimitSchema = z.strictObject({
  code: Code,
  text: SeedText.describe('The limit as the standard states it'),
  amount: z.int().min(1),
  unit: z.enum(timeLimitUnits),
  startsOn: z.array(EventTypeName).min(1).describe('The first of these events starts the clock'),
  stopsOn: z.array(EventTypeName).min(1).describe('The first of these after the start stops it'),
  step: Code.optional().describe(
    'The step whose own clock this is; absent for a clock of the whole service',
  ),
  reading: z.string().min(1).describe('How the text was read into amount, unit, start and stop'),
});
export type TimeLimit = z.infer<typeof TimeLimitSchema>;

export const documentKinds = ['bast', 'beritaAcaraPemulangan', 'referralLetter'] as const;
export type DocumentKind = (typeof documentKinds)[number];

const RequirementSchema = z.strictObject({
  code: Code,
  text: SeedText,
  mandatory: z.boolean().describe('False when the seed makes it conditional ("jika ada")'),
});
export type Requirement = z.infer<typeof RequirementSchema>;

const StepAlternativeSchema = z.strictObject({
  code: Code,
  text: SeedText,
  completedBy: z.array(EventTypeName).min(1),
  /** Events that must exist before this alternative may be taken (e.g. recorded consent). */
  needs: z.array(EventTypeName).default([]),
  issues: z.array(z.enum(documentKinds)).default([]),
});
export type StepAlternative = z.infer<typeof StepAlternativeSchema>;

const ProcedureStepSchema = z.strictObject({
  code: Code,
  /** The item number in the seed's procedure list (one item may be split into several steps). */
  seedItem: z.int().min(1),
  text: SeedText,
  performedBy: z.enum(serviceNames),
  /** Steps that must be complete before this one starts. */
  requires: z.array(Code).default([]),
  /** The events that complete the step (any one of them). */
  completedBy: z.array(EventTypeName).min(1),
  /** Only when this event happened (a branch of the procedure); the step is skipped otherwise. */
  condition: z.strictObject({ text: SeedText, afterEvent: EventTypeName }).optional(),
  /** The step is completed by exactly one of these. */
  alternatives: z.array(StepAlternativeSchema).default([]),
  issues: z.array(z.enum(documentKinds)).default([]),
});
export type ProcedureStep = z.infer<typeof ProcedureStepSchema>;

const ComplaintChannelEntrySchema = z.strictObject({
  channel: ComplaintChannel,
  text: SeedText,
  contact: z.string().min(1).optional(),
});
export type ComplaintChannelEntry = z.infer<typeof ComplaintChannelEntrySchema>;

export const ComplaintSlaSchema = z.strictObject({
  source: z.string().min(1),
  verify: TimeLimitSchema,
  followUp: TimeLimitSchema,
  resolve: TimeLimitSchema,
});
export type ComplaintSla = z.infer<typeof ComplaintSlaSchema>;

const RecommendationPolicySchema = z.strictObject({
  outcomes: z
    .array(Recommendation)
    .min(1)
    .describe('What the assessment may recommend under this standard'),
  supervisorApproval: z
    .boolean()
    .describe('Whether a recommendation stands only once a supervisor approves it'),
  reading: z.string().min(1).describe('How the seed was read into outcomes and approval'),
});
export type RecommendationPolicy = z.infer<typeof RecommendationPolicySchema>;

const TracingPolicySchema = z.strictObject({
  inquiryPeriodDays: z
    .int()
    .min(1)
    .max(366)
    .describe(
      'The longest an inquiry waits for its answer, in calendar days (an officer may set less)',
    ),
  consentRequired: z.boolean().describe('Whether consent is recorded before any inquiry goes out'),
  reading: z.string().min(1).describe('How the seed was read into the period and consent'),
});
export type TracingPolicy = z.infer<typeof TracingPolicySchema>;

const PlacementPolicySchema = z.strictObject({
  institutionReviewIntervalMonths: z
    .int()
    .min(1)
    .max(12)
    .describe('How often an institution stay is reviewed, in months counted from admission'),
  stayAtRiskDays: z
    .int()
    .min(1)
    .max(366)
    .describe("How many calendar days before the stay's limit the stay counts as at risk"),
  reading: z.string().min(1).describe('How the seed was read into the review interval and risk'),
});
export type PlacementPolicy = z.infer<typeof PlacementPolicySchema>;

export const ServiceStandardSchema = z
  .strictObject({
    code: Code,
    version: z.int().min(1),
    /** First day (office-local) this version is in force. */
    inForceFrom: LocalDateSchema,
    inForceFromBasis: z.string().min(1).describe('Where inForceFrom comes from'),
    /** First day it is no longer in force, when withdrawn without a successor. */
    inForceUntil: LocalDateSchema.optional(),
    title: SeedText,
    skNumber: z.string().min(1),
    issuer: z.strictObject({
      text: SeedText,
      address: z.string().min(1),
      phone: z.string().min(1).optional(),
      website: z.string().min(1).optional(),
      /** Kemendagri code of the issuing region (not necessarily an office of this system). */
      regionCode: z.string().regex(/^\d{2}(\d{2})?$/),
    }),
    clientCategories: z.array(schemas.ClientCategory).min(1),
    requirements: z.array(RequirementSchema).min(1),
    steps: z.array(ProcedureStepSchema).min(1),
    /** The last intake step: when it is complete, intake publishes `CaseOpened`. */
    caseOpensAfter: Code,
    timeLimits: z.array(TimeLimitSchema).min(1),
    /** What the assessment step may end in: the referral letters, tracing or an LKS. */
    recommendations: RecommendationPolicySchema,
    /** Family tracing, where the standard has it (seed 004 step 4). */
    tracing: TracingPolicySchema.optional(),
    /** Institution stays (panti, LKS): when they are reviewed and when they count as at risk. */
    placement: PlacementPolicySchema,
    /** When absent, complaints follow the SP4N-LAPOR! clocks. */
    complaintSlaOverride: ComplaintSlaSchema.optional(),
    fee: z.strictObject({ amountRupiah: z.int().min(0), text: SeedText }),
    products: z.array(SeedText).min(1),
    complaintChannels: z.array(ComplaintChannelEntrySchema).min(1),
    source: z.strictObject({ seedFile: z.string().min(1) }),
  })
  .superRefine((standard, context) => {
    const issue = (message: string) => context.addIssue({ code: 'custom', message });
    const unique = (what: string, codes: string[]) => {
      const seen = new Set<string>();
      for (const code of codes) {
        if (seen.has(code)) issue(`${what} ${code} appears twice`);
        seen.add(code);
      }
    };
    unique(
      'requirement',
      standard.requirements.map((r) => r.code),
    );
    unique(
      'step',
      standard.steps.map((s) => s.code),
    );
    unique(
      'time limit',
      standard.timeLimits.map((t) => t.code),
    );
    // Steps are listed in procedure order, so a step may only require one listed before it:
    // this also rules out cycles.
    const earlier = new Set<string>();
    for (const step of standard.steps) {
      for (const required of step.requires) {
        if (!earlier.has(required))
          issue(`step ${step.code} requires ${required}, which is not an earlier step`);
      }
      earlier.add(step.code);
    }
    const opening = standard.steps.find((s) => s.code === standard.caseOpensAfter);
    if (!opening) issue(`caseOpensAfter ${standard.caseOpensAfter} is not a step`);
    else if (opening.performedBy !== 'intake')
      issue(`caseOpensAfter ${opening.code} is not an intake step`);
    for (const limit of standard.timeLimits) {
      if (limit.step && !earlier.has(limit.step))
        issue(`time limit ${limit.code} belongs to step ${limit.step}, which is not a step`);
    }
    if (standard.inForceUntil && standard.inForceUntil <= standard.inForceFrom) {
      issue('inForceUntil must be after inForceFrom');
    }
  });

/** A validated, immutable service standard version. */
export type ServiceStandard = z.output<typeof ServiceStandardSchema>;
/** What a standard is written as (defaults may be left out). */
export type ServiceStandardInput = z.input<typeof ServiceStandardSchema>;

export class InvalidServiceStandardError extends Error {
  constructor(
    readonly code: string,
    readonly version: unknown,
    readonly issues: string[],
  ) {
    super(`service standard ${code} v${String(version)} is invalid: ${issues.join('; ')}`);
    this.name = 'InvalidServiceStandardError';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Validates a standard (references between steps, event names, dates) and freezes it. */
export function defineServiceStandard(input: ServiceStandardInput): ServiceStandard {
  const result = ServiceStandardSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidServiceStandardError(
      String((input as { code?: unknown }).code),
      (input as { version?: unknown }).version,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return deepFreeze(result.data);
}
