import {
  addExportAll,
  addStatementAfterImports,
  addToObject,
  appendToArray,
  arrayVariablesOf,
  ensureNamedImport,
  nestedStringFields,
  objectKeysOf,
} from './source-edits';

describe('edits of TypeScript sources, found through the AST', () => {
  it('appends to an array literal under `as const`, with or without a trailing comma', () => {
    expect(appendToArray('export const a = [1, 2] as const;\n// [3]\n', 'a', '3')).toBe(
      'export const a = [1, 2,\n3,] as const;\n// [3]\n',
    );
    expect(appendToArray('const a = [\n  1,\n];', 'a', '  2')).toBe('const a = [\n  1,\n  2,\n];');
    expect(appendToArray('const a: number[] = [];', 'a', '1')).toBe(
      'const a: number[] = [\n1,\n];',
    );
  });

  it('adds a property to an object literal under `satisfies`, and reads its keys and fields', () => {
    const source = "const t = {\n  a: { service: 'x', list: ['p', 'q'] },\n} satisfies object;";
    const added = addToObject(source, 't', "  'b-c': { service: 'y', list: ['r'] }");
    expect(objectKeysOf(added, 't')).toEqual(['a', 'b-c']);
    expect(nestedStringFields(added, 't', 'service')).toEqual({ a: ['x'], 'b-c': ['y'] });
    expect(nestedStringFields(added, 't', 'list')).toEqual({ a: ['p', 'q'], 'b-c': ['r'] });
  });

  it('says which variable it could not find instead of editing elsewhere', () => {
    expect(() => appendToArray('const b = [];', 'a', '1')).toThrow('no top-level const a');
    expect(() => addToObject('const a = [];', 'a', 'x: 1')).toThrow('a is not an object literal');
  });

  it('lists the array variables of a file', () => {
    expect(
      arrayVariablesOf('export const xEvents = [A] as const;\nconst y = {};\nlet z = [];'),
    ).toEqual(['xEvents', 'z']);
  });

  it('adds a named import once, to the existing import of that module or as a new one', () => {
    const source = "import { z } from 'zod';\nimport { a, b } from './common';\n\nconst x = 1;\n";
    const added = ensureNamedImport(source, './common', 'c');
    expect(added).toBe(
      "import { z } from 'zod';\nimport { a, b, c } from './common';\n\nconst x = 1;\n",
    );
    expect(ensureNamedImport(added, './common', 'c')).toBe(added);
    expect(ensureNamedImport(source, './other', 'd')).toBe(
      "import { z } from 'zod';\nimport { a, b } from './common';\nimport { d } from './other';\n\nconst x = 1;\n",
    );
  });

  it('puts a new import or export beside those of the same folder', () => {
    const source = "import { a } from '../events/a';\nimport { e } from '../errors';\n";
    expect(addStatementAfterImports(source, "import { b } from '../events/b';", '../events/')).toBe(
      "import { a } from '../events/a';\nimport { b } from '../events/b';\nimport { e } from '../errors';\n",
    );
    const index = "export * from './events/a';\nexport { x } from './x';\n";
    expect(addExportAll(index, './events/b')).toBe(
      "export * from './events/a';\nexport * from './events/b';\nexport { x } from './x';\n",
    );
    expect(addExportAll(index, './events/a')).toBe(index);
  });
});
