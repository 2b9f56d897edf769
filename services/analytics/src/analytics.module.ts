import { Module } from '@nestjs/common';
import {
  pseudonymKeyFromEnvironment,
  PSEUDONYM_KEY_ENV,
  PSEUDONYM_KEY_ID_ENV,
} from '@dinsos/analytics-feed';
import type { PlatformFeatures } from '@dinsos/platform';
import type { AnalyticsConfig } from './analytics-config';
import { analyticsFeed } from './feed/analytics-feed';

/** No routes of its own: the platform's health and metrics, and the feed beside them. */
@Module({})
export class AnalyticsModule {}

/**
 * The feed is its only work; it serves no case routes, so office scope needs no ownership table.
 * The pseudonym key is checked (base64, long enough) when the feed is built: a bad one stops
 * the start with a message naming the variable and never echoing the secret.
 */
export function analyticsPlatformFeatures(
  config: Pick<AnalyticsConfig, typeof PSEUDONYM_KEY_ENV | typeof PSEUDONYM_KEY_ID_ENV>,
): PlatformFeatures {
  const key = pseudonymKeyFromEnvironment({
    [PSEUDONYM_KEY_ENV]: config[PSEUDONYM_KEY_ENV],
    [PSEUDONYM_KEY_ID_ENV]: config[PSEUDONYM_KEY_ID_ENV],
  });
  return { caseAccess: 'ownStreams', feeds: analyticsFeed(key) };
}
