import type { EventStore } from '@dinsos/event-store';
import { EventRelay, type EventRelayOptions } from '@dinsos/messaging';
import type { DataAccess, PersonalDataVault } from '@dinsos/personal-data';
import type { OfficeDirectory } from '@dinsos/service-standards';
import type { Kafka } from 'kafkajs';
import type { WithheldField } from '../deidentify';
import { decryptThroughVault, type FieldDecryptor } from '../rules/field-decryptor';
import { createPseudonymiser, type PseudonymKey } from '../rules/pseudonyms';
import { analyticsSourceFromStore } from './analytics-source';

/** The relay's name: its lease and its checkpoint in `messaging_relay_checkpoint`. */
export const analyticsRelayName = 'analytics-feed';

export interface AnalyticsRelayOptions extends Pick<
  EventRelayOptions,
  'batchSize' | 'idleDelayMs' | 'leaseRetryMs' | 'log' | 'afterPublish'
> {
  /** The store, connected as the read side's role (`dinsos_analytics`: reads every category). */
  store: EventStore<unknown>;
  kafka: Kafka;
  /**
   * The same role's URL with its own schema first on the search path: the relay's lease
   * connection, which writes the checkpoint (migrateMessaging must have made the table there).
   */
  databaseUrl: string;
  pseudonymKey: PseudonymKey;
  /** The vault over the same role's pool: the band and generalise rules decrypt through it. */
  vault?: Pick<PersonalDataVault, 'decryptField'>;
  /** Default `analyticsFeedAccess` (the feed's service actor, purpose deidentification). */
  access?: DataAccess;
  /** Instead of the vault's decryption (e.g. to record reads elsewhere). */
  decrypt?: FieldDecryptor;
  offices?: OfficeDirectory;
  /** Called for each personal value left out because the feed could not read it. */
  onWithheld?: (field: WithheldField) => void;
  topicPrefix?: string;
  /**
   * Default {@link analyticsRelayName}. A new name starts from the beginning of the store: the
   * way to publish the whole history again (e.g. under a new pseudonym key).
   */
  name?: string;
}

/**
 * The EventRelay of the analysts' feed: the store's events in global order, de-identified,
 * published to `dinsos.analytics.case-events.v1` keyed by the case pseudonym, the checkpoint
 * moved only after the broker acked. Start it with `start()`, end it with `stop()`.
 */
export function createAnalyticsRelay(options: AnalyticsRelayOptions): EventRelay {
  if (!options.decrypt && !options.vault) {
    throw new TypeError('the analytics relay needs the vault (or a decrypt function)');
  }
  const source = analyticsSourceFromStore(options.store, {
    pseudonymiser: createPseudonymiser(options.pseudonymKey),
    decrypt: options.decrypt ?? decryptThroughVault(options.vault!, options.access),
    offices: options.offices,
    onWithheld: options.onWithheld,
    topicPrefix: options.topicPrefix,
  });
  return new EventRelay({
    name: options.name ?? analyticsRelayName,
    source,
    kafka: options.kafka,
    databaseUrl: options.databaseUrl,
    batchSize: options.batchSize,
    idleDelayMs: options.idleDelayMs,
    leaseRetryMs: options.leaseRetryMs,
    afterPublish: options.afterPublish,
    log: options.log,
  });
}
