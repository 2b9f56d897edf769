import { Module } from '@nestjs/common';

/** Possible family members: scored, safety concerns, decisions, and the outcome. */
@Module({})
export class CandidatesModule {}
