import { Module } from '@nestjs/common';
import { contexts } from '@dinsos/contracts';
import { z } from 'zod';
import { reactionHandler, type PlatformFeatures } from '../index';
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

/** The ownership table from intake's topic, and one reaction to intake's CaseOpened. */
export function examplePlatformFeatures(options: {
  firstContactAfterDays: number;
  onPrepare?: Parameters<typeof scheduleFirstContact>[0]['onPrepare'];
}): PlatformFeatures {
  return {
    ownership: true,
    reactions: {
      topics: [contexts.intake.topic],
      handlers: (dependencies) => ({
        CaseOpened: reactionHandler(
          scheduleFirstContact({
            daysAfterOpening: options.firstContactAfterDays,
            onPrepare: options.onPrepare,
          }),
          dependencies,
        ),
      }),
    },
    consumerRetry: { attempts: 3, initialBackoffMs: 50, maxBackoffMs: 200 },
  };
}
