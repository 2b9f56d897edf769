/** Injection tokens of the platform's shared pieces (classes are their own tokens). */
export const PLATFORM_CONFIG = Symbol('dinsos:platform-config');
export const SERVICE_NAME = Symbol('dinsos:service-name');
/** The app role's pg Pool. */
export const DATABASE_POOL = Symbol('dinsos:database-pool');
/** The PostgresEventStore over that pool. */
export const EVENT_STORE = Symbol('dinsos:event-store');
/** The Kafka client (messaging's createKafkaClient). */
export const KAFKA_CLIENT = Symbol('dinsos:kafka-client');
/** What time it is (`Clock`): `occurredAt` of every command's, reaction's and timer's events. */
export const CLOCK = Symbol('dinsos:clock');
/**
 * The service standards (SOPs as versioned data), offices with their time zones, and which office
 * runs which (`PlatformFeatures.standards`; default: the seeds and Banten's offices).
 */
export const SERVICE_STANDARDS = Symbol('dinsos:service-standards');

/** One clock for the whole service, so tests pin time in one place. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
