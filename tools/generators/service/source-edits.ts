// Small, exact edits of TypeScript sources the generator extends (the contracts' context table and
// event lists, the services npm start runs): found through the TypeScript AST, not by searching
// text, so a comment or a reformatted file cannot make an edit land in the wrong place.
// formatFiles (Prettier) lays the inserted text out afterwards.
import ts from 'typescript';

function parse(source: string): ts.SourceFile {
  return ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
}

/** `[...] as const`, `{...} satisfies T`, `(<T>x)`: the literal under the wrapping. */
function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isParenthesizedExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function initializerOf(file: ts.SourceFile, variable: string): ts.Expression {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === variable) {
        if (!declaration.initializer) break;
        return unwrap(declaration.initializer);
      }
    }
  }
  throw new Error(`no top-level const ${variable} with a value`);
}

/** The names of a file's top-level variables whose value is an array literal. */
export function arrayVariablesOf(source: string): string[] {
  const file = parse(source);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (
        ts.isIdentifier(declaration.name) &&
        declaration.initializer &&
        ts.isArrayLiteralExpression(unwrap(declaration.initializer))
      ) {
        found.push(declaration.name.text);
      }
    }
  }
  return found;
}

function insertBeforeClosing(
  source: string,
  literal: ts.ArrayLiteralExpression | ts.ObjectLiteralExpression,
  text: string,
): string {
  const items = ts.isArrayLiteralExpression(literal) ? literal.elements : literal.properties;
  const closing = literal.getEnd() - 1;
  const separator = items.length > 0 && !items.hasTrailingComma ? ',' : '';
  if (items.length === 0) return `${source.slice(0, closing)}\n${text},\n${source.slice(closing)}`;
  const afterLast = items[items.length - 1].getEnd() + (items.hasTrailingComma ? 1 : 0);
  return `${source.slice(0, afterLast)}${separator}\n${text},${source.slice(afterLast)}`;
}

/** Appends an element to the array literal of `const <variable> = [...]`. */
export function appendToArray(source: string, variable: string, element: string): string {
  const literal = initializerOf(parse(source), variable);
  if (!ts.isArrayLiteralExpression(literal)) throw new Error(`${variable} is not an array literal`);
  return insertBeforeClosing(source, literal, element);
}

/** Adds a property to the object literal of `const <variable> = {...}`. */
export function addToObject(source: string, variable: string, property: string): string {
  const literal = initializerOf(parse(source), variable);
  if (!ts.isObjectLiteralExpression(literal)) {
    throw new Error(`${variable} is not an object literal`);
  }
  return insertBeforeClosing(source, literal, property);
}

/** The property names of the object literal of `const <variable> = {...}`. */
export function objectKeysOf(source: string, variable: string): string[] {
  const literal = initializerOf(parse(source), variable);
  if (!ts.isObjectLiteralExpression(literal)) {
    throw new Error(`${variable} is not an object literal`);
  }
  return literal.properties.flatMap((property) =>
    property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
      ? [property.name.text]
      : [],
  );
}

/** String values of `const <variable> = { key: { field: '…' } }`, by key: the contexts table. */
export function nestedStringFields(
  source: string,
  variable: string,
  field: string,
): Record<string, string[]> {
  const literal = initializerOf(parse(source), variable);
  if (!ts.isObjectLiteralExpression(literal)) {
    throw new Error(`${variable} is not an object literal`);
  }
  const result: Record<string, string[]> = {};
  for (const property of literal.properties) {
    if (!ts.isPropertyAssignment(property) || !property.name) continue;
    if (!ts.isIdentifier(property.name) && !ts.isStringLiteral(property.name)) continue;
    const value = unwrap(property.initializer);
    if (!ts.isObjectLiteralExpression(value)) continue;
    const entry = value.properties.find(
      (inner): inner is ts.PropertyAssignment =>
        ts.isPropertyAssignment(inner) && ts.isIdentifier(inner.name) && inner.name.text === field,
    );
    if (!entry) continue;
    const fieldValue = unwrap(entry.initializer);
    const strings = ts.isArrayLiteralExpression(fieldValue)
      ? fieldValue.elements.filter(ts.isStringLiteral).map((element) => element.text)
      : ts.isStringLiteral(fieldValue)
        ? [fieldValue.text]
        : [];
    result[property.name.text] = strings;
  }
  return result;
}

/** Makes `import { name } from '<from>'` hold `name`, adding the import when there is none. */
export function ensureNamedImport(source: string, from: string, name: string): string {
  const file = parse(source);
  const imports = file.statements.filter(ts.isImportDeclaration);
  const existing = imports.find(
    (declaration) =>
      ts.isStringLiteral(declaration.moduleSpecifier) &&
      declaration.moduleSpecifier.text === from &&
      !declaration.importClause?.isTypeOnly &&
      declaration.importClause?.namedBindings &&
      ts.isNamedImports(declaration.importClause.namedBindings),
  );
  if (existing) {
    const named = existing.importClause!.namedBindings as ts.NamedImports;
    if (named.elements.some((element) => element.name.text === name)) return source;
    return insertBeforeClosingBrace(source, named, name);
  }
  return addStatementAfterImports(source, `import { ${name} } from '${from}';`);
}

function insertBeforeClosingBrace(source: string, named: ts.NamedImports, name: string): string {
  const last = named.elements[named.elements.length - 1];
  const at = last ? last.getEnd() : named.getEnd() - 1;
  return `${source.slice(0, at)}${last ? ', ' : ' '}${name}${source.slice(at)}`;
}

/**
 * Adds a statement after the last import or `export … from` whose module starts with `near` (after
 * the last of any module when none does): a new events file's import beside the others.
 */
export function addStatementAfterImports(source: string, statement: string, near = ''): string {
  const file = parse(source);
  const anchors = file.statements.filter(
    (node): node is ts.ImportDeclaration | ts.ExportDeclaration =>
      ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && !!node.moduleSpecifier),
  );
  const moduleOf = (node: ts.ImportDeclaration | ts.ExportDeclaration) =>
    node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
      ? node.moduleSpecifier.text
      : '';
  const beside = anchors.filter((node) => moduleOf(node).startsWith(near));
  const last = (beside.length > 0 ? beside : anchors).at(-1);
  if (!last) return `${statement}\n${source}`;
  return `${source.slice(0, last.getEnd())}\n${statement}${source.slice(last.getEnd())}`;
}

/** Adds `export * from '<from>'` beside the index file's other exports of that folder. */
export function addExportAll(source: string, from: string): string {
  if (source.includes(`export * from '${from}';`)) return source;
  return addStatementAfterImports(
    source,
    `export * from '${from}';`,
    from.slice(0, from.lastIndexOf('/') + 1),
  );
}
