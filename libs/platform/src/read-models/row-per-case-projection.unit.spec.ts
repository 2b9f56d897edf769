// The one-row-per-case projection builder: the case of an event, and declarations it refuses
// before anything runs (pure).
import { caseIdOf, rowPerCaseProjection, type RowPerCase } from './row-per-case-projection';

const model: RowPerCase<{ caseId: string }, { case_id: string }> = {
  name: 'visits',
  filter: { types: ['VisitNoted'] },
  table: 'visits',
  columns: 'case_id text, visits int',
  fold: (row, event) => row ?? { caseId: caseIdOf(event) },
  rowOf: (stored) => ({ caseId: stored.case_id }),
  recordOf: (row) => ({ case_id: row.caseId, visits: 1 }),
};

describe('caseIdOf', () => {
  it("is the envelope's case, else the stream's after its category", () => {
    expect(caseIdOf({ caseId: '3603-2026-000007', streamId: 'assessment-other' })).toBe(
      '3603-2026-000007',
    );
    expect(caseIdOf({ streamId: 'tracing-3603-2026-000011' })).toBe('3603-2026-000011');
  });
});

describe('rowPerCaseProjection', () => {
  it('is a batch projection with its name and filter', () => {
    const projection = rowPerCaseProjection(model);
    expect(projection).toMatchObject({ name: 'visits', filter: { types: ['VisitNoted'] } });
    expect(typeof projection.applyBatch).toBe('function');
    expect(projection.apply).toBeUndefined();
    expect(rowPerCaseProjection({ ...model, filter: undefined })).not.toHaveProperty('filter');
  });

  it('refuses a table or column that is not a plain SQL name, and columns without case_id', () => {
    expect(() => rowPerCaseProjection({ ...model, table: 'visits; drop table x' })).toThrow(
      'not a table name',
    );
    expect(() =>
      rowPerCaseProjection({ ...model, columns: 'case_id text, "Visits" int, x-y int' }),
    ).toThrow('not column names: "Visits", x-y');
    expect(() => rowPerCaseProjection({ ...model, columns: 'id text, visits int' })).toThrow(
      'the columns of visits lack case_id',
    );
  });
});
