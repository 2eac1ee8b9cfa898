import * as tf from '@tensorflow/tfjs';

/** Options of `keras.AdamW` (Keras's names and defaults, camelCased). */
export interface KerasAdamWOptions {
  /** Learning rate. Default 0.001. */
  learningRate?: number;
  /** Decoupled weight decay. Default 0.004 (Keras's default; PyTorch's AdamW uses 0.01). */
  weightDecay?: number;
  /** Decay of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-7 (Keras). */
  epsilon?: number;
  /**
   * Variables whose name contains one of these strings are not decayed, e.g. `['bias']` (Keras's
   * `exclude_from_weight_decay`). Default: every trained variable is decayed.
   */
  excludeFromWeightDecay?: string[];
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter) for tfjs-layers models, like
 * `keras.optimizers.AdamW`: before each Adam update every trained variable is shrunk,
 * v ← v - learningRate · weightDecay · v. Usable wherever tfjs takes an optimizer.
 *
 * ```ts
 * model.compile({ optimizer: new keras.AdamW({ learningRate: 1e-3, weightDecay: 1e-2 }), loss: 'meanSquaredError' });
 * ```
 */
export class AdamW extends tf.AdamOptimizer {
  /** @nocollapse */
  static override get className(): string {
    return 'AdamW';
  }

  weightDecay: number;
  readonly excludeFromWeightDecay: string[];

  constructor(options: KerasAdamWOptions = {}) {
    const { learningRate = 0.001, weightDecay = 0.004, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = options;
    if (!(learningRate >= 0)) throw new Error(`keras.AdamW: learningRate must be >= 0, got ${learningRate}`);
    if (!(weightDecay >= 0)) throw new Error(`keras.AdamW: weightDecay must be >= 0, got ${weightDecay}`);
    super(learningRate, beta1, beta2, epsilon);
    this.weightDecay = weightDecay;
    this.excludeFromWeightDecay = [...(options.excludeFromWeightDecay ?? [])];
  }

  /** The current learning rate (callbacks change it). */
  getLearningRate(): number {
    return this.learningRate;
  }

  /** Sets the learning rate used by the next updates. */
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v: { name: string }) => v.name) : Object.keys(variableGradients);
    const factor = 1 - this.learningRate * this.weightDecay;
    if (this.weightDecay !== 0) {
      const registered = tf.engine().registeredVariables;
      tf.tidy(() => {
        for (const name of names) {
          const variable = registered[name];
          if (variable === undefined || !variable.trainable) continue;
          if (this.excludeFromWeightDecay.some((part) => name.includes(part))) continue;
          variable.assign(tf.mul(variable, factor));
        }
      });
    }
    super.applyGradients(variableGradients);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay, excludeFromWeightDecay: this.excludeFromWeightDecay };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({
      learningRate: config.learningRate,
      beta1: config.beta1,
      beta2: config.beta2,
      epsilon: config.epsilon,
      weightDecay: config.weightDecay,
      excludeFromWeightDecay: config.excludeFromWeightDecay,
    } as never);
  }
}

tf.serialization.registerClass(AdamW);
