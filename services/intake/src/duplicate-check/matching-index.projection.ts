import type { RecordedEvent } from '@dinsos/event-store';
import type { DataAccess } from '@dinsos/personal-data';
import {
  serviceActor,
  type ProjectionDependencies,
  type ServiceProjection,
} from '@dinsos/platform';
import type { PoolClient } from 'pg';
import { blockingKeysOf, matchIdentityOf } from './duplicate-scoring.rules';

/** The events the index is built from. */
const indexedTypes = ['ReportReceived', 'ClientRegistered', 'CaseTransferred'] as const;

/**
 * The projection's name, and so its checkpoint's (platform_projection_checkpoints in intake's
 * schema): never rename it, or every deployment indexes again from the first event.
 */
export const matchingIndexName = 'matching-index';

type Plain = Record<string, unknown>;
/** A write to the index, prepared from one event. */
type Change = (client: PoolClient) => Promise<unknown>;
const isErased = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { erased?: unknown }).erased === true;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The duplicate check's index (table intake.matching_index): a projection of intake's own events
 * (ReportReceived for where the client was found, ClientRegistered for the identity,
 * CaseTransferred for the owning office), decrypted for the purpose of case handling into
 * comparison keys (MatchIdentity), observed on the registration's day in its office's time
 * zone. The platform runs it (PlatformFeatures.projections, in intakePlatformFeatures: any
 * number of instances; checkpoint and rows in one transaction; decryption outside it); it is
 * reached through `Projections` by `matchingIndexName` (waitFor, rebuild) and read by
 * MatchingIndex. It can be rebuilt from the store at any time; a person whose key was erased is
 * dropped (at every query, and not indexed again by a rebuild).
 */
export function matchingIndexProjection({
  vault,
  standards,
}: Pick<ProjectionDependencies, 'vault' | 'standards'>): ServiceProjection {
  const offices = standards.offices;
  const access = (event: RecordedEvent): DataAccess => ({
    actor: serviceActor('intake', event.officeCode),
    purpose: 'caseHandling',
  });

  /** What the event changes in the index, decrypted outside the transaction. */
  async function changeFor(event: RecordedEvent): Promise<Change | undefined> {
    const payload = event.payload as Plain;
    const caseId = event.caseId;
    if (!caseId) return undefined;
    switch (event.type) {
      case 'ReportReceived': {
        const clientId = text((payload.client as Plain | undefined)?.clientId);
        if (!clientId || event.schemaVersion < 2) return undefined;
        let regions: string[] = [];
        if (payload.foundAt) {
          const foundAt = await vault.decryptField<{ regionCode?: string }>(
            payload.foundAt,
            access(event),
          );
          if (foundAt.status === 'readable' && foundAt.value.regionCode) {
            regions = [foundAt.value.regionCode.replace(/\D/g, '')];
          }
        }
        return (client) =>
          client.query(
            `insert into intake.matching_index (client_id, case_id, office_code, found_region_codes)
             values ($1, $2, $3, $4)
             on conflict (client_id, case_id)
               do update set found_region_codes = excluded.found_region_codes, updated_at = now()`,
            [clientId, caseId, event.officeCode, regions],
          );
      }
      case 'ClientRegistered': {
        const clientId = text(payload.clientId)!;
        const plain = await vault.decryptPayload(
          event.type,
          event.schemaVersion,
          payload,
          access(event),
        );
        if (isErased(plain.name) || isErased(plain.calledName) || isErased(plain.dateOfBirth)) {
          return (client) =>
            client.query('delete from intake.matching_index where client_id = $1', [clientId]);
        }
        const address = (plain.address ?? {}) as Plain;
        const identity = matchIdentityOf(
          {
            names: [text(plain.name), text(plain.calledName)],
            nik: text(plain.nik),
            dateOfBirth: text(plain.dateOfBirth),
            estimatedAgeYears:
              typeof plain.estimatedAgeYears === 'number' ? plain.estimatedAgeYears : undefined,
            placeOfBirth: text(plain.placeOfBirth),
            regionCodes: [
              text(address.villageCode),
              text(address.districtCode),
              text(address.regencyCode),
              text(address.provinceCode),
            ],
          },
          offices.has(event.officeCode)
            ? offices.localDate(event.officeCode, event.occurredAt)
            : event.occurredAt.slice(0, 10),
        );
        return (client) =>
          client.query(
            `insert into intake.matching_index (client_id, case_id, office_code, identity, blocking_keys, registered_at)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (client_id, case_id)
               do update set identity = excluded.identity, blocking_keys = excluded.blocking_keys,
                             registered_at = excluded.registered_at, updated_at = now()`,
            [
              clientId,
              caseId,
              event.officeCode,
              JSON.stringify(identity),
              blockingKeysOf(identity),
              event.occurredAt,
            ],
          );
      }
      case 'CaseTransferred':
        return (client) =>
          client.query(
            'update intake.matching_index set office_code = $2, updated_at = now() where case_id = $1',
            [caseId, (payload as { toOfficeCode: string }).toOfficeCode],
          );
      default:
        return undefined;
    }
  }

  return {
    name: matchingIndexName,
    filter: { types: indexedTypes },
    prepare: changeFor,
    apply: async (_event, change: Change | undefined, transaction) =>
      void (await change?.(transaction)),
    reset: async (transaction) =>
      void (await transaction.query('delete from intake.matching_index')),
  };
}
