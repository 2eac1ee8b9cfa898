import type { Diagnostic } from 'tslab/dist/converter';

/** A cell failure as Jupyter reports it (`error` message and error reply). */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

const RED = '\x1b[31m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** TypeScript reports syntax errors with codes 1000-1999; the rest are type (semantic) errors. */
function isSyntaxDiagnostic(d: Diagnostic): boolean {
  return d.code >= 1000 && d.code < 2000;
}

/** The source line with a caret under the reported column. */
function pointAt(src: string, line: number, column: number, width: number): string[] {
  const text = src.split('\n')[line] ?? '';
  return [text, ' '.repeat(column) + '^'.repeat(Math.max(1, Math.min(width, text.length - column)))];
}

/**
 * Turns compile diagnostics into one error: ename `SyntaxError` or `TypeError`, evalue the first message
 * with its line, and a traceback listing every diagnostic with the cell line it points at.
 */
export function diagnosticsError(src: string, diagnostics: Diagnostic[]): CellError {
  const first = diagnostics[0];
  const ename = diagnostics.some(isSyntaxDiagnostic) ? 'SyntaxError' : 'TypeError';
  const where = (d: Diagnostic): string => `${d.fileName ? d.fileName + ' ' : ''}line ${d.start.line + 1}, column ${d.start.character + 1}`;
  const traceback: string[] = [];
  for (const d of diagnostics) {
    traceback.push(`${RED}${BOLD}${ename}${RESET}: ${d.messageText} (TS${d.code}) at ${where(d)}`);
    if (!d.fileName) {
      const width = d.end.line === d.start.line ? d.end.character - d.start.character : 1;
      traceback.push(...pointAt(src, d.start.line, d.start.character, width).map((l) => '    ' + l));
    }
  }
  return { ename, evalue: `${first.messageText} (line ${first.start.line + 1})`, traceback };
}

/** Names the thrown value: the Error's name, or a description for thrown non-Errors. */
function errorName(e: unknown): string {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'stack' in e && 'message' in e)) {
    return String((e as Error).name || 'Error');
  }
  return `Uncaught ${e === null ? 'null' : typeof e}`;
}

function errorValue(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) return String((e as Error).message);
  if (typeof e === 'string') return e;
  try {
    return typeof e === 'object' ? JSON.stringify(e) ?? String(e) : String(e);
  } catch {
    return String(e);
  }
}

/**
 * Turns a thrown value into an error report. Stack frames inside the cell (`cellName`, compiled JavaScript)
 * are shown with the compiled line and the matching cell line (found by its text), library frames are
 * kept, kernel frames are removed.
 */
export function runtimeError(e: unknown, cellName: string, tsSource: string, jsSource: string): CellError {
  const ename = errorName(e);
  const evalue = errorValue(e);
  const stack = typeof e === 'object' && e !== null && typeof (e as Error).stack === 'string' ? (e as Error).stack! : '';
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l)).filter((l) => !/[/\\](tslab|kernel)[/\\]|node:internal|node:vm/.test(l));
  const traceback = [`${RED}${BOLD}${ename}${RESET}: ${evalue}`];
  for (const frame of frames) {
    traceback.push(frame);
    const m = frame.match(new RegExp(`${escapeRegExp(cellName)}:(\\d+):(\\d+)`));
    if (!m) continue;
    const jsLine = (jsSource.split('\n')[Number(m[1]) - 1] ?? '').trim();
    const tsLine = findSourceLine(tsSource, jsLine);
    if (tsLine !== null) traceback.push(`    ${RED}-->${RESET} cell line ${tsLine + 1}: ${tsSource.split('\n')[tsLine].trim()}`);
  }
  return { ename, evalue, traceback };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Identifier-ish tokens of a line, ignoring the `exports.` prefixes the compiler adds. */
function tokens(line: string): string[] {
  return line.replace(/\bexports\./g, '').replace(/__tsdl__\.resume\(/g, '').match(/[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"[^"]*"|'[^']*'/g) ?? [];
}

/**
 * The 0-based line of the TypeScript cell that best matches a compiled JavaScript line (most shared
 * tokens, in order), or null when nothing matches. Compilation removes types but keeps the statements.
 */
export function findSourceLine(tsSource: string, jsLine: string): number | null {
  const want = tokens(jsLine);
  if (want.length === 0) return null;
  let best: number | null = null;
  let bestScore = 0;
  tsSource.split('\n').forEach((line, i) => {
    const have = new Set(tokens(line));
    const score = want.filter((t) => have.has(t)).length / want.length;
    if (score > bestScore) { best = i; bestScore = score; }
  });
  return bestScore >= 0.5 ? best : null;
}
