import * as tf from '@tensorflow/tfjs';

const PARAMETER_BRAND = Symbol.for('tsdl.Parameter');

/**
 * A tensor that is a learnable weight of a module, like `torch.nn.Parameter`.
 *
 * It is a `tf.Variable` (so every tfjs op accepts it) with two additions:
 * - `requiresGrad` (maps to tfjs `trainable`): frozen parameters (`false`) get no gradient and are skipped
 *   by optimizers;
 * - `grad`: the gradient filled by `backward`, a tensor owned by the parameter (the library disposes it
 *   when it is replaced or cleared by `zeroGrad`); `null` before any backward pass.
 *
 * A parameter is updated in place with `p.assign(newValue)` (same shape and dtype).
 *
 * The parameter takes over `tensor`: it keeps the data (no copy) and disposes the `tensor` handle, so
 * `new nn.Parameter(tf.zeros([3]))` leaks nothing. To keep using a tensor of your own, pass `t.clone()`.
 * (A `tf.Variable` or another Parameter is copied and left alone.)
 *
 * ```ts
 * const w = new nn.Parameter(tf.zeros([3, 4]));      // shape [3, 4], requiresGrad = true
 * const frozen = new nn.Parameter(tf.ones([4]), false);
 * ```
 */
export class Parameter<R extends tf.Rank = tf.Rank> extends tf.Variable<R> {
  /** The accumulated gradient, same shape as the parameter, or `null`. Owned by the parameter. */
  grad: tf.Tensor | null = null;

  constructor(tensor: tf.Tensor<R>, requiresGrad = true) {
    if (!(tensor instanceof tf.Tensor)) {
      throw new TypeError(`nn.Parameter: expected a tf.Tensor, got ${describe(tensor)}`);
    }
    if (tensor.isDisposed) {
      throw new Error('nn.Parameter: the given tensor is already disposed');
    }
    if (requiresGrad && tensor.dtype !== 'float32') {
      throw new TypeError(
        `nn.Parameter: only float32 tensors can require gradients, got dtype ${tensor.dtype} ` +
          `(pass requiresGrad = false, or cast with tensor.toFloat())`,
      );
    }
    // Mirror what tf.variable() does (engine.makeVariable), so tfjs treats this exactly as a variable.
    const engine = tf.engine() as unknown as {
      nextTensorId(): number;
      nextVariableId(): number;
      incRef(t: tf.Tensor, backend: unknown): void;
      backend: unknown;
      state: { registeredVariables: Record<string, tf.Variable> };
    };
    const name = `tsdl_parameter_${engine.nextVariableId()}`;
    super(tensor, requiresGrad, name, engine.nextTensorId());
    Object.defineProperty(this, PARAMETER_BRAND, { value: true });
    engine.state.registeredVariables[name] = this as unknown as tf.Variable;
    engine.incRef(this, engine.backend);
    // Take over the data: the caller's handle goes, the buffer lives on (reference counted) in the parameter.
    if (!(tensor instanceof tf.Variable)) tensor.dispose();
  }

  /** Whether gradients are computed for this parameter (tfjs `trainable`). */
  get requiresGrad(): boolean {
    return this.trainable;
  }

  set requiresGrad(flag: boolean) {
    if (flag && this.dtype !== 'float32') {
      throw new TypeError(`Parameter.requiresGrad: only float32 parameters can require gradients (dtype ${this.dtype})`);
    }
    this.trainable = flag;
  }

  /** Sets `requiresGrad` and returns the parameter (PyTorch's `requires_grad_`). */
  requiresGrad_(flag = true): this {
    this.requiresGrad = flag;
    return this;
  }

  /** Disposes `.grad` and sets it to `null`. */
  clearGrad(): void {
    if (this.grad !== null) {
      this.grad.dispose();
      this.grad = null;
    }
  }

  /** Frees the parameter and its gradient. */
  override dispose(): void {
    if (this.isDisposed) return;
    this.clearGrad();
    super.dispose();
  }

  /** Like PyTorch: `Parameter containing:` followed by the values. */
  override toString(verbose = false): string {
    return `Parameter containing:\n${super.toString(verbose)}`;
  }
}

// tf.Variable answers `instanceof` by duck typing, which would make every variable a Parameter; use the brand.
Object.defineProperty(Parameter, Symbol.hasInstance, { value: (value: unknown) => isParameter(value) });

/** True when `value` is an `nn.Parameter` (a plain `tf.Variable` is not). */
export function isParameter(value: unknown): value is Parameter {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PARAMETER_BRAND] === true;
}

/** A short description of any value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (value instanceof tf.Tensor) return `tensor of shape [${value.shape.join(', ')}] and dtype ${value.dtype}`;
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}
