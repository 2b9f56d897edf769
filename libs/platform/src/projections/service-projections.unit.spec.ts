// What a service may declare in PlatformFeatures.projections: unique names, and for a write
// service of the contracts only its own categories or event types.
import { checkProjections, type ServiceProjection } from './service-projections';

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
});
