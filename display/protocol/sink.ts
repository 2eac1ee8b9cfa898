import type { DisplayOutput } from './mime_bundle';

/**
 * Where display output goes. The kernel installs one while it runs; without one, `display` prints text/plain
 * to stdout (scripts, terminals, tests).
 */
export interface DisplaySink {
  /** Shows a bundle; `displayId` is set when the output can be updated later. */
  display(output: DisplayOutput, displayId: string): void;
  /** Replaces the output(s) shown under `displayId`. */
  update(output: DisplayOutput, displayId: string): void;
  /** Clears the cell's output, now or (wait) when the next output arrives. */
  clear(wait: boolean): void;
  /** Asks the front end for a line of text (Jupyter's stdin channel); see `input`. */
  input?(prompt: string, password: boolean): Promise<string>;
}

/** Kept on globalThis so that several copies of this module (dist and ts sources) share one sink. */
const SINK_KEY = Symbol.for('tsdl.display.sink');

type SinkHolder = { [SINK_KEY]?: DisplaySink | null };

/** Installs (or with `null` removes) the sink that receives all display output. Used by the kernel. */
export function setDisplaySink(sink: DisplaySink | null): void {
  (globalThis as SinkHolder)[SINK_KEY] = sink;
}

/** The installed sink, if any. */
export function currentSink(): DisplaySink | null {
  return (globalThis as SinkHolder)[SINK_KEY] ?? null;
}

/** Whether a kernel sink is attached (output goes to a notebook). */
export function hasSink(): boolean {
  return currentSink() !== null;
}
