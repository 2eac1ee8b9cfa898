import * as tf from '@tensorflow/tfjs';
import type { CustomGradientFunc } from './args';
import { lstmBackwardHost, lstmForwardHost, lstmHostLoopsApply } from './lstm_sequence_host';

/**
 * One direction of one LSTM layer over a whole sequence, as a single differentiable op with a hand-written
 * backward pass through time (what cuDNN and PyTorch's CPU kernel do), instead of letting autodiff record
 * every gate of every step.
 *
 * Inputs: `xp` (L, N, 4H), the input projection W_ih x + b_ih + b_hh of every step (gate order i, f, g, o);
 * `h0`, `c0` (N, H); `whh` (4H, H). Output: (L + 2, N, H) — the L hidden states, then h_L and c_L
 * (one tensor because a custom gradient has one output; `lstmSequence` splits it).
 *
 * Why: on the wasm backend each op costs ~10–20 µs of dispatch and the matMul kernel re-packs its
 * right operand whenever it is a new tensor. Autodiff of the step loop runs ~25 ops per step backward,
 * with two transposed products per step whose operands are new tensors. Here a step is ~11 ops forward
 * and ~9 backward, its products use W_hhᵀ and W_hh themselves (packed once per sequence), and the
 * weight gradient is one (L·N, 4H)ᵀ × (L·N, H) product at the end. On backends with host memory (wasm, cpu)
 * the gate arithmetic around each step's product is one loop (`lstm_sequence_host.ts`; a SIMD kernel on wasm):
 * a step is then one product and one loop each way.
 */
function lstmSequenceOp(xp: tf.Tensor3D, h0: tf.Tensor2D, c0: tf.Tensor2D, whh: tf.Tensor2D): tf.Tensor3D {
  const op = tf.customGrad(((x: tf.Tensor3D, hInit: tf.Tensor2D, cInit: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const [len, , fourH] = x.shape;
    const hidden = fourH / 4;
    const wT = tf.transpose(w) as tf.Tensor2D; // (H, 4H), the same tensor for every step
    if (lstmHostLoopsApply([x, hInit, cInit, w], 'forward')) {
      const host = lstmForwardHost(x, hInit, cInit, wT);
      save([hInit, cInit, w, host.hs, host.cs, host.acts, host.tanhCs]);
      return {
        value: tf.concat([host.hs, tf.expandDims(host.hLast, 0), tf.expandDims(host.cLast, 0)], 0) as tf.Tensor3D,
        gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => backward(dy, saved),
      };
    }
    const steps = tf.unstack(x) as tf.Tensor2D[];
    let h = hInit;
    let c = cInit;
    const hs: tf.Tensor2D[] = [];
    const cs: tf.Tensor2D[] = [];
    const acts: tf.Tensor2D[] = []; // σ(i), σ(f), tanh(g), σ(o) side by side: (N, 4H)
    for (let t = 0; t < len; t++) {
      const z = tf.add(steps[t], tf.matMul(h, wT));
      const s = tf.sigmoid(z);
      const g = tf.tanh(tf.slice(z, [0, 2 * hidden], [-1, hidden]));
      const [i, f, , o] = tf.split(s, 4, 1);
      c = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
      h = tf.mul(o, tf.tanh(c)) as tf.Tensor2D;
      acts.push(tf.concat([i, f, g, o], 1) as tf.Tensor2D);
      hs.push(h);
      cs.push(c);
    }
    const H = tf.stack(hs) as tf.Tensor3D; // (L, N, H)
    const C = tf.stack(cs) as tf.Tensor3D;
    save([hInit, cInit, w, H, C, tf.stack(acts)]);
    return {
      value: tf.concat([H, tf.expandDims(h, 0), tf.expandDims(c, 0)], 0) as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => backward(dy, saved),
    };
  }) as unknown as CustomGradientFunc);
  return op(xp, h0, c0, whh) as tf.Tensor3D;
}

/**
 * The gradients of `lstmSequenceOp` from what its forward pass saved: h0, c0, W_hh, the hidden and cell states,
 * the gate activations and, from the host loops, tanh of the cell states. The host loops run it when they can
 * (not while an outer gradient records: a gradient of this gradient needs tfjs ops).
 */
function backward(dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] {
  const [sh0, sc0, sw, sH, sC, sActs, sTanhC] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D?];
  if (sTanhC && lstmHostLoopsApply([dy, ...saved], 'backward')) {
    return lstmBackwardHost(dy, sh0, sc0, sw, { hs: sH, cs: sC, acts: sActs, tanhCs: sTanhC });
  }
  const [L, N] = sH.shape;
  const Hd = sH.shape[2];
  return tf.tidy(() => {
    const dHs = tf.slice(dy, [0, 0, 0], [L, N, Hd]);
    // Everything that does not depend on the recurrence, for all steps at once.
    const [I, F, G, O] = tf.split(sActs, 4, 2);
    const shifted = (first: tf.Tensor2D, all: tf.Tensor3D) => (L === 1 ? tf.expandDims(first, 0)
      : tf.concat([tf.expandDims(first, 0), tf.slice(all, [0, 0, 0], [L - 1, N, Hd])], 0));
    const Cprev = shifted(sc0, sC); // c_{t−1} for every step
    const Hprev = shifted(sh0, sH);
    const TC = tf.tanh(sC);
    const dcFromDh = tf.mul(O, tf.sub(1, tf.square(TC))); // ∂c-path factor of dh
    const dzoFromDh = tf.mul(TC, tf.mul(O, tf.sub(1, O))); // dz_o = dh ⊙ this
    // dz_{i,f,g} = dc ⊙ [g σ'(i), c_{t−1} σ'(f), i (1 − g²)]
    const dzIfgFromDc = tf.concat([
      tf.mul(G, tf.mul(I, tf.sub(1, I))),
      tf.mul(Cprev, tf.mul(F, tf.sub(1, F))),
      tf.mul(I, tf.sub(1, tf.square(G))),
    ], 2);
    const dHsSteps = tf.unstack(dHs) as tf.Tensor2D[];
    const dcFactor = tf.unstack(dcFromDh) as tf.Tensor2D[];
    const dzoFactor = tf.unstack(dzoFromDh) as tf.Tensor2D[];
    const dzFactor = tf.unstack(dzIfgFromDc) as tf.Tensor2D[];
    const fSteps = tf.unstack(F) as tf.Tensor2D[];
    let dhNext: tf.Tensor2D = tf.squeeze(tf.slice(dy, [L, 0, 0], [1, N, Hd]), [0]) as tf.Tensor2D;
    let dcNext: tf.Tensor2D = tf.squeeze(tf.slice(dy, [L + 1, 0, 0], [1, N, Hd]), [0]) as tf.Tensor2D;
    const dz: tf.Tensor2D[] = new Array(L);
    for (let t = L - 1; t >= 0; t--) {
      const dh = tf.add(dHsSteps[t], dhNext);
      const dc = tf.add(dcNext, tf.mul(dh, dcFactor[t]));
      const dzIfg = tf.mul(tf.concat([dc, dc, dc], 1), dzFactor[t]);
      dz[t] = tf.concat([dzIfg, tf.mul(dh, dzoFactor[t])], 1) as tf.Tensor2D;
      dhNext = tf.matMul(dz[t], sw) as tf.Tensor2D; // (N, 4H) × (4H, H)
      dcNext = tf.mul(dc, fSteps[t]) as tf.Tensor2D;
    }
    const DZ = tf.stack(dz) as tf.Tensor3D; // (L, N, 4H) = gradient of xp
    const dW = tf.matMul(tf.reshape(DZ, [L * N, 4 * Hd]), tf.reshape(Hprev, [L * N, Hd]), true, false);
    return [DZ, dhNext, dcNext, dW];
  });
}

/**
 * Runs one LSTM direction over (L, N, 4H) input projections; returns the hidden states (L, N, H) and
 * the final h and c (N, H). `reverse` walks the sequence from its end (the backward direction of a
 * bidirectional LSTM); the states are still returned in sequence order.
 */
export function lstmSequence(xp: tf.Tensor3D, h0: tf.Tensor2D, c0: tf.Tensor2D, whh: tf.Tensor2D, reverse = false): [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D] {
  const [len, batch] = xp.shape;
  const hidden = h0.shape[1];
  const out = lstmSequenceOp(reverse ? (tf.reverse(xp, 0) as tf.Tensor3D) : xp, h0, c0, whh);
  const hs = tf.slice(out, [0, 0, 0], [len, batch, hidden]) as tf.Tensor3D;
  const hN = tf.reshape(tf.slice(out, [len, 0, 0], [1, batch, hidden]), [batch, hidden]) as tf.Tensor2D;
  const cN = tf.reshape(tf.slice(out, [len + 1, 0, 0], [1, batch, hidden]), [batch, hidden]) as tf.Tensor2D;
  return [reverse ? (tf.reverse(hs, 0) as tf.Tensor3D) : hs, hN, cN];
}
