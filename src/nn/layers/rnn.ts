/**
 * Recurrent layers `nn.RNN`, `nn.LSTM`, `nn.GRU` with PyTorch's equations, gate order, parameter names
 * (`weight_ih_l0`, `weight_hh_l0_reverse`, `bias_ih_l1`, ...) and initialisation U(−1/√hidden, 1/√hidden),
 * so state dicts map one to one with PyTorch's.
 *
 * Equations (x input, h hidden state, c cell state, σ sigmoid, ⊙ element-wise product):
 * - RNN:  h' = tanh(W_ih x + b_ih + W_hh h + b_hh)   (or relu)
 * - LSTM: i, f, g, o = σ, σ, tanh, σ of (W_ih x + b_ih + W_hh h + b_hh) split in 4 (that order);
 *         c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh(c')
 * - GRU:  r, z = σ(W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z});
 *         n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn));  h' = (1 − z) ⊙ n + z ⊙ h
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { dropout } from '../functional/dropout';
import { lstmSequence } from '../functional/lstm_sequence';
import { shapeText } from '../functional/args';
import { emptyParameter, positiveInt } from './parameters';
import { moduleLabel, pyBool } from './repr';

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

export interface RNNBaseOptions {
  /** Stacked layers. Default 1. */
  numLayers?: number;
  /** Use b_ih and b_hh. Default true. */
  bias?: boolean;
  /** Input and output are (N, L, H) instead of (L, N, H). Default false. */
  batchFirst?: boolean;
  /** Dropout on the outputs of each layer but the last (training only). Default 0. */
  dropout?: number;
  /** Also run the sequence backwards and concatenate. Default false. */
  bidirectional?: boolean;
}

export interface RNNOptions extends RNNBaseOptions {
  /** Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Shared machinery of RNN, LSTM and GRU (PyTorch's RNNBase). */
abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;

  protected constructor(mode: Mode, inputSize: number, hiddenSize: number, options: RNNBaseOptions) {
    super();
    const where = this.constructor.name;
    this.mode = mode;
    this.inputSize = positiveInt(inputSize, 'inputSize', where);
    this.hiddenSize = positiveInt(hiddenSize, 'hiddenSize', where);
    this.numLayers = positiveInt(options.numLayers ?? 1, 'numLayers', where);
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    this.bidirectional = options.bidirectional ?? false;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new Error(`${where}: dropout should be a number in range [0, 1], got ${this.dropout}`);
    const gates = mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
    const dirs = this.bidirectional ? 2 : 1;
    const self = this as unknown as Record<string, Parameter>;
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const layerInput = layer === 0 ? inputSize : hiddenSize * dirs;
        self[`weight_ih${suffix}`] = emptyParameter([gates * hiddenSize, layerInput]);
        self[`weight_hh${suffix}`] = emptyParameter([gates * hiddenSize, hiddenSize]);
        if (this.bias) {
          self[`bias_ih${suffix}`] = emptyParameter([gates * hiddenSize]);
          self[`bias_hh${suffix}`] = emptyParameter([gates * hiddenSize]);
        }
      }
    }
    this.resetParameters();
  }

  /** Every weight and bias from U(−1/√hiddenSize, 1/√hiddenSize). */
  resetParameters(): void {
    const stdv = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters(false)) init.uniform_(p, -stdv, stdv);
  }

  private param(name: string): Parameter | null {
    return ((this as unknown as Record<string, Parameter | undefined>)[name]) ?? null;
  }

  /** One step of the cell: new hidden (and cell) state from the projected input xp = W_ih x + b_ih. */
  private cell(xp: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D | null, whh: tf.Tensor, bhh: tf.Tensor | null): [tf.Tensor2D, tf.Tensor2D | null] {
    let hp = tf.matMul(h, whh, false, true) as tf.Tensor2D;
    if (bhh) hp = tf.add(hp, bhh);
    switch (this.mode) {
      case 'RNN_TANH':
        return [tf.tanh(tf.add(xp, hp)) as tf.Tensor2D, null];
      case 'RNN_RELU':
        return [tf.relu(tf.add(xp, hp)) as tf.Tensor2D, null];
      case 'LSTM': {
        const [i, f, g, o] = tf.split(tf.add(xp, hp), 4, 1);
        const c2 = tf.add(tf.mul(tf.sigmoid(f), c as tf.Tensor2D), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
        return [tf.mul(tf.sigmoid(o), tf.tanh(c2)) as tf.Tensor2D, c2];
      }
      case 'GRU': {
        const [xr, xz, xn] = tf.split(xp, 3, 1);
        const [hr, hz, hn] = tf.split(hp, 3, 1);
        const r = tf.sigmoid(tf.add(xr, hr));
        const z = tf.sigmoid(tf.add(xz, hz));
        const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
        return [tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D, null];
      }
    }
  }

  /** Runs the stacked (bi)directional recurrence on (L, N, H_in); returns (L, N, D·H) and final states. */
  protected run(input: tf.Tensor3D, h0: tf.Tensor3D, c0: tf.Tensor3D | null): [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D | null] {
    const [len, batch] = input.shape;
    const dirs = this.bidirectional ? 2 : 1;
    const hN: tf.Tensor2D[] = [];
    const cN: tf.Tensor2D[] = [];
    let layerInput: tf.Tensor3D = input;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outputs: tf.Tensor3D[] = [];
      for (let d = 0; d < dirs; d++) {
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const wih = this.param(`weight_ih${suffix}`) as Parameter;
        const whh = this.param(`weight_hh${suffix}`) as Parameter;
        const bih = this.param(`bias_ih${suffix}`);
        const bhh = this.param(`bias_hh${suffix}`);
        const inSize = layerInput.shape[2];
        let proj = tf.matMul(tf.reshape(layerInput, [len * batch, inSize]), wih, false, true);
        // Except in GRU (whose b_hn sits inside r ⊙ (W_hn h + b_hn)), b_hh is added to every step's
        // pre-activation like b_ih, so both are added once to the whole sequence's projection: two fewer
        // operations per time step, forward and backward.
        const foldHiddenBias = this.mode !== 'GRU' && bhh !== null;
        const inputBias = foldHiddenBias ? (bih ? tf.add(bih, bhh as Parameter) : bhh) : bih;
        if (inputBias) proj = tf.add(proj, inputBias);
        const index = layer * dirs + d;
        let h = tf.squeeze(tf.slice(h0, [index, 0, 0], [1, batch, this.hiddenSize]), [0]) as tf.Tensor2D;
        let c = c0 ? (tf.squeeze(tf.slice(c0, [index, 0, 0], [1, batch, this.hiddenSize]), [0]) as tf.Tensor2D) : null;
        if (this.mode === 'LSTM' && c !== null) {
          // The whole sequence as one op with its own backward pass (lstm_sequence.ts).
          const [hsAll, hLast, cLast] = lstmSequence(tf.reshape(proj, [len, batch, -1]) as tf.Tensor3D, h, c, whh as unknown as tf.Tensor2D, d === 1);
          hN.push(hLast);
          cN.push(cLast);
          outputs.push(hsAll);
          continue;
        }
        // tfjs's Unpack gradient fails when unstack has a single output (it gets one tensor, not a list).
        const steps = (len === 1 ? [tf.reshape(proj, [batch, -1])] : tf.unstack(tf.reshape(proj, [len, batch, -1]))) as tf.Tensor2D[];
        const hs: tf.Tensor2D[] = new Array(len);
        for (let s = 0; s < len; s++) {
          const t = d === 0 ? s : len - 1 - s;
          [h, c] = this.cell(steps[t], h, c, whh, foldHiddenBias ? null : bhh);
          hs[t] = h;
        }
        hN.push(h);
        if (c) cN.push(c);
        outputs.push(tf.stack(hs) as tf.Tensor3D);
      }
      layerInput = (dirs === 1 ? outputs[0] : tf.concat(outputs, 2)) as tf.Tensor3D;
      if (layer < this.numLayers - 1 && this.dropout > 0) layerInput = dropout(layerInput, this.dropout, this.training) as tf.Tensor3D;
    }
    return [layerInput, tf.stack(hN) as tf.Tensor3D, c0 ? (tf.stack(cN) as tf.Tensor3D) : null];
  }

  /** Validates the input; returns it as (L, N, H_in) and whether it was unbatched. */
  protected prepareInput(input: tf.Tensor): [tf.Tensor3D, boolean] {
    if (input.rank !== 2 && input.rank !== 3) {
      throw new Error(`${moduleLabel(this)}: expected a 3-d input ${this.batchFirst ? '(N, L, H_in)' : '(L, N, H_in)'} or a 2-d unbatched input (L, H_in), got shape ${shapeText(input.shape)}`);
    }
    if (input.shape[input.rank - 1] !== this.inputSize) {
      throw new Error(`${moduleLabel(this)}: expected input with last dimension (input size) ${this.inputSize}, got shape ${shapeText(input.shape)}`);
    }
    if (input.dtype !== 'float32') throw new Error(`${moduleLabel(this)}: expected a float32 input, got dtype ${input.dtype}`);
    if (input.rank === 2) return [tf.expandDims(input, 1) as tf.Tensor3D, true];
    return [(this.batchFirst ? tf.transpose(input, [1, 0, 2]) : input) as tf.Tensor3D, false];
  }

  /** Checks/creates an initial state of shape (D·numLayers, N, H). */
  protected prepareState(state: tf.Tensor | null | undefined, batch: number, unbatched: boolean, name: string): tf.Tensor3D {
    const layers = this.numLayers * (this.bidirectional ? 2 : 1);
    if (!state) return tf.zeros([layers, batch, this.hiddenSize]);
    const expected = unbatched ? [layers, this.hiddenSize] : [layers, batch, this.hiddenSize];
    if (!tf.util.arraysEqual(state.shape, expected)) {
      throw new Error(`${moduleLabel(this)}: expected ${name} of shape ${shapeText(expected)}, got ${shapeText(state.shape)}`);
    }
    return (unbatched ? tf.expandDims(state, 1) : state) as tf.Tensor3D;
  }

  /** Restores the user's layout of the output and states. */
  protected finishOutput(out: tf.Tensor3D, unbatched: boolean): tf.Tensor {
    if (unbatched) return tf.squeeze(out, [1]);
    return this.batchFirst ? tf.transpose(out, [1, 0, 2]) : out;
  }

  protected finishState(state: tf.Tensor3D, unbatched: boolean): tf.Tensor {
    return unbatched ? tf.squeeze(state, [1]) : state;
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${this.dropout}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

/**
 * Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu).
 *
 * forward(input, h0?) → [output, h_n]. Shapes: input (L, N, H_in) (batchFirst: (N, L, H_in)) or
 * (L, H_in); h0 (D·numLayers, N, H_out); output (L, N, D·H_out); h_n (D·numLayers, N, H_out), D = 2 if
 * bidirectional.
 *
 * ```ts
 * const rnn = new nn.RNN(10, 20, { numLayers: 2 });
 * const [output, hn] = rnn.forward(tf.randomNormal([5, 3, 10]));
 * ```
 */
export class RNN extends RNNBase {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nl = options.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`RNN: unknown nonlinearity '${String(nl)}' (use 'tanh' or 'relu')`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nl;
  }

  override forward(input: tf.Tensor, hx?: tf.Tensor | null): [tf.Tensor, tf.Tensor] {
    return tf.tidy(() => {
      const [x, unbatched] = this.prepareInput(input);
      const h0 = this.prepareState(hx, x.shape[1], unbatched, 'hx');
      const [out, hn] = this.run(x, h0, null);
      return [this.finishOutput(out, unbatched), this.finishState(hn, unbatched)];
    }) as [tf.Tensor, tf.Tensor];
  }
}

/**
 * Long short-term memory.
 *
 * forward(input, [h0, c0]?) → [output, [h_n, c_n]]. Shapes as RNN; c0 and c_n like h0 and h_n.
 *
 * ```ts
 * const lstm = new nn.LSTM(1, 32, { batchFirst: true });
 * const [out, [hn, cn]] = lstm.forward(x);     // x: (N, L, 1)
 * ```
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNBaseOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options);
  }

  override forward(input: tf.Tensor, hx?: [tf.Tensor, tf.Tensor] | null): [tf.Tensor, [tf.Tensor, tf.Tensor]] {
    if (hx !== undefined && hx !== null && (!Array.isArray(hx) || hx.length !== 2)) {
      throw new Error(`${moduleLabel(this)}: the initial state must be a pair [h0, c0]`);
    }
    const res = tf.tidy(() => {
      const [x, unbatched] = this.prepareInput(input);
      const h0 = this.prepareState(hx?.[0], x.shape[1], unbatched, 'h0');
      const c0 = this.prepareState(hx?.[1], x.shape[1], unbatched, 'c0');
      const [out, hn, cn] = this.run(x, h0, c0);
      return [this.finishOutput(out, unbatched), this.finishState(hn, unbatched), this.finishState(cn as tf.Tensor3D, unbatched)];
    });
    return [res[0], [res[1], res[2]]];
  }
}

/**
 * Gated recurrent unit.
 *
 * forward(input, h0?) → [output, h_n]. Shapes as RNN.
 *
 * ```ts
 * const gru = new nn.GRU(8, 16, { bidirectional: true });
 * ```
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNBaseOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }

  override forward(input: tf.Tensor, hx?: tf.Tensor | null): [tf.Tensor, tf.Tensor] {
    return tf.tidy(() => {
      const [x, unbatched] = this.prepareInput(input);
      const h0 = this.prepareState(hx, x.shape[1], unbatched, 'hx');
      const [out, hn] = this.run(x, h0, null);
      return [this.finishOutput(out, unbatched), this.finishState(hn, unbatched)];
    }) as [tf.Tensor, tf.Tensor];
  }
}
