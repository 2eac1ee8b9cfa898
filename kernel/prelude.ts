import fs from 'fs';
import path from 'path';

/** The checkout this kernel runs from (dist/kernel/.. /..). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Namespaces of the library root that cells get as globals when the library exports them. */
const LIBRARY_NAMESPACES = ['nn', 'F', 'optim', 'data', 'vision', 'sk', 'optuna', 'text', 'keras'];
/** Names cells get from the display module when it exports them. */
const DISPLAY_NAMES = ['plt', 'display', 'clearOutput', 'input'];

/** Which compiled modules exist; checked at every kernel start so new library areas appear by themselves. */
function compiled(rel: string): string | null {
  const base = path.join(PROJECT_ROOT, 'dist', rel);
  return fs.existsSync(base + '.js') && fs.existsSync(base + '.d.ts') ? base : null;
}

/** The names a module exports at run time (empty when it fails to load). */
function exportedNames(modulePath: string): Set<string> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return new Set(Object.keys(require(modulePath) as object));
  } catch (e) {
    process.stderr.write(`tsdl: cannot preload ${modulePath}: ${(e as Error).message}\n`);
    return new Set();
  }
}

const quote = (p: string): string => JSON.stringify(p.split(path.sep).join('/'));

/**
 * The TypeScript cell run (hidden) before the first user cell: imports `tf` (the same instance the library
 * uses), `tsdl` and its namespaces, and the display names, with full types, then awaits `tsdl.ready()`.
 * Whatever part of the library is not built yet is left out.
 */
export function preludeSource(): string {
  const lines = [tfImport()];
  const library = compiled(path.join('src', 'index'));
  let hasReady = false;
  if (library) {
    const names = exportedNames(library);
    lines.push(`import * as tsdl from ${quote(library)};`);
    const namespaces = LIBRARY_NAMESPACES.filter((n) => names.has(n));
    if (namespaces.length) lines.push(`import { ${namespaces.join(', ')} } from ${quote(library)};`);
    hasReady = names.has('ready');
  }
  const displayModule = compiled(path.join('display', 'index'));
  const displayNames = displayModule ? DISPLAY_NAMES.filter((n) => exportedNames(displayModule).has(n)) : [];
  const protocol = compiled(path.join('display', 'protocol', 'index'));
  if (displayModule && displayNames.length) lines.push(`import { ${displayNames.join(', ')} } from ${quote(displayModule)};`);
  const missing = ['display', 'clearOutput', 'input'].filter((n) => !displayNames.includes(n));
  if (protocol && missing.length) lines.push(`import { ${missing.join(', ')} } from ${quote(protocol)};`);
  if (hasReady) lines.push('await tsdl.ready();');
  return lines.join('\n');
}

function tfImport(): string {
  return `import * as tf from ${quote(path.join(PROJECT_ROOT, 'node_modules', '@tensorflow', 'tfjs'))};`;
}

/** The prelude used when the full one fails (e.g. a library area does not compile): tf and display only. */
export function minimalPreludeSource(): string {
  const protocol = compiled(path.join('display', 'protocol', 'index'));
  return [tfImport(), ...(protocol ? [`import { display, clearOutput, input } from ${quote(protocol)};`] : [])].join('\n');
}
