/** One history entry: [session, line number, input] or with output [session, line, [input, output]]. */
export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];

/** A `history_request` (messaging spec 5.3). */
export interface HistoryRequest {
  output?: boolean;
  hist_access_type?: 'tail' | 'range' | 'search';
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

interface Cell { line: number; input: string; output: string | null }

/**
 * The inputs (and text outputs) of this kernel session's cells, answering tail, range and glob search
 * queries. The current session is numbered 1 (session 0 in a request also means the current one).
 */
export class History {
  readonly session = 1;
  private readonly cells: Cell[] = [];

  add(line: number, input: string): void {
    this.cells.push({ line, input, output: null });
  }

  setOutput(line: number, output: string): void {
    const cell = this.cells.find((c) => c.line === line);
    if (cell) cell.output = output;
  }

  query(req: HistoryRequest): HistoryEntry[] {
    let cells: Cell[];
    switch (req.hist_access_type ?? 'tail') {
      case 'tail':
        cells = this.cells.slice(-Math.max(0, req.n ?? 10));
        if (req.n === 0) cells = [];
        break;
      case 'range': {
        const session = req.session ?? 0;
        if (session !== 0 && session !== this.session && session !== -0) { cells = []; break; }
        const start = req.start ?? 0;
        const stop = req.stop ?? Number.POSITIVE_INFINITY;
        cells = this.cells.filter((c) => c.line >= start && c.line < stop);
        break;
      }
      case 'search': {
        const re = globToRegExp(req.pattern ?? '*');
        let found = this.cells.filter((c) => re.test(c.input));
        if (req.unique) {
          const seen = new Set<string>();
          found = found.reverse().filter((c) => !seen.has(c.input) && seen.add(c.input) !== undefined).reverse();
        }
        cells = req.n !== undefined && req.n !== null ? found.slice(-req.n) : found;
        break;
      }
      default:
        cells = [];
    }
    return cells.map((c): HistoryEntry => (req.output ? [this.session, c.line, [c.input, c.output]] : [this.session, c.line, c.input]));
  }
}

/** IPython's history search syntax: a glob with `*` and `?`, matched against the whole input. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${body}$`);
}
