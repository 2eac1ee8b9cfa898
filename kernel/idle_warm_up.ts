import { MAX_USES } from './checker_reuse';

/**
 * Type-checks made-up cells while the kernel is idle, so that the user's own cells find TypeScript warm.
 *
 * A fresh kernel's first cells are slow for two reasons: the first one builds the program for cells and learns
 * the `Tensor` type (150–200 ms), and for the next few hundred V8 is still optimizing TypeScript's functions —
 * on one core, new `1 + i` cells took a median 12–14 ms over the first 20 and 4–6 ms from the 80th on (IPython:
 * 3.7 ms). A user opening a notebook reads before running anything, so the kernel spends that time converting
 * (never running) cells like the course's: expressions, tensors, declarations, functions, interfaces, loops, a
 * module, an `await`. Each conversion is one task of a few milliseconds; none starts while a request is waiting
 * or a cell runs, and none until the kernel has had no request for 50 ms (a client sending cells one after
another never sees one). `TSDL_WARM_UP=0` turns it off (another number sets how many conversions).
 */

/** Made-up cells, each with a number that makes it new to the converter's cache. */
export const WARM_UP_CELLS: readonly ((i: number) => string)[] = [
  (i) => `tf.tensor([1, 2]).add(${i}).shape`,
  (i) => `${i} + 1`,
  (i) => `const w${i} = tf.ones([2, 2]).mul(${i});\nw${i}.shape`,
  (i) => `tf.tensor([[1, 2], [3, ${i}]]).matMul(tf.tensor([[1], [1]]))`,
  (i) => `function scale${i}(a: number): number { return a * ${i}; }\nscale${i}(2)`,
  (i) => `const layer${i} = new nn.Linear(4, ${(i % 7) + 1});\nlayer${i}.forward(tf.ones([1, 4])).shape`,
  (i) => `let total${i} = 0;\nfor (let k = 0; k < ${i}; k++) total${i} += k;\nconsole.log(total${i});`,
  (i) => `interface Point${i} { x: number; label: string }\nconst p${i}: Point${i} = { x: ${i}, label: 'a' };\np${i}.label.length`,
  (i) => `[1, 2, 3].map((v) => v * ${i}).filter((v) => v > 2)`,
  (i) => `const values${i} = await tf.tensor([${i}, 2]).data();\nvalues${i}[0]`,
];

/**
 * Conversions in all: V8 has optimized most of the converter after about 200, and a type checker serves
 * `MAX_USES` programs before a new one is made (which learns the `Tensor` type again, 30–50 ms). Going past that
 * makes the new checker during the warm-up, so the user's cells start on a fresh, warm one (stopping at 200 had
 * the first user cell make it: 38–41 ms instead of 26–27 ms in `npm run bench:kernel`), and 40 past it rather
 * than 10 lets the new checker resolve the tensor methods the made-up cells use: new tensor cells after the
 * warm-up took 3.1–4.0 ms in-process instead of 3.7–5.0 (three alternating runs).
 */
export const WARM_UP_CONVERSIONS = MAX_USES + 40;

/** `TSDL_WARM_UP`'s conversions: a whole number (0 turns the warm-up off), else the default. */
export function warmUpConversions(setting: string | undefined): number | undefined {
  return setting !== undefined && /^\d+$/.test(setting) ? Number(setting) : undefined;
}

export interface IdleWarmUpOptions {
  /** Conversions in all (default `WARM_UP_CONVERSIONS`; 0 turns the warm-up off). */
  total?: number;
  /** Idle time before the first or a resumed conversion (ms). */
  delayMs?: number;
}

export class IdleWarmUp {
  private done = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastActivity = performance.now();
  private readonly total: number;
  private readonly delayMs: number;

  /**
   * `convert` type-checks and compiles a cell without running it; `idle` says whether nothing waits or runs.
   */
  constructor(private readonly convert: (src: string) => void, private readonly idle: () => boolean,
    { total = WARM_UP_CONVERSIONS, delayMs = 50 }: IdleWarmUpOptions = {}) {
    this.total = total;
    this.delayMs = delayMs;
  }

  /** Conversions made so far. */
  get conversions(): number {
    return this.done;
  }

  /** The kernel took or finished a request: conversions wait until it has been idle for `delayMs` again. */
  activity(): void {
    this.lastActivity = performance.now();
  }

  /** (Re)starts converting once the kernel has been idle for `delayMs`, until `total` conversions are done. */
  resume(): void {
    if (this.done >= this.total || this.timer) return;
    this.arm(this.delayMs);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.step(), ms);
    this.timer.unref();
  }

  private step(): void {
    this.timer = null;
    if (this.done >= this.total || !this.idle()) return;
    // A client sending cells one after another leaves the kernel idle for moments only: wait for a real pause.
    const quiet = performance.now() - this.lastActivity;
    if (quiet < this.delayMs) {
      this.arm(this.delayMs - quiet);
      return;
    }
    const cell = WARM_UP_CELLS[this.done % WARM_UP_CELLS.length];
    this.done++;
    try {
      this.convert(cell(this.done));
    } catch {
      // only a speed-up
    }
    if (this.done >= this.total) return;
    // A new task for each conversion, so a request that arrived meanwhile is taken first.
    this.arm(0);
  }

  /** Stops for good (kernel shutdown). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.done = this.total;
  }
}
