import { CloudEvent, Kafka, type KafkaMessage as KafkaMessageForSdk } from 'cloudevents';
import type { KafkaMessage } from 'kafkajs';
import {
  ContractViolationError,
  InvalidCloudEventHeaderError,
  MissingCloudEventHeaderError,
  NotJsonError,
  SchemaViolationError,
  UnknownEventTypeError,
} from '../errors';
import {
  exampleEventForWire,
  exampleIds,
  exampleReportReceived,
  exampleReportReceivedV1,
} from '../examples/example-events';
import {
  fromKafkaMessage,
  toKafkaMessage,
  type EventForWire,
  type OutgoingKafkaMessage,
} from './kafka-binding';

/** What kafkajs hands a consumer: headers and value as Buffers. */
function asConsumed(message: OutgoingKafkaMessage): KafkaMessage {
  return {
    key: Buffer.from(message.key),
    value: Buffer.from(message.value),
    headers: Object.fromEntries(
      Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(v)]),
    ),
    timestamp: '1741054500000',
    attributes: 0,
    offset: '0',
  };
}

function withoutHeader(message: OutgoingKafkaMessage, header: string): OutgoingKafkaMessage {
  const { [header]: _removed, ...headers } = message.headers;
  return { ...message, headers };
}

/** The recorded event's envelope as agreed with the event store, checked against EventForWire. */
interface RecordedEventAsAgreed {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamRevision: number;
  position: { toString(): string };
  caseId?: string;
  subjectIds: string[];
  officeCode: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string; officeCode: string };
  correlationId: string;
  causationId: string | null;
  serviceStandard?: { code: string; version: string | number };
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

describe('toKafkaMessage', () => {
  it("takes the event store's recorded events as they are", () => {
    const recorded: RecordedEventAsAgreed = {
      ...exampleEventForWire(),
      subjectIds: [exampleIds.clientId],
      payload: exampleReportReceived(),
      position: { toString: () => '42:1' },
      prevHash: '0'.repeat(64),
      hash: 'a'.repeat(64),
    };
    const wire: EventForWire = recorded; // compile-time: the structural type fits
    expect(toKafkaMessage(wire, { service: 'intake' }).headers).not.toHaveProperty('ce_hash');
  });

  const message = toKafkaMessage(exampleEventForWire(), { service: 'intake' });

  it('maps the envelope to CloudEvents binary-mode headers', () => {
    expect(message.headers).toEqual({
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: '3b241101-e2bb-4255-8caf-4136c566a962',
      ce_source: '/dinsos/3601/intake',
      ce_type: 'id.go.dinsos.intake.ReportReceived.v2',
      ce_subject: exampleIds.caseId,
      ce_time: '2025-03-04T02:15:00.000Z',
      ce_dataschema: 'urn:dinsos:schema:id.go.dinsos.intake.ReportReceived.v2',
      ce_correlationid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      ce_officecode: '3601',
      ce_streamid: `intakeCase-${exampleIds.caseId}`,
      ce_streamrevision: '0',
      ce_recordedat: '2025-03-04T02:15:00.412Z',
      ce_actorid: 'officer-17',
      ce_actorrole: 'intake-officer',
      ce_actorofficecode: '3601',
      ce_subjectids: `${exampleIds.clientId},${exampleIds.reporterId},${exampleIds.escortId}`,
      ce_standardcode: 'bekasi-layanan-rujukan',
      ce_standardversion: '1',
    });
  });

  it('keys by case, and the payload is the JSON value', () => {
    expect(message.key).toBe(exampleIds.caseId);
    expect(JSON.parse(message.value)).toEqual(exampleReportReceived());
  });

  it('leaves out the causation id when there is none, and names it when there is', () => {
    expect(message.headers).not.toHaveProperty('ce_causationid');
    const reaction = toKafkaMessage(exampleEventForWire({ causationId: 'e-1' }), {
      service: 'intake',
    });
    expect(reaction.headers.ce_causationid).toBe('e-1');
  });

  it('uses the stream id as subject and key when the event has no case', () => {
    const complaint = toKafkaMessage(
      exampleEventForWire({
        type: 'ComplaintVerified',
        schemaVersion: 1,
        streamId: 'complaint-c-42',
        caseId: undefined,
        payload: { complaintId: 'c-42', verifiedAt: '2026-03-02T02:00:00Z', clocks: [] },
      }),
      { service: 'complaints' },
    );
    expect(complaint.key).toBe('complaint-c-42');
    expect(complaint.headers.ce_subject).toBe('complaint-c-42');
    expect(complaint.headers.ce_type).toBe('id.go.dinsos.complaints.ComplaintVerified.v1');
  });

  it("refuses to publish another service's stream", () => {
    expect(() => toKafkaMessage(exampleEventForWire(), { service: 'placement' })).toThrow(
      /intake owns it/,
    );
  });

  it('writes only extension names the CloudEvents spec allows', () => {
    for (const header of Object.keys(message.headers).filter((h) => h.startsWith('ce_'))) {
      const attribute = header.slice(3);
      expect(attribute).toMatch(/^[a-z0-9]{1,20}$/);
    }
  });
});

describe('the official CloudEvents SDK reads what we produce', () => {
  const produced = toKafkaMessage(exampleEventForWire({ causationId: 'e-1' }), {
    service: 'intake',
  });

  it('parses our binary-mode message into a valid CloudEvent', () => {
    const kafkaMessage: KafkaMessageForSdk = { ...produced, body: produced.value };
    const parsed = Kafka.toEvent(kafkaMessage) as CloudEvent<unknown>;
    // Re-create it strictly: the SDK then validates attribute names, values and the v1 schema.
    const strict = new CloudEvent({ ...parsed });
    expect(strict.validate()).toBe(true);
    expect(strict).toMatchObject({
      specversion: '1.0',
      id: '3b241101-e2bb-4255-8caf-4136c566a962',
      type: 'id.go.dinsos.intake.ReportReceived.v2',
      source: '/dinsos/3601/intake',
      subject: exampleIds.caseId,
      time: '2025-03-04T02:15:00.000Z',
      dataschema: 'urn:dinsos:schema:id.go.dinsos.intake.ReportReceived.v2',
      datacontenttype: 'application/json',
      correlationid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      causationid: 'e-1',
      officecode: '3601',
      partitionkey: exampleIds.caseId,
    });
    expect(strict.data).toEqual(exampleReportReceived());
  });

  it('rejects the extension names we avoid (why they are lower-case letters and digits)', () => {
    const kafkaMessage: KafkaMessageForSdk = { ...produced, body: produced.value };
    const parsed = Kafka.toEvent(kafkaMessage) as CloudEvent<unknown>;
    expect(() => new CloudEvent({ ...parsed, correlation_id: 'x' })).toThrow(
      /invalid extension name/,
    );
  });
});

describe('fromKafkaMessage', () => {
  const event = exampleEventForWire({ causationId: 'e-1' });
  const produced = toKafkaMessage(event, { service: 'intake' });

  it('gives back the envelope and payload of a consumed message', () => {
    const received = fromKafkaMessage(asConsumed(produced));
    const { payload: _payload, ...envelope } = event;
    expect(received).toEqual({
      ...envelope,
      subjectIds: [...event.subjectIds],
      schemaVersion: 2,
      publishedSchemaVersion: 2,
      context: 'intake',
      source: '/dinsos/3601/intake',
      subject: exampleIds.caseId,
      payload: exampleReportReceived(),
    });
  });

  it('gives no caseId and no causation for a caseless first event', () => {
    const complaint = toKafkaMessage(
      exampleEventForWire({
        type: 'ComplaintVerified',
        schemaVersion: 1,
        streamId: 'complaint-c-42',
        caseId: undefined,
        subjectIds: [],
        serviceStandard: undefined,
        payload: { complaintId: 'c-42', verifiedAt: '2026-03-02T02:00:00Z', clocks: [] },
      }),
      { service: 'complaints' },
    );
    const received = fromKafkaMessage(complaint);
    expect(received).not.toHaveProperty('caseId');
    expect(received).not.toHaveProperty('serviceStandard');
    expect(received.causationId).toBeNull();
    expect(received.subjectIds).toEqual([]);
  });

  it('upcasts an older published version unless asked not to', () => {
    const old = toKafkaMessage(
      exampleEventForWire({ schemaVersion: 1, payload: exampleReportReceivedV1() }),
      {
        service: 'intake',
      },
    );
    const upcast = fromKafkaMessage(old);
    expect(upcast).toMatchObject({ schemaVersion: 2, publishedSchemaVersion: 1 });
    expect(upcast.payload.source).toEqual({ kind: 'police', name: 'Polsek Cikarang Pusat' });
    expect(fromKafkaMessage(old, { upcast: false })).toMatchObject({
      schemaVersion: 1,
      payload: exampleReportReceivedV1(),
    });
  });

  it('reads header names case-insensitively', () => {
    const upper = Object.fromEntries(
      Object.entries(produced.headers).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expect(fromKafkaMessage({ ...produced, headers: upper }).eventId).toBe(event.eventId);
  });

  describe('refuses, with a reason for the dead-letter topic,', () => {
    function reasonFor(message: Parameters<typeof fromKafkaMessage>[0]): unknown {
      try {
        fromKafkaMessage(message);
      } catch (error) {
        expect(error).toBeInstanceOf(ContractViolationError);
        return error;
      }
      throw new Error('fromKafkaMessage accepted the message');
    }

    it.each(['ce_id', 'ce_type', 'ce_source', 'ce_specversion', 'ce_officecode', 'content-type'])(
      'a message without %s',
      (header) => {
        const error = reasonFor(withoutHeader(produced, header));
        expect(error).toBeInstanceOf(MissingCloudEventHeaderError);
        expect(error).toMatchObject({ reason: 'missing-header', header });
      },
    );

    it('a message without headers at all', () => {
      expect(reasonFor({ key: null, value: produced.value })).toBeInstanceOf(
        MissingCloudEventHeaderError,
      );
    });

    it('another CloudEvents spec version or content type', () => {
      expect(
        reasonFor({ ...produced, headers: { ...produced.headers, ce_specversion: '0.3' } }),
      ).toMatchObject({
        reason: 'invalid-header',
        header: 'ce_specversion',
      });
      expect(
        reasonFor({ ...produced, headers: { ...produced.headers, 'content-type': 'text/plain' } }),
      ).toBeInstanceOf(InvalidCloudEventHeaderError);
    });

    it('a ce_type not of our form', () => {
      expect(
        reasonFor({ ...produced, headers: { ...produced.headers, ce_type: 'com.example.Thing' } }),
      ).toMatchObject({
        reason: 'invalid-header',
        header: 'ce_type',
      });
    });

    it('an event type or version the catalogue does not know', () => {
      for (const ceType of [
        'id.go.dinsos.intake.ClientAbducted.v1',
        'id.go.dinsos.intake.ReportReceived.v9',
        'id.go.dinsos.tracing.ReportReceived.v2',
      ]) {
        const error = reasonFor({ ...produced, headers: { ...produced.headers, ce_type: ceType } });
        expect(error).toBeInstanceOf(UnknownEventTypeError);
        expect(error).toMatchObject({ reason: 'unknown-event-type' });
      }
    });

    it('a value that is not a JSON object', () => {
      for (const value of ['{"truncated":', '[1,2]', '"text"', null]) {
        const error = reasonFor({ ...produced, value });
        expect(error).toBeInstanceOf(NotJsonError);
        expect(error).toMatchObject({ reason: 'not-json' });
      }
    });

    it('a payload that violates its schema, naming the fields', () => {
      const payload = {
        ...exampleReportReceived(),
        reporter: { personId: 'p-1', name: 'Budi (plaintext!)' },
      };
      const error = reasonFor({ ...produced, value: JSON.stringify(payload) });
      expect(error).toBeInstanceOf(SchemaViolationError);
      expect(error).toMatchObject({ reason: 'schema-violation' });
      expect((error as SchemaViolationError).issues.map((issue) => issue.path)).toContain(
        'reporter.name',
      );
    });

    it('a stream revision that is not a number', () => {
      expect(
        reasonFor({ ...produced, headers: { ...produced.headers, ce_streamrevision: 'x' } }),
      ).toMatchObject({
        reason: 'invalid-header',
        header: 'ce_streamrevision',
      });
    });
  });
});
