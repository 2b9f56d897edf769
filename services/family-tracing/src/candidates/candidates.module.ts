import { Module } from '@nestjs/common';
import { CandidateCommands } from './candidate-commands';
import { CandidatesController } from './candidates.controller';
import { OutcomeController } from './outcome.controller';

/**
 * Possible family members (proposed and scored, safety concerns, do-not-contact, decisions) and
 * the outcome of the tracing (family found or not found, reopening).
 */
@Module({
  controllers: [CandidatesController, OutcomeController],
  providers: [CandidateCommands],
})
export class CandidatesModule {}
