/** Injection tokens of intake's own pieces (classes are their own tokens). */

/** The ServiceStandardCatalogue: standards, offices (time zones), which office runs what. */
export const STANDARDS = Symbol('intake:standards');

/** The service's one clock is the platform's (PlatformFeatures.clock in tests). */
export { CLOCK, type Clock } from '@dinsos/platform';
