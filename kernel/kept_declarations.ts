import * as ts from '@tslab/typescript-for-tslab';

/**
 * What earlier cells declared, kept parsed while it does not change.
 *
 * tslab hands each cell the names earlier cells declared as the text of a declarations file (`__prev__.d.ts`).
 * For every cell it used to tell the compiler that file had changed, so TypeScript parsed and bound it again and
 * the type checker met its names anew; after the cell, tslab printed the file again without the names the cell
 * redeclares (`remainingDecls`). All of that grows with the number of names: with 800 declared names,
 * converting and running a `1 + 1` cell took 21 ms (6 ms with 400); it takes about 1 ms at any count now. A cell
 * that declares nothing leaves the text as it was (tslab's printing of its own output gives the same text, at the
 * latest from the second such cell on), which is most cells. So:
 *
 * - the converter tells the compiler the declarations file changed only when its text did
 *   (`declarationsChanged`), and the program keeps the parsed file (see `updateInPlace` in `plain_program.ts`),
 *   and the checker what it learned about those names;
 * - `remainingDeclarations` answers tslab's question for a cell that declares none of the file's names again
 *   (most cells: they declare nothing or new names) from what it answered for the same parsed file before (the
 *   answer depends on nothing else then), and undoes tslab's edits of the file's tree after computing an answer
 *   (it drops statements and names from it), so that the parsed file can serve the next cell as it was read.
 *
 * `TSDL_KEEP_DECLARATIONS=0` turns both off (tslab's behaviour).
 */

const enabled = (): boolean => process.env.TSDL_KEEP_DECLARATIONS !== '0';

/** Whether the converter must tell the compiler that the declarations file changed from `before` to `after`. */
export function declarationsChanged(before: string, after: string): boolean {
  return !enabled() || before !== after;
}

/** tslab's `remainingDecls(checker, cellFile, declarationsFile)`: the declarations file's text without what the cell redeclares. */
type Remaining = (checker: ts.TypeChecker, cellFile: ts.SourceFile, declarationsFile: ts.SourceFile) => string;

/** tslab's answer for a declarations file with a cell that declares none of its names again, per parsed file. */
const withNothingRedeclared = new WeakMap<ts.SourceFile, string>();

/** `remaining(checker, cellFile, declarationsFile)`, cached and without lasting edits to `declarationsFile` (see above). */
export function remainingDeclarations(remaining: Remaining, checker: ts.TypeChecker, cellFile: ts.SourceFile,
  declarationsFile: ts.SourceFile): string {
  if (!enabled()) return remaining(checker, cellFile, declarationsFile);
  const cellLocals = (cellFile as unknown as { locals?: ReadonlyMap<string, unknown> }).locals;
  const declared = (declarationsFile as unknown as { locals?: ReadonlyMap<string, unknown> }).locals;
  // tslab keeps every earlier name the cell does not declare again: the answer is then the file's own.
  const redeclaresNothing = !cellLocals || !declared || ![...cellLocals.keys()].some((name) => declared.has(name));
  if (redeclaresNothing) {
    const known = withNothingRedeclared.get(declarationsFile);
    if (known !== undefined) return known;
  }
  const restore = treeRestorer(declarationsFile);
  let text: string;
  try {
    text = remaining(checker, cellFile, declarationsFile);
  } finally {
    restore();
  }
  if (redeclaresNothing) withNothingRedeclared.set(declarationsFile, text);
  return text;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A function that puts back what tslab's `remainingDecls` changes in `file`'s tree: the list of statements,
 * each variable statement's declarations and each import's default name, namespace or named bindings.
 */
function treeRestorer(file: ts.SourceFile): () => void {
  const statements = file.statements;
  const undo: (() => void)[] = [];
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const list = statement.declarationList as Mutable<ts.VariableDeclarationList>;
      const declarations = list.declarations;
      undo.push(() => { list.declarations = declarations; });
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause as Mutable<ts.ImportClause>;
      const { name, namedBindings } = clause;
      const named = namedBindings && ts.isNamedImports(namedBindings) ? namedBindings as Mutable<ts.NamedImports> : undefined;
      const elements = named?.elements;
      undo.push(() => {
        clause.name = name;
        clause.namedBindings = namedBindings;
        if (named && elements) named.elements = elements;
      });
    }
  }
  return () => {
    (file as Mutable<ts.SourceFile>).statements = statements;
    for (const step of undo) step();
  };
}
