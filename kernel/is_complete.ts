import * as ts from '@tslab/typescript-for-tslab';
import { isCompleteCode } from 'tslab/dist/converter';

/** An `is_complete_reply` body. */
export type Completeness = { status: 'complete' } | { status: 'incomplete'; indent: string } | { status: 'invalid' };

/**
 * Whether a cell can run as typed (Enter in a console): `incomplete` when the parser wants more input at the
 * end (open brackets, `if (x)`, unterminated template), `invalid` for a syntax error elsewhere (such as
 * `let = 5` or an unmatched `)`), otherwise `complete`. tslab's check gives the completeness and indent.
 *
 * Example: `checkCompleteness('for (let i = 0;')` gives `{ status: 'incomplete', indent: '' }`.
 */
export function checkCompleteness(code: string): Completeness {
  const tslab = isCompleteCode(code);
  if (!tslab.completed) return { status: 'incomplete', indent: tslab.indent ?? '' };
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (code.trim() !== '' && diagnostics.length > 0) {
    // An unterminated template or comment is still being typed.
    if (diagnostics.every((d) => d.code === 1160 || d.code === 1010)) return { status: 'incomplete', indent: '' };
    return { status: 'invalid' };
  }
  return { status: 'complete' };
}
