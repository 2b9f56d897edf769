/**
 * Whether two payload values are the same: structural equality of JSON-like values, ignoring key
 * order and `undefined` fields (a decider's no-op check, a read model's "has it changed").
 */
export function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') {
    return false;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => sameValue(item, right[index]))
    );
  }
  const defined = (value: object) =>
    Object.entries(value).filter(([, field]) => field !== undefined);
  const leftEntries = defined(left);
  const rightObject = right as Record<string, unknown>;
  return (
    leftEntries.length === defined(right).length &&
    leftEntries.every(([key, field]) => sameValue(field, rightObject[key]))
  );
}
