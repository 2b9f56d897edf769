import type { Tree } from '@nx/devkit';
import { createTree } from '@nx/devkit/testing';
import fs from 'node:fs';
import path from 'node:path';
import { paths, serviceNaming } from './service-naming';

const repoRoot = path.resolve(__dirname, '../../..');

/** A Tree holding the workspace's files the generator reads, as they are today. */
function workspaceTree(): Tree {
  const tree = createTree();
  const files = [
    paths.contexts,
    paths.storeAccess,
    paths.localServices,
    paths.compose,
    ...fs
      .readdirSync(path.join(repoRoot, 'libs/contracts/src/events'))
      .map((file) => paths.eventsFile(path.basename(file, '.ts'))),
  ];
  for (const file of files) {
    tree.write(file, fs.readFileSync(path.join(repoRoot, file)));
  }
  tree.write('services/intake/project.json', '{}');
  return tree;
}

describe('the names of a generated service', () => {
  it('gives a new name a context of its own, its aggregate singular', () => {
    expect(serviceNaming(workspaceTree(), { name: 'home-visits' })).toEqual({
      name: 'home-visits',
      serviceClass: 'HomeVisits',
      serviceProperty: 'homeVisits',
      serviceTitle: 'Home visits',
      context: 'visits',
      contextIsNew: true,
      topic: 'dinsos.visits.events.v1',
      category: 'homeVisit',
      aggregateFile: 'home-visit',
      aggregateClass: 'HomeVisit',
      aggregateProperty: 'homeVisit',
      aggregateWords: 'home visit',
      route: 'home-visits',
      role: 'dinsos_home_visits',
      // The next free port, so it depends on the services there today: see the next test.
      port: expect.any(Number),
      portVariable: 'HOME_VISITS_PORT',
      openedEvent: 'HomeVisitOpened',
      assignedEvent: 'HomeVisitOfficerAssigned',
      openCommand: 'OpenHomeVisit',
      assignCommand: 'AssignHomeVisitOfficer',
    });
    expect(
      serviceNaming(workspaceTree(), { name: 'visits', aggregate: 'homeCall', port: 3100 }),
    ).toMatchObject({ category: 'homeCall', route: 'home-calls', port: 3100 });
  });

  it('takes the port after the highest of npm start and docker-compose.yml', () => {
    const tree = workspaceTree();
    tree.write(
      paths.localServices,
      "export const localServices = [{ name: 'intake', port: 3001 }, { name: 'x', port: 3004 }];\n",
    );
    tree.write(
      paths.compose,
      "    ports:\n      - '${INTAKE_PORT:-3001}:3000'\n      - '${X_PORT:-3006}:3000'\n",
    );
    expect(serviceNaming(tree, { name: 'home-visits' }).port).toBe(3007);
    tree.write(paths.compose, "    ports:\n      - '${INTAKE_PORT:-3001}:3000'\n");
    expect(serviceNaming(tree, { name: 'home-visits' }).port).toBe(3005);
  });

  it("gives a planned service its context from the contracts' names table", () => {
    expect(serviceNaming(workspaceTree(), { name: 'complaints' })).toMatchObject({
      context: 'complaints',
      contextIsNew: false,
      topic: 'dinsos.complaints.events.v1',
      category: 'complaint',
      role: 'dinsos_complaints',
      route: 'complaints',
      openedEvent: 'ComplaintOpened',
    });
  });

  it.each([
    [{ name: 'Visits' }, 'is no service name'],
    [{ name: 'home_visits' }, 'is no service name'],
    [{ name: '-visits' }, 'is no service name'],
    [{ name: 'intake' }, 'services/intake already exists'],
    [{ name: 'audit' }, 'is a read-side service'],
    [{ name: 'tracing' }, 'the context tracing belongs to the service family-tracing'],
    [{ name: 'case-tracing' }, 'the context tracing belongs to the service family-tracing'],
    [{ name: 'visits2' }, '"visits2" is no context name'],
    [{ name: 'visits', context: 'home-visits' }, '"home-visits" is no context name'],
    [{ name: 'assessment', context: 'review' }, 'leave --context out'],
    [
      { name: 'visits', aggregate: 'complaint' },
      'the stream category complaint is taken by complaints',
    ],
    [{ name: 'visits', aggregate: 'home-visit' }, 'is no stream category'],
    [{ name: 'assessment', aggregate: 'review' }, 'leave --aggregate out'],
    [{ name: 'cases', aggregate: 'case' }, 'the contracts already define CaseOpened'],
    [{ name: 'visits', port: 3001 }, 'port 3001 is taken'],
  ])('refuses %j, saying why', (options, why) => {
    expect(() => serviceNaming(workspaceTree(), options)).toThrow(why);
  });
});
