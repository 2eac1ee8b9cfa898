import { display, hasSink } from './protocol';

/**
 * How `display/` sends output it shows by itself (progress bars, `plt.show()`): through the kernel's display
 * protocol when a notebook is attached, else as plain text on stdout (scripts, terminals, tests).
 */

/** A handle on one output area, updated in place (`update_display_data`). */
export interface OutputHandle {
  update(obj: unknown): void;
}

/** Whether rich output goes to a notebook (a kernel sink is attached), as opposed to a terminal. */
export function inNotebook(): boolean {
  return hasSink();
}

/** Shows an object (a notebook output, or its text/plain on stdout) and returns a handle for updates. */
export function show(obj: unknown): OutputHandle {
  return display(obj);
}
