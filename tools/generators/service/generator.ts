import { formatFiles, generateFiles, logger, type Tree } from '@nx/devkit';
import path from 'node:path';
import { wireContracts } from './contracts-wiring';
import { serviceNaming, type ServiceGeneratorOptions } from './service-naming';
import { wireCompose, wireLocalStart, wirePackageLock } from './workspace-wiring';

/**
 * `npx nx g @dinsos/tools:service <name>`: a write service in DESIGN.md section 7's layout, on the
 * platform kit, with one command, one reaction to intake's CaseOpened and one query, and their
 * unit and int specs; its stream keeps the case's pinned service standard from CaseOpened and
 * every event it appends names it in the envelope. Wired into the contracts (its context, two
 * provisional events, the AsyncAPI document), `npm start`, docker-compose.yml and
 * package-lock.json; its project.json tags put it under the lint boundaries. Everything goes
 * through the Tree: a refusal writes nothing.
 */
export default async function serviceGenerator(
  tree: Tree,
  options: ServiceGeneratorOptions,
): Promise<() => void> {
  const naming = serviceNaming(tree, options);
  generateFiles(tree, path.join(__dirname, 'files'), `services/${naming.name}`, naming);
  wireContracts(tree, naming);
  wireLocalStart(tree, naming);
  wireCompose(tree, naming);
  wirePackageLock(tree, naming);
  await formatFiles(tree);
  return () => {
    logger.info(
      [
        `services/${naming.name} is ready: ${naming.context} context${naming.contextIsNew ? ' (new)' : ''}, streams ${naming.category}-<caseId>, topic ${naming.topic}.`,
        `Its tests: npm run jest -- --config services/${naming.name}/jest.config.js`,
        `Start it with the system: npm start (port ${naming.port}, ${naming.portVariable}).`,
      ].join('\n'),
    );
  };
}
