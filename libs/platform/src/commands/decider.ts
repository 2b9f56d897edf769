/**
 * An event as a decider sees it: its type and payload. Stored events (the event store's
 * RecordedEvent) have this shape, so a decider folds them as they are read.
 */
export interface DomainEvent {
  type: string;
  payload: object;
  /**
   * Every person whose personal data the event carries (DESIGN.md section 3): the command
   * handler copies it into the envelope's subjectIds.
   */
  subjectIds?: readonly string[];
}

/**
 * The decider pattern: business rules as two pure functions, no Nest, no I/O.
 * - `decide(command, state)` returns the events the command causes, or throws
 *   DomainRuleViolation (in words an officer understands) when a rule forbids it;
 * - `evolve(state, event)` returns the state after the event.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  initialState(): State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  /**
   * Schema versions of the event types this decider appends that are not in the contracts
   * catalogue (catalogued types take their latest version from there).
   */
  schemaVersions?: Partial<Record<Event['type'], number>>;
}

export function foldEvents<S, E extends DomainEvent>(
  decider: Decider<unknown, S, E>,
  events: readonly E[],
): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
