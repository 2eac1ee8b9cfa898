import { execFileSync } from 'child_process';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { Module, Parameter } from '../../src/nn';

/** A minimal affine layer for core tests (independent of the layers area): y = x Wᵀ + b. */
export class TinyLinear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, bias = true, fill = 0.1) {
    super();
    this.weight = tf.tidy(() => new Parameter(tf.add(tf.mul(tf.range(0, inFeatures * outFeatures).reshape([outFeatures, inFeatures]), 0.01), fill)));
    this.bias = bias ? tf.tidy(() => new Parameter(tf.zeros([outFeatures]))) : null;
  }
  override forward(x: tf.Tensor): tf.Tensor {
    if (x.shape[x.rank - 1] !== this.inFeatures) {
      throw new Error(`expected input with last dimension ${this.inFeatures}, got shape [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const y = tf.matMul(x, this.weight, false, true);
      return this.bias ? tf.add(y, this.bias) : y;
    });
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? 'True' : 'False'}`;
  }
}

export class TinyReLU extends Module {
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.relu(x);
  }
}

/** Mean squared error. */
export function mse(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);
}

/** Plain SGD step on every parameter with a gradient. */
export function sgdStep(params: Parameter[], lr: number): void {
  tf.tidy(() => {
    for (const p of params) if (p.grad) p.assign(tf.sub(p, tf.mul(p.grad, lr)));
  });
}

export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Runs fn and returns how many tensors it left behind. */
export function leakedTensors(fn: () => void): number {
  const before = tf.memory().numTensors;
  fn();
  return tf.memory().numTensors - before;
}

/**
 * Runs a TypeScript snippet (`script`, with `require` of the project from its root) in a fresh Node process with
 * `env` added to this one's, and returns the JSON it printed last. The process must end by itself within a
 * minute, or the call throws.
 */
export function runScriptInNewProcess<T = Record<string, unknown>>(script: string, env: Record<string, string> = {}): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: path.resolve(__dirname, '..', '..'), env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as T;
}
