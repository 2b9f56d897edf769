/** Injection tokens of intake's own pieces (classes are their own tokens). */

/** The ServiceStandardCatalogue: standards, offices (time zones), which office runs what. */
export const STANDARDS = Symbol('intake:standards');

/** What time it is: `{ now(): Date }`; tests pin it. */
export const CLOCK = Symbol('intake:clock');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
