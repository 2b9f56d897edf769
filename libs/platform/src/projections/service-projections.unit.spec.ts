// What a service may declare in PlatformFeatures.projections: unique names, and for a write
// service of the contracts only its own categories or event types; a list, or a function of
// the platform's dependencies, checked alike.
import type { Pool } from 'pg';
import {
  Projections,
  ProjectionsDeclarationError,
  checkProjections,
  type ProjectionDependencies,
  type ServiceProjection,
} from './service-projections';

const reset = async () => undefined;
const projection = (name: string, filter?: ServiceProjection['filter']): ServiceProjection => ({
  name,
  ...(filter ? { filter } : {}),
  apply: reset,
  reset,
});

describe('checkProjections', () => {
  it("takes a write service's own categories and types, or no filter (its role reads only its own)", () => {
    expect(() =>
      checkProjections(
        [
          projection('worklist', { types: ['AssessmentStarted', 'SocialWorkerAssigned'] }),
          projection('by-category', { categories: ['assessment'] }),
          projection('everything'),
        ],
        'assessment',
      ),
    ).not.toThrow();
  });

  it("refuses another context's types or categories, and a type the contracts lack", () => {
    expect(() =>
      checkProjections([projection('opened', { types: ['CaseOpened'] })], 'assessment'),
    ).toThrow(
      'PlatformFeatures.projections: "opened" filters by CaseOpened, not assessment\'s own: a service projects its own streams (assessment) and follows other contexts through PlatformFeatures.follows',
    );
    expect(() =>
      checkProjections([projection('cases', { categories: ['intakeCase'] })], 'assessment'),
    ).toThrow('"cases" filters by intakeCase, not assessment\'s own');
    expect(() =>
      checkProjections([projection('typo', { types: ['AssessmentStartd'] })], 'assessment'),
    ).toThrow('"typo" filters by AssessmentStartd');
  });

  it('leaves the filters of a service the contracts do not name (a read side, an example) alone', () => {
    expect(() =>
      checkProjections([projection('visits', { types: ['VisitNoted'] })], 'example'),
    ).not.toThrow();
  });

  it('refuses two projections of one name, or one without a name', () => {
    expect(() => checkProjections([projection('a'), projection('a')], 'example')).toThrow(
      'PlatformFeatures.projections: "a" is declared twice',
    );
    expect(() => checkProjections([projection(' ')], 'example')).toThrow(
      'a projection has no name',
    );
  });

  it('refuses a projection with both apply and applyBatch, or neither', () => {
    const both = { ...projection('both'), applyBatch: reset } as unknown as ServiceProjection;
    const neither = { name: 'neither', reset } as unknown as ServiceProjection;
    expect(() => checkProjections([both], 'example')).toThrow(
      'PlatformFeatures.projections: "both" needs exactly one of apply and applyBatch',
    );
    expect(() => checkProjections([neither], 'example')).toThrow(
      '"neither" needs exactly one of apply and applyBatch',
    );
  });
});

describe('Projections.declared', () => {
  // Nothing here touches the database: the runners are only built.
  const dependencies = {
    service: 'assessment',
    pool: {} as Pool,
    store: {},
    vault: {},
    standards: {},
    clock: { now: () => new Date('2026-03-02T02:15:00Z') },
  } as unknown as ProjectionDependencies;

  it('builds a list, or what a function gives for the dependencies, once', () => {
    expect(Projections.declared([projection('a')], dependencies).names()).toEqual(['a']);
    const factory = jest.fn((given: ProjectionDependencies) => [
      projection(`worklist-${given.service}`),
    ]);
    const projections = Projections.declared(factory, dependencies);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(factory).toHaveBeenCalledWith(dependencies);
    expect(projections.names()).toEqual(['worklist-assessment']);
    expect(() => projections.onModuleInit()).not.toThrow();
    expect(Projections.declared(undefined, dependencies).names()).toEqual([]);
  });

  it("keeps what a function's list breaks, or its own error, for Nest's init: nothing to start", () => {
    const twice = Projections.declared(() => [projection('a'), projection('a')], dependencies);
    expect(twice.names()).toEqual([]);
    expect(twice.backgroundParts()).toEqual([]);
    expect(() => twice.onModuleInit()).toThrow(ProjectionsDeclarationError);
    const foreign = Projections.declared(
      () => [projection('opened', { types: ['CaseOpened'] })],
      dependencies,
    );
    expect(() => foreign.onModuleInit()).toThrow('"opened" filters by CaseOpened');
    const failing = Projections.declared(() => {
      throw new Error('no offices');
    }, dependencies);
    expect(() => failing.onModuleInit()).toThrow('no offices');
  });
});
