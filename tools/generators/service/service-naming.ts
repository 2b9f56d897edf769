import { names, type Tree } from '@nx/devkit';
import { nestedStringFields, objectKeysOf } from './source-edits';

export interface ServiceGeneratorOptions {
  /** The service's name: services/<name>, its role dinsos_<name>, its schema. */
  name: string;
  /**
   * For a new service: the context it owns, lower-case letters (the CloudEvents type holds it).
   * Default: the name's last word (home-visits → visits), as family-tracing owns tracing.
   */
  context?: string;
  /** For a new service: the aggregate and its stream category (camelCase). Default: the name, singular. */
  aggregate?: string;
  /** Its port under `npm start`. Default: the next after the services there. */
  port?: number;
}

/** Where the generator reads and writes the contracts and the local start. */
export const paths = {
  contexts: 'libs/contracts/src/catalogue/contexts.ts',
  storeAccess: 'libs/contracts/src/catalogue/store-access.ts',
  catalogue: 'libs/contracts/src/catalogue/catalogue.ts',
  contractsIndex: 'libs/contracts/src/index.ts',
  contractsSource: 'libs/contracts/src',
  eventsFile: (context: string) => `libs/contracts/src/events/${context}.ts`,
  asyncApi: 'docs/asyncapi.yaml',
  localServices: 'deploy/local/src/local-services.ts',
  compose: 'docker-compose.yml',
  packageLock: 'package-lock.json',
} as const;

/** Every name the templates and the wiring use, derived once from the options and the contracts. */
export interface ServiceNaming {
  /** `visits` (services/visits) */
  name: string;
  /** `Visits`, `FamilyTracing`: the module's and config's names */
  serviceClass: string;
  /** `visits`, `familyTracing` */
  serviceProperty: string;
  /** `Visits`, `Family tracing`: as `npm start` prints it */
  serviceTitle: string;
  /** The write context it owns (a new one, or the contracts' for a planned service). */
  context: string;
  contextIsNew: boolean;
  topic: string;
  /** The aggregate's stream category: `visit` (streams `visit-<caseId>`) */
  category: string;
  /** `visit`, `home-visit`: its folder and file names */
  aggregateFile: string;
  /** `Visit`, `HomeVisit` */
  aggregateClass: string;
  /** `visit`, `homeVisit` */
  aggregateProperty: string;
  /** `visit`, `home visit`: in sentences */
  aggregateWords: string;
  /** `visits`: GET /visits/:caseId */
  route: string;
  role: string;
  port: number;
  portVariable: string;
  openedEvent: string;
  assignedEvent: string;
  openCommand: string;
  assignCommand: string;
}

const serviceNamePattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const categoryPattern = /^[a-z][a-zA-Z0-9]*$/;
// The contracts' CloudEvents type (id.go.dinsos.<context>.<Type>.v<n>) takes letters only.
const contextPattern = /^[a-z]+$/;
// `dinsos_<name>_owner` must stay within PostgreSQL's 63 bytes for identifiers, with room to spare.
const maxServiceNameLength = 40;

/** `visits` → `visit`; `family-tracing` → `familyTracing`; `address` stays. */
function singularCamel(name: string): string {
  const camel = names(name).propertyName;
  return camel.endsWith('s') && !camel.endsWith('ss') && camel.length > 3
    ? camel.slice(0, -1)
    : camel;
}

function refuse(message: string): never {
  throw new Error(`@dinsos/tools:service: ${message}`);
}

function readText(tree: Tree, path: string): string {
  const text = tree.read(path, 'utf-8');
  if (text === null) refuse(`${path} is missing: run the generator from the workspace root`);
  return text;
}

/** The event types the contracts define today (every `type: '…'` of the events files). */
export function catalogueEventTypes(tree: Tree): Set<string> {
  const types = new Set<string>();
  for (const file of tree.children('libs/contracts/src/events')) {
    const text = tree.read(`libs/contracts/src/events/${file}`, 'utf-8') ?? '';
    for (const match of text.matchAll(/^\s*type: '([A-Za-z0-9]+)',$/gm)) types.add(match[1]);
  }
  return types;
}

/** The ports taken under `npm start` and in docker-compose.yml. */
function takenPorts(tree: Tree): number[] {
  const local = readText(tree, paths.localServices);
  const compose = readText(tree, paths.compose);
  return [
    ...[...local.matchAll(/\bport: (\d+)/g)].map((match) => Number(match[1])),
    ...[...compose.matchAll(/:-(\d+)\}:3000/g)].map((match) => Number(match[1])),
  ];
}

/**
 * Checks the options against the workspace and derives every name. Throws a message saying what
 * is wrong before anything is written: a name that is taken, malformed or a read-side service.
 */
export function serviceNaming(tree: Tree, options: ServiceGeneratorOptions): ServiceNaming {
  const name = options.name?.trim() ?? '';
  if (!serviceNamePattern.test(name) || name.length > maxServiceNameLength) {
    refuse(
      `"${name}" is no service name: use lower-case letters, digits and single hyphens, starting with a letter (at most ${maxServiceNameLength}), e.g. "assessment" or "family-tracing"`,
    );
  }
  if (tree.exists(`services/${name}`)) refuse(`services/${name} already exists`);
  const storeAccess = readText(tree, paths.storeAccess);
  const readSide = /readSideServices = \[([^\]]*)\]/.exec(storeAccess)?.[1] ?? '';
  if (readSide.includes(`'${name}'`)) {
    refuse(
      `${name} is a read-side service (contracts' readSideServices); this makes write services`,
    );
  }

  const contextsSource = readText(tree, paths.contexts);
  const services = nestedStringFields(contextsSource, 'contextTable', 'service');
  const topics = nestedStringFields(contextsSource, 'contextTable', 'topic');
  const categories = nestedStringFields(contextsSource, 'contextTable', 'streamCategories');
  const contextNames = objectKeysOf(contextsSource, 'contextTable');
  const planned = contextNames.find((context) => services[context]?.[0] === name);

  let context: string;
  let category: string;
  if (planned) {
    if (options.aggregate && options.aggregate !== categories[planned][0]) {
      refuse(
        `${name} owns the context ${planned}, whose stream category is ${categories[planned][0]}: leave --aggregate out`,
      );
    }
    if (options.context && options.context !== planned) {
      refuse(`${name} owns the context ${planned} in the contracts: leave --context out`);
    }
    context = planned;
    category = categories[planned][0];
  } else {
    context = options.context ?? name.split('-').at(-1)!;
    if (!contextPattern.test(context)) {
      refuse(
        `"${context}" is no context name: lower-case letters only (it is part of the CloudEvents type); choose one with --context`,
      );
    }
    if (contextNames.includes(context)) {
      refuse(
        `the context ${context} belongs to the service ${services[context][0]}: choose another with --context`,
      );
    }
    category = options.aggregate ?? singularCamel(name);
    if (!categoryPattern.test(category)) {
      refuse(
        `"${category}" is no stream category: camelCase letters and digits, no hyphens (DESIGN.md section 2)`,
      );
    }
    const owner = contextNames.find((other) => categories[other].includes(category));
    if (owner || category === 'auditAccess') {
      refuse(
        `the stream category ${category} is taken${owner ? ` by ${owner}` : ''}: choose another with --aggregate`,
      );
    }
  }

  const aggregate = names(category);
  const route = aggregate.fileName.endsWith('s') ? aggregate.fileName : `${aggregate.fileName}s`;
  const naming: ServiceNaming = {
    name,
    serviceClass: names(name).className,
    serviceProperty: names(name).propertyName,
    serviceTitle: name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, ' '),
    context,
    contextIsNew: !planned,
    topic: planned ? topics[planned][0] : `dinsos.${context}.events.v1`,
    category,
    aggregateFile: aggregate.fileName,
    aggregateClass: aggregate.className,
    aggregateProperty: aggregate.propertyName,
    aggregateWords: aggregate.fileName.replace(/-/g, ' '),
    route,
    role: `dinsos_${name.replace(/-/g, '_')}`,
    port: options.port ?? Math.max(3000, ...takenPorts(tree)) + 1,
    portVariable: `${name.toUpperCase().replace(/-/g, '_')}_PORT`,
    openedEvent: `${aggregate.className}Opened`,
    assignedEvent: `${aggregate.className}OfficerAssigned`,
    openCommand: `Open${aggregate.className}`,
    assignCommand: `Assign${aggregate.className}Officer`,
  };

  const existing = catalogueEventTypes(tree);
  const clashes = [naming.openedEvent, naming.assignedEvent].filter((type) => existing.has(type));
  if (clashes.length > 0) {
    refuse(`the contracts already define ${clashes.join(' and ')}: choose another --aggregate`);
  }
  if (!Number.isInteger(naming.port) || naming.port < 1024 || naming.port > 65535) {
    refuse(`port ${naming.port} is not a TCP port from 1024 to 65535`);
  }
  if (options.port !== undefined && takenPorts(tree).includes(options.port)) {
    refuse(`port ${options.port} is taken by another service`);
  }
  return naming;
}
