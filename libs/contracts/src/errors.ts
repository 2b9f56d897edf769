/**
 * Why a message or payload was refused. A consumer puts the reason on the dead-letter record,
 * so each is a stable string.
 */
export type ContractViolationReason =
  'missing-header' | 'invalid-header' | 'unknown-event-type' | 'schema-violation' | 'not-json';

export abstract class ContractViolationError extends Error {
  abstract readonly reason: ContractViolationReason;
}

export class MissingCloudEventHeaderError extends ContractViolationError {
  readonly reason = 'missing-header';
  constructor(readonly header: string) {
    super(`Kafka message has no ${header} header`);
    this.name = 'MissingCloudEventHeaderError';
  }
}

export class InvalidCloudEventHeaderError extends ContractViolationError {
  readonly reason = 'invalid-header';
  constructor(
    readonly header: string,
    readonly value: string,
    detail: string,
  ) {
    super(`Kafka header ${header}=${JSON.stringify(value)} is invalid: ${detail}`);
    this.name = 'InvalidCloudEventHeaderError';
  }
}

export class UnknownEventTypeError extends ContractViolationError {
  readonly reason = 'unknown-event-type';
  constructor(
    readonly eventType: string,
    readonly schemaVersion?: number,
  ) {
    super(
      schemaVersion === undefined
        ? `unknown event type ${eventType}`
        : `unknown event type ${eventType} version ${schemaVersion}`,
    );
    this.name = 'UnknownEventTypeError';
  }
}

export interface SchemaIssue {
  /** Dotted path into the payload, `(root)` for the payload itself. */
  path: string;
  message: string;
}

export class SchemaViolationError extends ContractViolationError {
  readonly reason = 'schema-violation';
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly issues: SchemaIssue[],
  ) {
    super(
      `${eventType} v${schemaVersion} payload violates its schema: ${issues
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; ')}`,
    );
    this.name = 'SchemaViolationError';
  }
}

export class NotJsonError extends ContractViolationError {
  readonly reason = 'not-json';
  constructor(detail: string) {
    super(`Kafka message value is not a JSON object: ${detail}`);
    this.name = 'NotJsonError';
  }
}
