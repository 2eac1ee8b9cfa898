/** Optuna-style logging of finished trials (`optuna.logging.setVerbosity(optuna.logging.WARNING)` silences it). */
export const DEBUG = 10;
export const INFO = 20;
export const WARNING = 30;
export const ERROR = 40;

let verbosity = INFO;

export function setVerbosity(level: number): void {
  verbosity = level;
}

export function getVerbosity(): number {
  return verbosity;
}

function stamp(): string {
  const d = new Date();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`;
}

/** Prints `[I 2026-01-01 12:00:00,000] message` when the verbosity allows `level`. */
export function log(level: number, message: string): void {
  if (level < verbosity) return;
  const letter = level >= ERROR ? 'E' : level >= WARNING ? 'W' : level >= INFO ? 'I' : 'D';
  (level >= WARNING ? console.warn : console.log)(`[${letter} ${stamp()}] ${message}`);
}
