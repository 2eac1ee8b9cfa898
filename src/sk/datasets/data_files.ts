import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/**
 * Finds a file of the repository's `data/` folder (shipped data sets, see `data/README.md`), from
 * the sources (`src/sk/datasets`) or the compiled copy (`dist/src/sk/datasets`).
 */
export function dataFilePath(name: string): string {
  let dir = __dirname;
  for (let up = 0; up < 6; up++) {
    const candidate = path.join(dir, 'data', name);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`Data file '${name}' not found in a 'data' folder above ${__dirname}; the project's data/ folder is missing or incomplete`);
}

/** Reads a shipped text file, un-gzipping `.gz` files. */
export function readDataFile(name: string): string {
  const bytes = fs.readFileSync(dataFilePath(name));
  return (name.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
}

/** Parses comma-separated numeric lines (blank lines skipped). */
export function parseNumericRows(lines: string[], source: string): number[][] {
  return lines.filter((l) => l.trim() !== '').map((line, i) => {
    const row = line.split(',').map(Number);
    if (row.some((v) => Number.isNaN(v))) throw new Error(`${source}: line ${i + 1} is not numeric`);
    return row;
  });
}
