/**
 * The write contexts, the service that owns each, its stream categories and its Kafka topic:
 * DESIGN.md section 2's names table as data, so code never spells a topic by hand. One entry per
 * context, and the name lists below follow from it: a new write service adds its entry here
 * (`npx nx g @dinsos/tools:service <name>` does, for a new context).
 */
const contextTable = {
  intake: {
    service: 'intake',
    topic: 'dinsos.intake.events.v1',
    // A client's identity outlives one case (a client can come back), so it has its own
    // category; intake owns it and publishes it on its own topic.
    streamCategories: ['intakeCase', 'client'],
    provisionalByDefault: true,
  },
  assessment: {
    service: 'assessment',
    topic: 'dinsos.assessment.events.v1',
    streamCategories: ['assessment'],
    provisionalByDefault: false,
  },
  tracing: {
    service: 'family-tracing',
    topic: 'dinsos.tracing.events.v1',
    streamCategories: ['tracing'],
    provisionalByDefault: false,
  },
  placement: {
    service: 'placement',
    topic: 'dinsos.placement.events.v1',
    streamCategories: ['placement'],
    provisionalByDefault: false,
  },
  complaints: {
    service: 'complaints',
    topic: 'dinsos.complaints.events.v1',
    streamCategories: ['complaint'],
    provisionalByDefault: false,
  },
  // The read side's one writer: audit records who looked at which case and why. Its events name
  // the case in their payload, never in the envelope, so looking at a case never joins its history.
  audit: {
    service: 'audit',
    topic: 'dinsos.audit.access.v1',
    streamCategories: ['auditAccess'],
    provisionalByDefault: false,
  },
} as const satisfies Record<string, Omit<ContextDefinition<string, string, string>, 'name'>>;

type ContextTable = typeof contextTable;
export type ContextName = keyof ContextTable;
export type ServiceName = ContextTable[ContextName]['service'];
export type StreamCategory = ContextTable[ContextName]['streamCategories'][number];

export interface ContextDefinition<
  Name extends string = ContextName,
  Service extends string = ServiceName,
  Category extends string = StreamCategory,
> {
  name: Name;
  service: Service;
  topic: string;
  streamCategories: readonly Category[];
  /**
   * Whether this context's events are still provisional unless an event says otherwise.
   * Provisional events are in the catalogue and the AsyncAPI document but not in the
   * breaking-change snapshot: their service's own issue fixes them. Flip to `false` here (whole
   * context) or with `provisional: false` on one event definition.
   */
  provisionalByDefault: boolean;
}

/** In the table's order (intake first). */
export const contextNames = Object.keys(contextTable) as readonly ContextName[];

export const serviceNames: readonly ServiceName[] = contextNames.map(
  (name) => contextTable[name].service,
);

/**
 * The categories of case events: every context's but audit's, whose access records are the read
 * side's own (the analysts' feed reads these; `isStreamCategory` knows auditAccess too).
 */
export const streamCategories: readonly StreamCategory[] = contextNames
  .filter((name) => name !== 'audit')
  .flatMap((name) => contextTable[name].streamCategories);

const everyStreamCategory: readonly string[] = contextNames.flatMap(
  (name) => contextTable[name].streamCategories,
);

export const contexts = Object.fromEntries(
  contextNames.map((name): [ContextName, ContextDefinition] => [
    name,
    { name, ...contextTable[name] },
  ]),
) as Readonly<Record<ContextName, ContextDefinition>>;

/** Signed seals of hash-chain heads, published outside the database (DESIGN.md section 3). */
export const auditSealsTopic = 'dinsos.audit.seals.v1';
/** The de-identified analysts' feed (DESIGN.md section 4). */
export const analyticsTopic = 'dinsos.analytics.case-events.v1';

export function topicForContext(context: ContextName): string {
  return contexts[context].topic;
}

export function contextOfStreamCategory(category: StreamCategory): ContextName {
  const owner = contextNames.find((name) => contexts[name].streamCategories.includes(category));
  if (!owner) throw new Error(`stream category ${category} has no owning context`);
  return owner;
}

export function topicForStreamCategory(category: StreamCategory): string {
  return topicForContext(contextOfStreamCategory(category));
}

export function contextOfService(service: ServiceName): ContextName {
  const owned = contextNames.find((name) => contexts[name].service === service);
  if (!owned) throw new Error(`service ${service} owns no context`);
  return owned;
}

export function isStreamCategory(value: string): value is StreamCategory {
  return everyStreamCategory.includes(value);
}

/**
 * Splits `<category>-<id>`. Categories are hyphen-free, so the first hyphen ends the category
 * and ids may contain hyphens (UUIDs do).
 */
export function parseStreamId(streamId: string): { category: string; id: string } {
  const hyphen = streamId.indexOf('-');
  if (hyphen <= 0 || hyphen === streamId.length - 1) {
    throw new Error(`stream id ${JSON.stringify(streamId)} is not <category>-<id>`);
  }
  return { category: streamId.slice(0, hyphen), id: streamId.slice(hyphen + 1) };
}

export function streamId(category: StreamCategory, id: string): string {
  return `${category}-${id}`;
}
