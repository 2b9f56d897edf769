import {
  analyticsRelayName,
  analyticsSourceFromStore,
  createPseudonymiser,
  decryptThroughVault,
  type PseudonymKey,
} from '@dinsos/analytics-feed';
import { analyticsTopic, streamCategories } from '@dinsos/contracts';
import type { FeedDeclaration, FeedDependencies } from '@dinsos/platform';

/**
 * The analysts' feed as the platform runs it: every event of the store in global order (the
 * role reads every category), de-identified (ADR 0017), published to the analytics topic by the
 * kit's relay: checkpoint after the broker's ack, one instance publishing at a time.
 */
export function analyticsFeed(
  pseudonymKey: PseudonymKey,
): (dependencies: FeedDependencies) => FeedDeclaration[] {
  return ({ store, vault, standards, topicPrefix }) => [
    {
      name: analyticsRelayName,
      topic: analyticsTopic,
      categories: streamCategories,
      source: analyticsSourceFromStore(store, {
        pseudonymiser: createPseudonymiser(pseudonymKey),
        decrypt: decryptThroughVault(vault),
        offices: standards.offices,
        topicPrefix,
      }),
    },
  ];
}
