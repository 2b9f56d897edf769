/** Milliseconds of an ISO-8601 instant that carries its offset; anything else is refused. */
export function instantMillisOf(instant: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(instant)) {
    throw new RangeError(`${JSON.stringify(instant)} is not an ISO-8601 instant with an offset`);
  }
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) throw new RangeError(`${instant} is not a real date`);
  return millis;
}
