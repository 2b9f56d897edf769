import fs from 'node:fs';
import { z } from 'zod';
import { allEventDefinitions, getEventDefinition } from '../catalogue/catalogue';
import { defineEvent, type EventDefinition } from '../catalogue/define-event';
import {
  buildContractSnapshot,
  compareSnapshots,
  snapshotPath,
  writeSnapshotCommand,
  type ContractSnapshot,
} from './contract-snapshot';
import { compareSchemas } from './schema-compatibility';
import { sameJson } from './same-json';

function committedSnapshot(): ContractSnapshot {
  return JSON.parse(fs.readFileSync(snapshotPath, 'utf8')) as ContractSnapshot;
}

/** A deep copy to mutate, standing for the code after an edit. */
function edited(
  snapshot: ContractSnapshot,
  edit: (copy: ContractSnapshot) => void,
): ContractSnapshot {
  const copy = structuredClone(snapshot);
  edit(copy);
  return copy;
}

describe('the committed contract snapshot', () => {
  it('has no breaking change against the code', () => {
    const { breaking } = compareSnapshots(committedSnapshot(), buildContractSnapshot());
    if (breaking.length) {
      throw new Error(
        `Breaking contract changes:\n  ${breaking.join('\n  ')}\n` +
          'Consumers and stored events rely on these. Add a new event version with an upcaster ' +
          'instead of changing a fixed one; change the wire form or the header mapping only with a plan for every consumer.',
      );
    }
  });

  it('is up to date (compatible changes are recorded too)', () => {
    const committed = committedSnapshot();
    const current = buildContractSnapshot();
    if (!sameJson(committed, current)) {
      const { compatible } = compareSnapshots(committed, current);
      throw new Error(
        `The contract snapshot is out of date${compatible.length ? `:\n  ${compatible.join('\n  ')}` : ''}\n` +
          `Record it with \`${writeSnapshotCommand}\` and commit libs/contracts/contract-snapshot.json.`,
      );
    }
  });

  it('holds the wire form and the header mapping, and no provisional event', () => {
    const committed = committedSnapshot();
    expect(committed.personalFieldWireForm).toBeDefined();
    expect(committed.cloudEventsKafkaBinding.headers.map((h) => h.header)).toContain(
      'ce_correlationid',
    );
    const provisional = new Set(
      allEventDefinitions.filter((d) => d.provisional).map((d) => `${d.type}.v${d.version}`),
    );
    expect(Object.keys(committed.events).filter((name) => provisional.has(name))).toEqual([]);
  });
});

describe('what the snapshot catches', () => {
  const current = buildContractSnapshot();

  it('a change to the encrypted field form', () => {
    const changed = edited(current, (s) => {
      const encrypted = (
        s.personalFieldWireForm.definitions as Record<
          string,
          { required: string[]; properties: Record<string, unknown> }
        >
      ).EncryptedField;
      delete encrypted.properties.tag;
      encrypted.required = encrypted.required.filter((name) => name !== 'tag');
    });
    expect(compareSnapshots(current, changed).breaking).toEqual([
      'personal-field wire form: <anyOf0>.tag: removed',
    ]);
  });

  it('a renamed header, a header written from another field, a new required header', () => {
    const changed = edited(current, (s) => {
      const headers = s.cloudEventsKafkaBinding.headers;
      headers.find((h) => h.header === 'ce_officecode')!.header = 'ce_office';
      headers.find((h) => h.header === 'ce_time')!.from = 'recordedAt';
      headers.push({ header: 'ce_tenant', attribute: 'tenant', required: true, from: 'tenant' });
    });
    expect(compareSnapshots(current, changed).breaking).toEqual([
      'CloudEvents Kafka binding: header ce_time changed from {"header":"ce_time","attribute":"time","required":true,"from":"occurredAt"} to {"header":"ce_time","attribute":"time","required":true,"from":"recordedAt"}',
      'CloudEvents Kafka binding: header ce_officecode removed',
      'CloudEvents Kafka binding: header ce_office added as required',
      'CloudEvents Kafka binding: header ce_tenant added as required',
    ]);
  });

  it('a header value the mapping now writes differently', () => {
    const changed = edited(current, (s) => {
      s.cloudEventsKafkaBinding.example.headers.ce_source = '/dinsos/intake/3601';
    });
    expect(compareSnapshots(current, changed).breaking).toEqual([
      'CloudEvents Kafka binding: example header ce_source "/dinsos/3601/intake" became "/dinsos/intake/3601"',
    ]);
  });

  describe('a fixed (non-provisional) event', () => {
    const fixed = (payload: z.ZodObject): EventDefinition =>
      defineEvent({
        type: 'CaseOpened',
        version: 1,
        context: 'intake',
        streamCategory: 'intakeCase',
        caseLink: 'required',
        summary: 'test',
        payload,
        provisional: false,
      });
    const before = buildContractSnapshot([fixed(getEventDefinition('CaseOpened', 1).payload)]);
    const caseOpened = getEventDefinition('CaseOpened', 1).payload;

    it('enters the snapshot once it is not provisional (one line: provisional: false)', () => {
      expect(Object.keys(before.events)).toEqual(['CaseOpened.v1']);
      expect(
        Object.keys(
          buildContractSnapshot([{ ...getEventDefinition('CaseOpened', 1), provisional: true }])
            .events,
        ),
      ).toEqual([]);
    });

    it('may gain an optional field', () => {
      const after = buildContractSnapshot([
        fixed(caseOpened.extend({ note: z.string().optional() })),
      ]);
      expect(compareSnapshots(before, after)).toEqual({
        breaking: [],
        compatible: ['CaseOpened.v1: note: added as optional'],
      });
    });

    it('may not lose a field, gain a required one, or change a type or an enum', () => {
      const after = buildContractSnapshot([
        fixed(
          caseOpened.omit({ referredFromCaseId: true }).extend({
            caseNumber: z.number(),
            clientCategory: z.enum([
              'neglectedChild',
              'neglectedElderly',
              'personWithDisability',
              'otherPpks',
              'victimOfTrafficking',
            ]),
            priority: z.enum(['normal', 'urgent']),
          }),
        ),
      ]);
      expect(compareSnapshots(before, after).breaking).toEqual([
        'CaseOpened.v1: caseNumber: type "string" became "number"',
        'CaseOpened.v1: caseNumber: minLength 1 became (none)',
        'CaseOpened.v1: caseNumber: maxLength 100 became (none)',
        'CaseOpened.v1: clientCategory: enum ["neglectedChild","neglectedElderly","personWithDisability","otherPpks"] became ["neglectedChild","neglectedElderly","personWithDisability","otherPpks","victimOfTrafficking"]',
        'CaseOpened.v1: referredFromCaseId: removed',
        'CaseOpened.v1: priority: added as required',
      ]);
    });

    it('may not disappear or go back to provisional', () => {
      expect(compareSnapshots(before, buildContractSnapshot([])).breaking).toEqual([
        'CaseOpened.v1: no longer in the catalogue (or made provisional again)',
      ]);
    });
  });
});

describe('comparing schemas', () => {
  it('treats a field that stops being personal as breaking', () => {
    const personal = {
      type: 'object',
      properties: {
        name: {
          anyOf: [{}],
          'x-personal': { class: 'directIdentifier', rule: 'drop', storage: 'encrypted' },
        },
      },
    };
    const plain = { type: 'object', properties: { name: { type: 'string' } } };
    expect(compareSchemas(personal, plain).breaking).toContain(
      'name: is no longer a personal field',
    );
  });

  it('records a changed de-identification rule as compatible: the wire form stays', () => {
    const mark = (rule: string) => ({
      type: 'object',
      properties: {
        dob: { 'x-personal': { class: 'quasiIdentifier', rule, storage: 'encrypted' } },
      },
    });
    expect(compareSchemas(mark('drop'), mark('band'))).toEqual({
      breaking: [],
      compatible: ['dob: personal rule "drop" became "band"'],
    });
  });

  it('ignores descriptions', () => {
    expect(
      compareSchemas({ type: 'string', description: 'a' }, { type: 'string', description: 'b' }),
    ).toEqual({ breaking: [], compatible: [] });
  });
});
