/**
 * What `tsdl.backward` does when the loss is NaN or ±Infinity:
 * - 'warn' (default): prints one warning (until the loss is finite again) and still fills the gradients,
 *   so a diverging run can be watched, as in PyTorch;
 * - 'error': throws before touching any gradient (PyTorch's `torch.autograd.set_detect_anomaly(True)`
 *   finds NaNs in the backward pass; here the check is on the loss);
 * - 'ignore': no check.
 */
export type NonFiniteLossMode = 'warn' | 'error' | 'ignore';

let mode: NonFiniteLossMode = 'warn';
let warned = false;

/** Sets what `backward` does on a NaN/Inf loss; returns the previous mode. */
export function setNonFiniteLossMode(newMode: NonFiniteLossMode): NonFiniteLossMode {
  if (newMode !== 'warn' && newMode !== 'error' && newMode !== 'ignore') {
    throw new TypeError(`setNonFiniteLossMode: expected 'warn', 'error' or 'ignore', got ${String(newMode)}`);
  }
  const previous = mode;
  mode = newMode;
  warned = false;
  return previous;
}

/** `detectAnomaly(true)` makes a NaN/Inf loss an error; `detectAnomaly(false)` goes back to warnings. */
export function detectAnomaly(enabled = true): void {
  setNonFiniteLossMode(enabled ? 'error' : 'warn');
}

/** The error thrown (in 'error' mode) for a NaN or infinite loss. */
export class NonFiniteLossError extends Error {
  constructor(readonly value: number) {
    super(
      `backward: the loss is ${value}. Usual causes: a learning rate that is too high (the weights diverged), ` +
        'log(0) or division by zero in a custom loss, or NaN values in the input data. ' +
        'Gradients were not changed.',
    );
    this.name = 'NonFiniteLossError';
  }
}

/** Applies the current mode to a loss value; throws in 'error' mode. */
export function checkLossValue(value: number): void {
  if (mode === 'ignore') return;
  if (Number.isFinite(value)) {
    warned = false;
    return;
  }
  if (mode === 'error') throw new NonFiniteLossError(value);
  if (!warned) {
    warned = true;
    console.warn(
      `tsdl.backward: the loss is ${value} (NaN/Inf); the gradients are not usable. ` +
        "Call tsdl.detectAnomaly(true) to make this an error. (Shown once until the loss is finite again.)",
    );
  }
}
