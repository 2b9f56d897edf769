import { analyticsTopic, jsonContentType, streamCategories } from '@dinsos/contracts';
import { Position, type EventStore } from '@dinsos/event-store';
import type { RelayItem, RelaySource } from '@dinsos/messaging';
import type { Message } from 'kafkajs';
import {
  deidentify,
  feedKeyOf,
  type DeidentifiedCaseEvent,
  type DeidentifyOptions,
  type StoredCaseEvent,
} from '../deidentify';

export interface AnalyticsSourceOptions extends DeidentifyOptions {
  /** Keeps test runs apart on a shared broker. */
  topicPrefix?: string;
  /**
   * The stream categories read. Default: every category of the contracts, which row-level
   * security narrows to what the connecting role may read (the read side's role: all of them).
   * Audit's `auditAccess` records are not case events and have no contract: left out.
   */
  categories?: readonly string[];
}

/** The Kafka message of a de-identified event: JSON, keyed by the case pseudonym. */
export function analyticsMessage(
  event: StoredCaseEvent,
  deidentified: DeidentifiedCaseEvent,
  options: Pick<DeidentifyOptions, 'pseudonymiser'>,
): Message {
  return {
    key: feedKeyOf(event, options.pseudonymiser),
    value: JSON.stringify(deidentified),
    headers: { 'content-type': jsonContentType },
  };
}

/**
 * The relay source of the analysts' feed: the store's events in global order, each de-identified
 * into a message for `dinsos.analytics.case-events.v1`. Every event read becomes a message (an
 * unknown one with its payload withheld), so the relay's position always moves on.
 */
export function analyticsSourceFromStore(
  store: EventStore<unknown>,
  options: AnalyticsSourceOptions,
): RelaySource {
  const topic = `${options.topicPrefix ?? ''}${analyticsTopic}`;
  const categories = options.categories ?? streamCategories;
  return async (after, maxCount) => {
    const events = await store.readAll({
      from: after === undefined ? undefined : Position.parse(after),
      filter: { categories },
      maxCount,
    });
    // Together: the vault's look-ups of one page wait on the pool, not on each other.
    const deidentified = await Promise.all(events.map((event) => deidentify(event, options)));
    return events.map((event, index): RelayItem => ({
      position: event.position.toString(),
      topic,
      message: analyticsMessage(event, deidentified[index], options),
    }));
  };
}
