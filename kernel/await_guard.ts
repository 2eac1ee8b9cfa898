import * as ts from '@tslab/typescript-for-tslab';

/**
 * Rewrites every `await x` in compiled cell code to `RESUME(await x)`, so that when a cell has been
 * interrupted, code waiting on a promise stops at its next resumption instead of running on in the
 * background. Edits are textual insertions, so line numbers stay the same.
 *
 * Example: `await sleep(1)` becomes `__tsdl__.resume(await sleep(1))`.
 */
export function guardAwaits(js: string, resumeFn = '__tsdl__.resume'): string {
  if (!js.includes('await')) return js;
  const file = ts.createSourceFile('cell.js', js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits: { at: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isAwaitExpression(node)) {
      edits.push({ at: node.getStart(file), text: `${resumeFn}(` }, { at: node.end, text: ')' });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // Apply from the end so earlier offsets stay valid; at equal offsets closing parens go first.
  edits.sort((a, b) => b.at - a.at || (a.text === ')' ? -1 : 1));
  let out = js;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  return out;
}
