import type { Tree } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { paths, type ServiceNaming } from './service-naming';
import {
  addExportAll,
  addStatementAfterImports,
  addToObject,
  appendToArray,
  arrayVariablesOf,
  ensureNamedImport,
} from './source-edits';

function quotedKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : `'${key}'`;
}

function eventDefinitions(naming: ServiceNaming): string {
  const common = `  version: 1,
  context: '${naming.context}',
  streamCategory: '${naming.category}',
  caseLink: 'required',`;
  return `
export const ${naming.openedEvent}V1 = defineEvent({
  type: '${naming.openedEvent}',
${common}
  summary: 'The ${naming.aggregateWords} of a case was opened, when intake opened the case.',
  payload: z.object({
    clientId: clientId(),
    caseNumber: z.string().min(1).max(100).describe('The case number intake gave the case'),
    serviceStandard: ServiceStandardRef,
  }),
});

export const ${naming.assignedEvent}V1 = defineEvent({
  type: '${naming.assignedEvent}',
${common}
  summary: 'An officer was made responsible for the ${naming.aggregateWords} of a case.',
  payload: z.object({
    assigneeId: z.string().min(1).max(200).describe('Actor id of the officer now responsible'),
  }),
});
`;
}

/** The new context's entry in the contracts' context table. */
function contextEntry(naming: ServiceNaming): string {
  return `  ${quotedKey(naming.context)}: {
    service: '${naming.name}',
    topic: '${naming.topic}',
    streamCategories: ['${naming.category}'],
    provisionalByDefault: true,
  }`;
}

/** The events list of a context's file: `assessmentEvents`, `complaintEvents`… */
function eventsListOf(source: string, file: string): string {
  const lists = arrayVariablesOf(source).filter(
    (variable) => variable.endsWith('Events') && !variable.startsWith('superseded'),
  );
  if (lists.length !== 1) {
    throw new Error(
      `@dinsos/tools:service: ${file} should hold one list of current events (…Events), found ${lists.length}`,
    );
  }
  return lists[0];
}

/**
 * Puts the skeleton's two provisional events in the contracts: a new context (table entry, events
 * file, catalogue, index) or the planned context's file, then the AsyncAPI document rebuilt.
 */
export function wireContracts(tree: Tree, naming: ServiceNaming): void {
  const eventsFile = paths.eventsFile(naming.context);
  if (naming.contextIsNew) {
    tree.write(
      paths.contexts,
      addToObject(read(tree, paths.contexts), 'contextTable', contextEntry(naming)),
    );
    const list = `${naming.serviceProperty}Events`;
    tree.write(
      eventsFile,
      `import { z } from 'zod';
import { defineEvent } from '../catalogue/define-event';
import { ServiceStandardRef, clientId } from './common';

/**
 * ${naming.serviceTitle}: the events of services/${naming.name}, on ${naming.topic}.
 * Provisional: kept out of the breaking-change snapshot until the service's own issue fixes them.
 */
${eventDefinitions(naming)}
export const ${list} = [${naming.openedEvent}V1, ${naming.assignedEvent}V1] as const;
`,
    );
    const catalogue = addStatementAfterImports(
      read(tree, paths.catalogue),
      `import { ${list} } from '../events/${naming.context}';`,
      '../events/',
    );
    tree.write(
      paths.catalogue,
      appendToArray(catalogue, 'currentEventDefinitions', `  ...${list}`),
    );
    tree.write(
      paths.contractsIndex,
      addExportAll(read(tree, paths.contractsIndex), `./events/${naming.context}`),
    );
  } else {
    let source = read(tree, eventsFile);
    for (const name of ['ServiceStandardRef', 'clientId']) {
      source = ensureNamedImport(source, './common', name);
    }
    const list = eventsListOf(source, eventsFile);
    const at = source.search(new RegExp(`^export const ${list}\\b`, 'm'));
    source = `${source.slice(0, at)}${eventDefinitions(naming).trimStart()}\n${source.slice(at)}`;
    source = appendToArray(source, list, `  ${naming.openedEvent}V1`);
    source = appendToArray(source, list, `  ${naming.assignedEvent}V1`);
    tree.write(eventsFile, source);
  }
  tree.write(paths.asyncApi, asyncApiOf(tree));
}

function read(tree: Tree, file: string): string {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`@dinsos/tools:service: ${file} is missing`);
  return text;
}

function copyFromTree(tree: Tree, from: string, to: string): void {
  for (const child of tree.children(from)) {
    const source = `${from}/${child}`;
    if (tree.isFile(source)) {
      fs.mkdirSync(to, { recursive: true });
      fs.writeFileSync(path.join(to, child), tree.read(source)!);
    } else {
      copyFromTree(tree, source, path.join(to, child));
    }
  }
}

/**
 * docs/asyncapi.yaml from the contracts as the generator leaves them, by the builder
 * `npm run asyncapi` runs. Those contracts exist only in the Tree until it is written, so they are
 * copied into the workspace's tmp/ (where their packages resolve) and built in a Node process of
 * their own, as the npm script builds them.
 */
function asyncApiOf(tree: Tree): string {
  const copy = path.join(tree.root, 'tmp', `service-generator-${randomBytes(6).toString('hex')}`);
  try {
    copyFromTree(tree, paths.contractsSource, path.join(copy, 'src'));
    const builder = path.join(copy, 'src', 'asyncapi', 'build-asyncapi.ts');
    const built = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `process.stdout.write(require(${JSON.stringify(builder)}).renderAsyncApiYaml())`,
      ],
      { cwd: tree.root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (built.status !== 0) {
      throw new Error(
        `@dinsos/tools:service: the contracts as generated do not build their AsyncAPI document:\n${built.stderr}`,
      );
    }
    return built.stdout;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
