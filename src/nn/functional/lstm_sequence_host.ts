import * as tf from '@tensorflow/tfjs';
import { hostFloat32Views, onHostMemory, recordingGradients, uninitialized } from '../../backend/host_memory';
import { simdKernels } from '../../backend/simd/simd_kernels';

/**
 * The gate arithmetic of `lstm_sequence.ts` as one loop per time step, on backends whose tensors live in this
 * process's memory: tsdl's SIMD kernel `lstm_gates.wat` on wasm (hidden size 4 or more), JavaScript on cpu (and on wasm without SIMD
 * kernels). Each step keeps one matrix product as a kernel; what the tensor form does around it with ~10 small
 * kernels forward (add, sigmoid, slice, tanh, split, three products, a sum, a concat) and ~8 backward is one pass
 * over the step's N·H values, written straight into the sequence's result tensors. The JavaScript loop computes
 * sigmoid and tanh in double precision and rounds once, the SIMD kernel within 1.5 float32 ulp (tested), so both
 * agree with the tensor form to float32 rounding.
 *
 * Shapes as in `lstm_sequence.ts`: `xp` (L, N, 4H) input projections, gate order i, f, g, o; `h0`, `c0`
 * (N, H); `wT` (H, 4H) = W_hhᵀ, `w` (4H, H) = W_hh.
 */

/** What the forward pass keeps for the backward one. */
export interface LstmHostForward {
  /** Hidden states (L, N, H). */
  hs: tf.Tensor3D;
  /** Cell states (L, N, H). */
  cs: tf.Tensor3D;
  /** tanh of the cell states (L, N, H). */
  tanhCs: tf.Tensor3D;
  /** σ(i), σ(f), tanh(g), σ(o) side by side (L, N, 4H). */
  acts: tf.Tensor3D;
  /** h_L and c_L (N, H). */
  hLast: tf.Tensor2D;
  cLast: tf.Tensor2D;
}

/**
 * Whether the loops can run on `tensors`: float32 on host memory. The backward loop also needs no outer
 * gradient to be recording (a gradient of this gradient differentiates tfjs ops); the forward one is inside
 * the op's custom gradient, which tfjs never differentiates through, so it runs while one records.
 */
export function lstmHostLoopsApply(tensors: tf.Tensor[], direction: 'forward' | 'backward'): boolean {
  return enabled && (direction === 'forward' || !recordingGradients()) && onHostMemory(tensors);
}

let enabled = true;

/** Turns the loops off (the tensor-op form runs everywhere) or back on: for tests and A/B benchmarks. */
export function useLstmHostLoops(on: boolean): void {
  enabled = on;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Runs the recurrence forward over all L steps. */
export function lstmForwardHost(xp: tf.Tensor3D, h0: tf.Tensor2D, c0: tf.Tensor2D, wT: tf.Tensor2D): LstmHostForward {
  const [len, n, fourH] = xp.shape;
  const hidden = fourH / 4;
  const nh = n * hidden;
  const hs = uninitialized([len, n, hidden]) as tf.Tensor3D;
  const cs = uninitialized([len, n, hidden]) as tf.Tensor3D;
  const tanhCs = uninitialized([len, n, hidden]) as tf.Tensor3D;
  const acts = uninitialized([len, n, fourH]) as tf.Tensor3D;
  const simd = hidden >= 4 ? simdKernels('lstmGates') : null;
  let h: tf.Tensor2D = h0;
  for (let t = 0; t < len; t++) {
    const hw = tf.matMul(h, wT); // (N, 4H)
    const hNext = uninitialized([n, hidden]) as tf.Tensor2D;
    // Views after the last allocation: wasm memory may have grown and moved.
    const [x, r, H, C, TC, A, hOut, cInit] = hostFloat32Views([xp, hw, hs, cs, tanhCs, acts, hNext, c0]) as Float32Array[];
    const xBase = t * n * fourH;
    const sBase = t * nh;
    const cPrev = t === 0 ? cInit : C;
    const cPrevBase = t === 0 ? 0 : sBase - nh;
    if (simd) {
      simd.lstmForwardStep(x.byteOffset + 4 * xBase, r.byteOffset, cPrev.byteOffset + 4 * cPrevBase, A.byteOffset + 4 * xBase,
        C.byteOffset + 4 * sBase, TC.byteOffset + 4 * sBase, H.byteOffset + 4 * sBase, hOut.byteOffset, n, hidden);
    } else for (let b = 0; b < n; b++) {
      const row = b * fourH;
      for (let k = 0; k < hidden; k++) {
        const zi = x[xBase + row + k] + r[row + k];
        const zf = x[xBase + row + hidden + k] + r[row + hidden + k];
        const zg = x[xBase + row + 2 * hidden + k] + r[row + 2 * hidden + k];
        const zo = x[xBase + row + 3 * hidden + k] + r[row + 3 * hidden + k];
        const i = Math.fround(sigmoid(Math.fround(zi)));
        const f = Math.fround(sigmoid(Math.fround(zf)));
        const g = Math.fround(Math.tanh(Math.fround(zg)));
        const o = Math.fround(sigmoid(Math.fround(zo)));
        const s = b * hidden + k;
        const c = Math.fround(f * cPrev[cPrevBase + s] + i * g);
        const tc = Math.fround(Math.tanh(c));
        const hv = o * tc;
        const a = xBase + row + k;
        A[a] = i;
        A[a + hidden] = f;
        A[a + 2 * hidden] = g;
        A[a + 3 * hidden] = o;
        C[sBase + s] = c;
        TC[sBase + s] = tc;
        H[sBase + s] = hv;
        hOut[s] = hv;
      }
    }
    hw.dispose();
    if (h !== h0) h.dispose();
    h = hNext;
  }
  h.dispose();
  const last = Math.max(len - 1, 0);
  const hLast = len === 0 ? h0.clone() : tf.reshape(tf.slice(hs, [last, 0, 0], [1, n, hidden]), [n, hidden]) as tf.Tensor2D;
  const cLast = len === 0 ? c0.clone() : tf.reshape(tf.slice(cs, [last, 0, 0], [1, n, hidden]), [n, hidden]) as tf.Tensor2D;
  return { hs, cs, tanhCs, acts, hLast, cLast };
}

/**
 * Backpropagation through time: `dy` (L + 2, N, H) is the gradient of the op's output (the L hidden states,
 * then h_L and c_L). Returns the gradients of xp (L, N, 4H), h0, c0 (N, H) and W_hh (4H, H).
 */
export function lstmBackwardHost(dy: tf.Tensor3D, h0: tf.Tensor2D, c0: tf.Tensor2D, w: tf.Tensor2D,
  saved: Pick<LstmHostForward, "hs" | "cs" | "tanhCs" | "acts">): tf.Tensor[] {
  const { hs, cs, tanhCs, acts } = saved;
  const [len, n, hidden] = hs.shape;
  const fourH = 4 * hidden;
  const nh = n * hidden;
  const dz = uninitialized([len, n, fourH]) as tf.Tensor3D;
  const simd = hidden >= 4 ? simdKernels('lstmGates') : null;
  // ∂loss/∂h and ∂loss/∂c carried from step t to t − 1. The SIMD kernel needs them in wasm memory: there the
  // carried dh is the last step's product, and dc goes back and forth between two tensors (read one, write the other).
  let dcIn = simd ? uninitialized([n, hidden]) as tf.Tensor2D : null;
  let dcOut = simd ? uninitialized([n, hidden]) as tf.Tensor2D : null;
  const dhCarry = new Float32Array(nh);
  const dcCarry = new Float32Array(nh);
  let dhTensor: tf.Tensor | null = null;
  {
    const [D, DC] = hostFloat32Views(dcIn ? [dy, dcIn] : [dy]) as Float32Array[];
    (DC ?? dcCarry).set(D.subarray((len + 1) * nh, (len + 2) * nh));
    dhCarry.set(D.subarray(len * nh, (len + 1) * nh));
  }
  for (let t = len - 1; t >= 0; t--) {
    const dzStep = uninitialized([n, fourH]) as tf.Tensor2D;
    const sBase = t * nh;
    const aBase = t * n * fourH;
    if (simd && dcIn && dcOut) {
      const [D, C, TC, A, DZ, dzOut, cInit, DCI, DCO, DH] = hostFloat32Views([dy, cs, tanhCs, acts, dz, dzStep, c0, dcIn, dcOut, dhTensor ?? dy]) as Float32Array[];
      const cPrev = t === 0 ? cInit.byteOffset : C.byteOffset + 4 * (sBase - nh);
      const carried = dhTensor ? DH.byteOffset : D.byteOffset + 4 * len * nh;
      simd.lstmBackwardStep(D.byteOffset + 4 * sBase, carried, DCI.byteOffset, DCO.byteOffset, cPrev, TC.byteOffset + 4 * sBase,
        A.byteOffset + 4 * aBase, DZ.byteOffset + 4 * aBase, dzOut.byteOffset, n, hidden);
      [dcIn, dcOut] = [dcOut, dcIn];
    } else {
      const [D, C, TC, A, DZ, dzOut, cInit] = hostFloat32Views([dy, cs, tanhCs, acts, dz, dzStep, c0]) as Float32Array[];
      const cPrev = t === 0 ? cInit : C;
      const cPrevBase = t === 0 ? 0 : sBase - nh;
      for (let b = 0; b < n; b++) {
        const row = b * fourH;
        for (let k = 0; k < hidden; k++) {
          const s = b * hidden + k;
          const a = aBase + row + k;
          const i = A[a], f = A[a + hidden], g = A[a + 2 * hidden], o = A[a + 3 * hidden];
          const tc = TC[sBase + s];
          const dh = Math.fround(D[sBase + s] + dhCarry[s]);
          const dc = Math.fround(dcCarry[s] + dh * Math.fround(o * Math.fround(1 - tc * tc)));
          const zi = Math.fround(dc * Math.fround(g * Math.fround(i * (1 - i))));
          const zf = Math.fround(dc * Math.fround(cPrev[cPrevBase + s] * Math.fround(f * (1 - f))));
          const zg = Math.fround(dc * Math.fround(i * Math.fround(1 - g * g)));
          const zo = Math.fround(dh * Math.fround(tc * Math.fround(o * (1 - o))));
          DZ[a] = zi; DZ[a + hidden] = zf; DZ[a + 2 * hidden] = zg; DZ[a + 3 * hidden] = zo;
          dzOut[row + k] = zi; dzOut[row + hidden + k] = zf; dzOut[row + 2 * hidden + k] = zg; dzOut[row + 3 * hidden + k] = zo;
          dcCarry[s] = Math.fround(dc * f);
        }
      }
    }
    const dhPrev = tf.matMul(dzStep, w); // (N, 4H) × (4H, H)
    dzStep.dispose();
    if (simd) {
      dhTensor?.dispose();
      dhTensor = dhPrev;
    } else {
      dhCarry.set(hostFloat32Views([dhPrev])![0]);
      dhPrev.dispose();
    }
  }
  // h_{t−1} for every step, then dW = Σ_t dz_tᵀ h_{t−1}: one (L·N, 4H)ᵀ × (L·N, H) product.
  const hPrev = uninitialized([len, n, hidden]);
  {
    const [H, P, hInit] = hostFloat32Views([hs, hPrev, h0]) as Float32Array[];
    P.set(hInit, 0);
    if (len > 1) P.set(H.subarray(0, (len - 1) * nh), nh);
  }
  const dW = tf.matMul(tf.reshape(dz, [len * n, fourH]), tf.reshape(hPrev, [len * n, hidden]), true, false);
  hPrev.dispose();
  dcOut?.dispose();
  const dh0 = dhTensor ?? tf.tensor2d(dhCarry, [n, hidden]);
  const dc0 = dcIn ?? tf.tensor2d(dcCarry, [n, hidden]);
  return [dz, dh0, dc0, dW];
}
