import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { officeCovers, type AuthenticatedActor } from '@dinsos/auth';
import type { PostgresEventStore } from '@dinsos/event-store';
import {
  CLOCK,
  DATABASE_POOL,
  EVENT_STORE,
  PLATFORM_CONFIG,
  SERVICE_STANDARDS,
  loadStream,
  PersonalFields,
  Projections,
  type Clock,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { Pool } from 'pg';
import { clientDecider, clientStreamId } from '../client/client.decider';
import { matchIdentityOf, type MatchIdentity } from './duplicate-scoring.rules';
import type { IntakeCaseState } from '../intake-case/intake-case.decider';
import type { DuplicateCheckBody } from './duplicate-check.requests';
import type { IntakeConfig } from '../intake-config';
import { matchingIndexName } from './matching-index.projection';
import { MatchingIndex, type IndexedCandidate } from './matching-index.query';
import { registrationForCase } from '../client/client-registration';

/**
 * A duplicate candidate as the officer sees it. In an office the officer's office covers (the
 * province covers all): who it is. Elsewhere: only which office and how alike, no personal data
 * and no id — that office decides about its own clients.
 */
export type CandidateView =
  | {
      visibility: 'detailed';
      clientId: string;
      score: number;
      scores: { name: number; age: number; place: number; nik: string };
      registrations: Array<{ caseId: string; officeCode: string }>;
      identity: Record<string, unknown>;
    }
  | { visibility: 'otherOffice'; officeCodes: string[]; score: number };

const shownFields = [
  'name',
  'calledName',
  'sex',
  'dateOfBirth',
  'estimatedAgeYears',
  'placeOfBirth',
];

@Injectable()
export class DuplicateCheck {
  private readonly clients;

  constructor(
    private readonly index: MatchingIndex,
    private readonly projections: Projections,
    private readonly fields: PersonalFields,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(SERVICE_STANDARDS) private readonly standards: ServiceStandardCatalogue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: IntakeConfig,
  ) {
    this.clients = clientDecider(standards);
  }

  private today(officeCode: string): string {
    return this.standards.offices.localDate(officeCode, this.clock.now());
  }

  /** Candidates for the client of a case, across all offices, not yet decided. */
  async forCase(
    actor: AuthenticatedActor,
    caseId: string,
    state: IntakeCaseState,
  ): Promise<{ candidates: CandidateView[]; indexedAt?: string }> {
    if (!state.clientId) return { candidates: [] };
    const registration = await registrationForCase(this.store, state.clientId, caseId);
    if (!registration) return { candidates: [] };
    const reflected = await this.projections.waitFor(
      matchingIndexName,
      registration.position.toString(),
      this.config.MATCHING_INDEX_WAIT_MS,
    );
    if (!reflected) {
      throw new ServiceUnavailableException(
        'The duplicate index is still catching up with the latest registrations; try again in a moment.',
      );
    }
    const query = await this.queryIdentity(state.clientId, registration.caseId ?? caseId);
    if (!query) return { candidates: [] };
    const client = await loadStream(this.store, clientStreamId(state.clientId), this.clients);
    const candidates = await this.index.candidates(query, {
      exclude: [state.clientId, ...Object.keys(client.state.decisions)],
      today: this.today(state.owningOfficeCode ?? actor.officeCode),
    });
    return { candidates: await this.views(actor, candidates) };
  }

  /** Candidates for a person not yet reported: "have we seen this child before?". */
  async search(actor: AuthenticatedActor, body: DuplicateCheckBody): Promise<CandidateView[]> {
    const today = this.today(actor.officeCode);
    const query = matchIdentityOf(
      {
        names: [body.name, body.calledName],
        nik: body.nik,
        dateOfBirth: body.dateOfBirth,
        estimatedAgeYears: body.estimatedAgeYears,
        placeOfBirth: body.placeOfBirth,
        regionCodes: body.regionCodes,
      },
      today,
    );
    return this.views(actor, await this.index.candidates(query, { exclude: [], today }));
  }

  /** The candidate as this actor may see it, or undefined when it is not a candidate at all. */
  async candidateForCase(
    actor: AuthenticatedActor,
    caseId: string,
    state: IntakeCaseState,
    candidateClientId: string,
  ): Promise<Extract<CandidateView, { visibility: 'detailed' }> | undefined> {
    const { candidates } = await this.forCase(actor, caseId, state);
    return candidates.find(
      (candidate): candidate is Extract<CandidateView, { visibility: 'detailed' }> =>
        candidate.visibility === 'detailed' && candidate.clientId === candidateClientId,
    );
  }

  private async queryIdentity(
    clientId: string,
    caseId: string,
  ): Promise<MatchIdentity | undefined> {
    const { rows } = await this.pool.query<{
      identity: MatchIdentity;
      found_region_codes: string[];
    }>(
      `select identity, found_region_codes from intake.matching_index
        where client_id = $1 and case_id = $2 and identity is not null`,
      [clientId, caseId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      ...row.identity,
      regionCodes: [...new Set([...row.identity.regionCodes, ...row.found_region_codes])],
    };
  }

  private async views(
    actor: AuthenticatedActor,
    candidates: IndexedCandidate[],
  ): Promise<CandidateView[]> {
    const views: CandidateView[] = [];
    for (const candidate of candidates) {
      // Only what the actor's offices registered: another office's registration of the same
      // client (its case, its identity as recorded there) stays that office's.
      const covered = candidate.registrations.filter((registration) =>
        officeCovers(actor.officeCode, registration.officeCode),
      );
      if (covered.length === 0) {
        views.push({
          visibility: 'otherOffice',
          officeCodes: [...new Set(candidate.registrations.map((r) => r.officeCode))].sort(),
          score: candidate.score.score,
        });
        continue;
      }
      // Registrations come oldest first: the latest one the actor's offices made.
      const latest = covered.at(-1)!;
      const registration = await registrationForCase(this.store, candidate.clientId, latest.caseId);
      const plain = registration
        ? await this.fields.decryptPayload(registration, { actor, purpose: 'caseHandling' })
        : {};
      views.push({
        visibility: 'detailed',
        clientId: candidate.clientId,
        score: candidate.score.score,
        scores: {
          name: candidate.score.name,
          age: candidate.score.age,
          place: candidate.score.place,
          nik: candidate.score.nik,
        },
        registrations: covered,
        identity: Object.fromEntries(
          shownFields
            .filter((field) => plain[field] !== undefined)
            .map((field) => [field, plain[field]]),
        ),
      });
    }
    return views;
  }
}
