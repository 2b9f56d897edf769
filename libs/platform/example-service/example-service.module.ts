import { Module } from '@nestjs/common';
import { z } from 'zod';
import type { PlatformFeatures } from '../src';
import { VisitsController } from './http/visits.controller';
import { PersonalDataSealer } from './personal-data-sealer';
import { scheduleFirstContact } from './reactions/schedule-first-contact';

export const exampleServiceName = 'example';

/** The example's own variables, validated with the shared ones at start. */
export const exampleConfigSchema = {
  EXAMPLE_FIRST_CONTACT_AFTER_DAYS: z.coerce.number().int().min(0).max(30).default(3),
};

@Module({ controllers: [VisitsController], providers: [PersonalDataSealer] })
export class ExampleServiceModule {}

/**
 * How a service follows another context: the case ownership table (for the case access guard),
 * and one reaction to intake's CaseOpened. The platform finds intake's topic in the contracts.
 */
export function examplePlatformFeatures(options: {
  firstContactAfterDays: number;
  onPrepare?: Parameters<typeof scheduleFirstContact>[0]['onPrepare'];
}): PlatformFeatures {
  return {
    caseAccess: 'ownershipTable',
    follows: {
      reactions: {
        CaseOpened: scheduleFirstContact({
          daysAfterOpening: options.firstContactAfterDays,
          onPrepare: options.onPrepare,
        }),
      },
    },
    consumerRetry: { attempts: 3, initialBackoffMs: 50, maxBackoffMs: 200 },
  };
}
