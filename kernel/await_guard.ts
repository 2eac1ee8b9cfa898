import * as ts from '@tslab/typescript-for-tslab';

/** Compiled cell code with its interrupt checks (see `guardAwaits`). */
export interface GuardedCell {
  code: string;
  /** Whether the cell's top level awaits (including `for await`), so it must run as an async function. */
  topLevelAwait: boolean;
}

/** The name of the run a piece of cell code belongs to: a parameter of the cell, a constant of each async function. */
export const RUN_NAME = '__tsdl_run__';

/**
 * Adds interrupt checks to compiled cell code, so that once a cell has been interrupted, its code stops at the
 * next point where it resumes instead of running on in the background:
 * - every `await x` becomes `RESUME(RUN, await x)`, and every `for await` body starts with `RESUME(RUN)`;
 * - every async function (declared in this cell or any earlier one) notes, when it is called, which cell run
 *   called it (`const RUN = CURRENT();`), so a training function defined in one cell and awaited in another
 *   stops when the other is interrupted. The cell's own top level gets `RUN` as a parameter.
 * Edits are insertions on existing lines, so line numbers stay the same.
 *
 * Example: `await sleep(1)` becomes `__tsdl__.resume(__tsdl_run__, await sleep(1))`.
 */
export function guardAwaits(js: string, resumeFn = '__tsdl__.resume', currentFn = '__tsdl__.current'): GuardedCell {
  if (!js.includes('await')) return { code: js, topLevelAwait: false };
  const file = ts.createSourceFile('cell.js', js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits: { at: number; text: string; closing?: boolean }[] = [];
  const runConst = `const ${RUN_NAME} = ${currentFn}();`;
  let topLevelAwait = false;

  const isAsyncFunction = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
    ts.isFunctionLike(node) && !!(ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async)
    && (node as ts.FunctionLikeDeclaration).body !== undefined;

  const visit = (node: ts.Node, insideFunction: boolean): void => {
    if (ts.isAwaitExpression(node)) {
      if (!insideFunction) topLevelAwait = true;
      edits.push({ at: node.getStart(file), text: `${resumeFn}(${RUN_NAME}, ` }, { at: node.end, text: ')', closing: true });
    } else if (ts.isForOfStatement(node) && node.awaitModifier) {
      if (!insideFunction) topLevelAwait = true;
      const check = `${resumeFn}(${RUN_NAME});`;
      if (ts.isBlock(node.statement)) {
        edits.push({ at: node.statement.getStart(file) + 1, text: ` ${check}` });
      } else {
        edits.push({ at: node.statement.getStart(file), text: `{ ${check} ` }, { at: node.statement.end, text: ' }', closing: true });
      }
    } else if (isAsyncFunction(node)) {
      const body = node.body!;
      if (ts.isBlock(body)) {
        const prologue = body.statements.filter((s, i) => body.statements.slice(0, i + 1).every(
          (p) => ts.isExpressionStatement(p) && ts.isStringLiteral(p.expression)));
        const at = prologue.length ? prologue[prologue.length - 1].end : body.getStart(file) + 1;
        edits.push({ at, text: ` ${runConst}` });
      } else {
        edits.push({ at: body.getStart(file), text: `{ ${runConst} return (` }, { at: body.end, text: '); }', closing: true });
      }
      ts.forEachChild(node, (child) => visit(child, true));
      return;
    } else if (ts.isFunctionLike(node)) {
      ts.forEachChild(node, (child) => visit(child, true));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, insideFunction));
  };
  visit(file, false);
  // Apply from the end so earlier offsets stay valid. At one offset, closing text goes first, outer (earlier
  // pushed) closings before inner ones and inner openings before outer ones, so the outer wraps the inner.
  const order = edits.map((e, i) => ({ ...e, i }));
  order.sort((a, b) => b.at - a.at || (a.closing === b.closing ? (a.closing ? a.i - b.i : b.i - a.i) : a.closing ? -1 : 1));
  let code = js;
  for (const e of order) code = code.slice(0, e.at) + e.text + code.slice(e.at);
  return { code, topLevelAwait };
}
