import fs from 'node:fs';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { everyEventDefinition } from '../catalogue/catalogue';
import { contextNames, topicForContext } from '../catalogue/contexts';
import { exampleEncryptedField, exampleReportReceived } from '../examples/example-events';
import { asyncApiPath, writeAsyncApiCommand } from './asyncapi-path';
import { buildAsyncApiDocument, messageName, renderAsyncApiYaml } from './build-asyncapi';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the AsyncAPI document', () => {
  const document: Doc = buildAsyncApiDocument();

  it('is valid AsyncAPI 3 for the official parser: no errors, no warnings', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(renderAsyncApiYaml());
    const problems = diagnostics
      .filter((d) => d.severity <= 1)
      .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(parsed?.channels().all()).toHaveLength(contextNames.length + 2);
  });

  it('has a channel per topic holding a message per event version', () => {
    for (const context of contextNames) {
      const channel = document.channels[`${context}Events`];
      expect(channel.address).toBe(topicForContext(context));
      expect(channel.bindings.kafka.topic).toBe(topicForContext(context));
      const expected = everyEventDefinition.filter((d) => d.context === context).map(messageName);
      expect(Object.keys(channel.messages).sort()).toEqual(expected.sort());
    }
    expect(document.channels.auditSeals.address).toBe('dinsos.audit.seals.v1');
    expect(document.channels.analyticsCaseEvents.address).toBe('dinsos.analytics.case-events.v1');
  });

  it('documents each de-identification rule on the analysts feed', () => {
    expect(Object.keys(document.channels.analyticsCaseEvents['x-deidentification-rules'])).toEqual([
      'drop',
      'pseudonymise',
      'band',
      'generalise',
    ]);
  });

  it('describes the CloudEvents headers with the exact ce_type of each message', () => {
    const message = document.components.messages.ReportReceivedV2;
    expect(message.headers.properties.ce_type.const).toBe('id.go.dinsos.intake.ReportReceived.v2');
    expect(message.headers.required).toContain('ce_correlationid');
    expect(message.headers.required).not.toContain('ce_causationid');
    expect(message['x-personal-fields']).toContainEqual({
      path: 'reporter.name',
      class: 'directIdentifier',
      rule: 'drop',
      storage: 'encrypted',
    });
  });

  it('gives payload schemas that accept the encrypted form and refuse plaintext', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    // Standalone again: the shared component schemas become the payload's own definitions.
    const payloadSchema = JSON.parse(
      JSON.stringify({
        ...document.components.messages.ReportReceivedV2.payload,
        definitions: document.components.schemas,
      }).replace(/#\/components\/schemas\//g, '#/definitions/'),
    );
    const validate = ajv.compile(payloadSchema);
    expect(validate(exampleReportReceived())).toBe(true);
    const leaking = { ...exampleReportReceived(), circumstances: 'found alone at the station' };
    expect(validate(leaking)).toBe(false);
    expect(
      validate({ ...exampleReportReceived(), circumstances: exampleEncryptedField('k', 'x') }),
    ).toBe(true);
  });

  it('is what docs/asyncapi.yaml holds', () => {
    const onDisk = fs.existsSync(asyncApiPath) ? fs.readFileSync(asyncApiPath, 'utf8') : '';
    if (onDisk !== renderAsyncApiYaml()) {
      throw new Error(
        `docs/asyncapi.yaml is out of date with the catalogue: run \`${writeAsyncApiCommand}\``,
      );
    }
    expect(parse(onDisk).asyncapi).toBe('3.0.0');
  });
});
