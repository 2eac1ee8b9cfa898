import { onnxModel, onnxNode, type OnnxNode } from './onnx_graph';
import { nchwcApplies, nchwcConvolution } from './nchwc_convolution';

/**
 * The ONNX graphs behind tsdl's native kernels. First those of tfjs's convolution and matrix-product kernels, in
 * tfjs's layouts: NHWC images, HWIO filters ([kernel height, kernel width, in channels, out channels]); ONNX
 * convolves NCHW images with OIHW filters, so each graph transposes on the way in and out. Their dimensions are all
 * symbolic; what a model fixes is in its arguments, which make its cache key. Then those of `F.conv2d` in PyTorch's
 * layout (`ConvNchwGeometry`), which need no transposes and fix everything but the batch size.
 */

/** [top, bottom, left, right] padding, as tfjs's `padInfo` has it. */
export type Pads = { top: number; bottom: number; left: number; right: number };

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];
/** HWIO → OIHW. */
const HWIO_TO_OIHW = [3, 2, 0, 1];

/** ONNX's pads attribute: all begins, then all ends. */
const onnxPads = (p: Pads): number[] => [p.top, p.left, p.bottom, p.right];

/**
 * y = conv2d(x, filter): x [N, H, W, C], filter [KH, KW, C, O] → y [N, OH, OW, O]. With `blocked` (ONNX Runtime's
 * block size and the channel counts, which then belong to the model), a convolution whose input channels fit the
 * blocks runs blocked (`nchwc_convolution.ts`), its reorders reading and writing NHWC: no transposes of x or y.
 */
export function conv2dModel(strides: [number, number], dilations: [number, number], pads: Pads,
  blocked?: { blockSize: number; inChannels: number; outChannels: number; kernel: [number, number] }): Uint8Array {
  const conv = blocked && nchwcConvolution(blocked.blockSize, {
    input: 'x', weight: 'w', output: 'y', inChannels: blocked.inChannels, outChannels: blocked.outChannels, kernel: blocked.kernel,
    attributes: { strides, dilations, pads: onnxPads(pads) }, channelsLast: true,
  });
  if (conv) {
    return onnxModel({
      nodes: [onnxNode('Transpose', ['filter'], ['w'], { perm: HWIO_TO_OIHW }), ...conv.nodes],
      constants: conv.constants,
      inputs: [['x', ['N', 'H', 'W', blocked.inChannels]], ['filter', [...blocked.kernel, blocked.inChannels, blocked.outChannels]]],
      outputs: [['y', ['N', 'OH', 'OW', blocked.outChannels]]],
    });
  }
  return onnxModel({
    nodes: [
      onnxNode('Transpose', ['x'], ['x_nchw'], { perm: TO_NCHW }),
      onnxNode('Transpose', ['filter'], ['w'], { perm: HWIO_TO_OIHW }),
      onnxNode('Conv', ['x_nchw', 'w'], ['y_nchw'], { strides, dilations, pads: onnxPads(pads) }),
      onnxNode('Transpose', ['y_nchw'], ['y'], { perm: TO_NHWC }),
    ],
    inputs: [['x', ['N', 'H', 'W', 'C']], ['filter', ['KH', 'KW', 'C', 'O']]],
    outputs: [['y', ['N', 'OH', 'OW', 'O']]],
  });
}

/**
 * dx = the gradient of conv2d with respect to its input, a transposed convolution of dy: dy [N, OH, OW, O],
 * filter [KH, KW, C, O] → dx [N, H, W, C]. `outputPadding` adds the rows/columns the forward convolution's
 * stride skipped at the bottom/right.
 */
export function conv2dInputGradModel(strides: [number, number], pads: Pads, outputPadding: [number, number]): Uint8Array {
  return onnxModel({
    nodes: [
      onnxNode('Transpose', ['dy'], ['dy_nchw'], { perm: TO_NCHW }),
      // ConvTranspose's weight is [in channels of dy (O), out channels (C), KH, KW]: HWIO → OIHW as for Conv.
      onnxNode('Transpose', ['filter'], ['w'], { perm: HWIO_TO_OIHW }),
      onnxNode('ConvTranspose', ['dy_nchw', 'w'], ['dx_nchw'], { strides, pads: onnxPads(pads), output_padding: outputPadding }),
      onnxNode('Transpose', ['dx_nchw'], ['dx'], { perm: TO_NHWC }),
    ],
    inputs: [['dy', ['N', 'OH', 'OW', 'O']], ['filter', ['KH', 'KW', 'C', 'O']]],
    outputs: [['dx', ['N', 'H', 'W', 'C']]],
  });
}

/**
 * dw = the gradient of conv2d with respect to its filter: x [N, H, W, C], dy [N, OH, OW, O] → dw [KH, KW, C, O].
 * It is a convolution too, with the roles swapped: x's channels as the batch, the images as channels, dy as
 * the filter, dilated by the forward stride. `pads` are the forward convolution's, except that the bottom and
 * right ones make the result exactly KH × KW.
 */
export function conv2dFilterGradModel(strides: [number, number], pads: Pads): Uint8Array {
  return onnxModel({
    nodes: [
      onnxNode('Transpose', ['x'], ['x_cnhw'], { perm: [3, 0, 1, 2] }),
      onnxNode('Transpose', ['dy'], ['dy_onhw'], { perm: [3, 0, 1, 2] }),
      onnxNode('Conv', ['x_cnhw', 'dy_onhw'], ['dw_cohw'], { strides: [1, 1], dilations: strides, pads: onnxPads(pads) }),
      onnxNode('Transpose', ['dw_cohw'], ['dw'], { perm: [2, 3, 0, 1] }),
    ],
    inputs: [['x', ['N', 'H', 'W', 'C']], ['dy', ['N', 'OH', 'OW', 'O']]],
    outputs: [['dw', ['KH', 'KW', 'C', 'O']]],
  });
}

/** c = op(a) @ op(b) for matrices (ONNX Gemm reads transposed operands in place). */
export function gemmModel(transposeA: boolean, transposeB: boolean): Uint8Array {
  return onnxModel({
    nodes: [onnxNode('Gemm', ['a', 'b'], ['c'], { transA: transposeA ? 1 : 0, transB: transposeB ? 1 : 0 })],
    inputs: [['a', transposeA ? ['K', 'M'] : ['M', 'K']], ['b', transposeB ? ['N', 'K'] : ['K', 'N']]],
    outputs: [['c', ['M', 'N']]],
  });
}

/** c = op(a) @ op(b) for stacks of matrices [B, rows, columns]; a stack of one broadcasts. */
export function batchMatMulModel(transposeA: boolean, transposeB: boolean): Uint8Array {
  const nodes = [];
  if (transposeA) nodes.push(onnxNode('Transpose', ['a'], ['a_t'], { perm: [0, 2, 1] }));
  if (transposeB) nodes.push(onnxNode('Transpose', ['b'], ['b_t'], { perm: [0, 2, 1] }));
  nodes.push(onnxNode('MatMul', [transposeA ? 'a_t' : 'a', transposeB ? 'b_t' : 'b'], ['c']));
  return onnxModel({
    nodes,
    inputs: [['a', ['BA', transposeA ? 'K' : 'M', transposeA ? 'M' : 'K']], ['b', ['BB', transposeB ? 'N' : 'K', transposeB ? 'K' : 'N']]],
    outputs: [['c', ['B', 'M', 'N']]],
  });
}

/** What fixes a PyTorch-layout (NCHW images, OIHW weights) convolution's models; the batch size stays free. */
export interface ConvNchwGeometry {
  /** Input [C, H, W] and weight [O, C / groups, KH, KW]. */
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  /** [top, bottom, left, right]. */
  pads: [number, number, number, number];
  groups: number;
  /** Output height and width. */
  out: [number, number];
}

const nchwPads = (p: [number, number, number, number]): number[] => [p[0], p[2], p[1], p[3]];

/** Whether `conv2dNchwModel(g, …, blockSize)` convolves in ONNX Runtime's blocks. */
export function convRunsBlocked(g: ConvNchwGeometry, blockSize: number): boolean {
  return g.groups === 1 && nchwcApplies(blockSize, g.inChannels);
}

/** Whether `conv2dNchwInputGradModel(g, blockSize)` convolves in ONNX Runtime's blocks. */
export function inputGradRunsBlocked(g: ConvNchwGeometry, blockSize: number): boolean {
  return inputGradIsConvolution(g) && nchwcApplies(blockSize, g.outChannels);
}

/** Whether dx is a plain convolution of the padded dy (stride 1, groups 1, padding at most the kernel's reach). */
function inputGradIsConvolution(g: ConvNchwGeometry): boolean {
  return g.strides[0] === 1 && g.strides[1] === 1 && g.groups === 1 && fullPads(g).every((p) => p >= 0);
}

/** The padding that turns dy into dx by a stride-1 convolution: d·(K − 1) − p on each side. */
function fullPads(g: ConvNchwGeometry): [number, number, number, number] {
  const [kh, kw] = g.kernel;
  const [dh, dw] = g.dilations;
  return [dh * (kh - 1) - g.pads[0], dh * (kh - 1) - g.pads[1], dw * (kw - 1) - g.pads[2], dw * (kw - 1) - g.pads[3]];
}

/**
 * y = conv2d(x, w) (+ b): x [N, C, H, W], w [O, C/g, KH, KW], b [O] → y [N, O, OH, OW]. Given ONNX Runtime's
 * `blockSize`, an ungrouped convolution whose input channels fit its blocks runs blocked (`nchwc_convolution.ts`).
 */
export function conv2dNchwModel(g: ConvNchwGeometry, withBias: boolean, blockSize = 0): Uint8Array {
  const inputs: [string, (string | number)[]][] = [['x', ['N', g.inChannels, g.height, g.width]], ['w', [g.outChannels, g.inChannels / g.groups, ...g.kernel]],
    ...(withBias ? [['b', [g.outChannels]] as [string, number[]]] : [])];
  const outputs: [string, (string | number)[]][] = [['y', ['N', g.outChannels, ...g.out]]];
  const attributes = { strides: g.strides, dilations: g.dilations, pads: nchwPads(g.pads) };
  const blocked = convRunsBlocked(g, blockSize) ? nchwcConvolution(blockSize, {
    input: 'x', weight: 'w', bias: withBias ? 'b' : undefined, output: 'y', inChannels: g.inChannels, outChannels: g.outChannels,
    kernel: g.kernel, attributes,
  }) : null;
  if (blocked) return onnxModel({ ...blocked, inputs, outputs });
  return onnxModel({
    nodes: [onnxNode('Conv', withBias ? ['x', 'w', 'b'] : ['x', 'w'], ['y'], { ...attributes, group: g.groups, kernel_shape: g.kernel })],
    inputs,
    outputs,
  });
}

/**
 * dx of conv2d: dy [N, O, OH, OW], w [O, C/g, KH, KW] → dx [N, C, H, W]. With stride 1 (groups 1) it is the
 * convolution of dy, padded by d·(K − 1) − p on each side, with the weight's in/out axes swapped and its kernel
 * flipped: ONNX Runtime runs that convolution faster than its transposed one (a CIFAR batch of 128 through a
 * 64-channel 3×3 layer: 140 → 96 ms), and blocked (`blockSize`, as in `conv2dNchwModel`) faster still.
 * Otherwise it is the transposed convolution of dy with the same weight, `output_padding` restoring the
 * rows/columns the forward stride skipped at the bottom/right.
 */
export function conv2dNchwInputGradModel(g: ConvNchwGeometry, blockSize = 0): Uint8Array {
  const [kh, kw] = g.kernel;
  const inputs: [string, number[] | (string | number)[]][] = [['dy', ['N', g.outChannels, ...g.out]], ['w', [g.outChannels, g.inChannels / g.groups, kh, kw]]];
  const outputs: [string, (string | number)[]][] = [['dx', ['N', g.inChannels, g.height, g.width]]];
  if (inputGradIsConvolution(g)) {
    const full = fullPads(g);
    const attributes = { dilations: g.dilations, pads: nchwPads(full) };
    const blocked = inputGradRunsBlocked(g, blockSize) && nchwcConvolution(blockSize, {
      input: 'dy', weight: 'w_flipped', output: 'dx', inChannels: g.outChannels, outChannels: g.inChannels, kernel: g.kernel, attributes,
    });
    return onnxModel({
      nodes: [
        onnxNode('Transpose', ['w'], ['w_io'], { perm: [1, 0, 2, 3] }),
        onnxNode('Slice', ['w_io', 'flip_starts', 'flip_ends', 'flip_axes', 'flip_steps'], ['w_flipped']),
        ...(blocked ? blocked.nodes : [onnxNode('Conv', ['dy', 'w_flipped'], ['dx'], { ...attributes, kernel_shape: g.kernel })]),
      ],
      // Slicing from the last element backwards, past the first: the kernel's rows and columns reversed.
      constants: [['flip_starts', [-1, -1]], ['flip_ends', [-(kh + 1), -(kw + 1)]], ['flip_axes', [2, 3]], ['flip_steps', [-1, -1]],
        ...(blocked ? blocked.constants : [])],
      inputs,
      outputs,
    });
  }
  const [dh, dw] = g.dilations;
  const outPadH = g.height - (g.strides[0] * (g.out[0] - 1) + dh * (kh - 1) + 1 - g.pads[0] - g.pads[1]);
  const outPadW = g.width - (g.strides[1] * (g.out[1] - 1) + dw * (kw - 1) + 1 - g.pads[2] - g.pads[3]);
  return onnxModel({
    nodes: [onnxNode('ConvTranspose', ['dy', 'w'], ['dx'], {
      strides: g.strides, dilations: g.dilations, pads: nchwPads(g.pads), group: g.groups, kernel_shape: g.kernel,
      output_padding: [outPadH, outPadW],
    })],
    inputs,
    outputs,
  });
}

/**
 * dw of conv2d (groups 1) as a product per image summed over the batch:
 * dw [O, C·KH·KW] = Σₙ dyₙ [O, OH·OW] @ colsₙ [C·KH·KW, OH·OW]ᵀ, where colsₙ holds, for each kernel offset, the
 * pixels of image n it meets (strided slices of the padded input, channels first). dy is used in its own layout:
 * one product over the whole batch would need dy as [O, N·OH·OW], a transposed copy of all of dy (the MNIST CNN's
 * first layer: 1.4 M values to multiply with 9 rows), which cost more than the product. Per image the transposed
 * operand is colsₙ, as small as the image's input pixels times the kernel. Measured (`bench/tmp`-style, 64 images,
 * against that single product): 1 → 32 channels at 28 × 28 1.36 → 0.77 ms, 3 → 64 at 32 × 32 4.6 → 2.6 ms,
 * 4 → 16 at 14 × 14 0.98 → 0.73 ms. A convolution with the roles swapped (dy as the filter) computes the same,
 * but its output is only KH × KW pixels, the shape least suited to a matrix-product kernel (7.3 ms against ~2 for
 * the MNIST CNN's 32 → 64 layer). Filters of `MIN_IM2COL_ROWS` values or more use `native_conv.ts`'s SIMD layout
 * and one product instead. x [N, C, H, W], dy [N, O, OH, OW] → dw [O, C·KH·KW] (the weight's memory order).
 */
export function conv2dNchwFilterGradModel(g: ConvNchwGeometry): Uint8Array {
  const [kh, kw] = g.kernel;
  const [oh, ow] = g.out;
  const [sh, sw] = g.strides;
  const [dh, dw] = g.dilations;
  const rows = g.inChannels * kh * kw;
  const nodes: OnnxNode[] = [];
  const constants: [string, number[]][] = [['slice_axes', [2, 3]], ['slice_steps', [sh, sw]], ['offset_axis', [2]],
    ['cols_shape', [0, rows, oh * ow]], ['dy_shape', [0, g.outChannels, oh * ow]], ['batch_axis', [0]]];
  let source = 'x';
  if (g.pads.some((p) => p !== 0)) {
    const [t, b, l, r] = g.pads;
    constants.push(['pads', [0, 0, t, l, 0, 0, b, r]]);
    nodes.push(onnxNode('Pad', ['x', 'pads'], ['x_padded']));
    source = 'x_padded';
  }
  const pieces: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const k = `${i}_${j}`;
      constants.push([`starts_${k}`, [i * dh, j * dw]], [`ends_${k}`, [i * dh + sh * (oh - 1) + 1, j * dw + sw * (ow - 1) + 1]]);
      nodes.push(onnxNode('Slice', [source, `starts_${k}`, `ends_${k}`, 'slice_axes', 'slice_steps'], [`piece_${k}`]));
      nodes.push(onnxNode('Unsqueeze', [`piece_${k}`, 'offset_axis'], [`piece5_${k}`]));
      pieces.push(`piece5_${k}`);
    }
  }
  nodes.push(
    onnxNode('Concat', pieces, ['cols5'], { axis: 2 }), // [N, C, KH·KW, OH, OW]
    onnxNode('Reshape', ['cols5', 'cols_shape'], ['cols']), // [N, C·KH·KW, OH·OW]
    onnxNode('Transpose', ['cols'], ['cols_t'], { perm: [0, 2, 1] }),
    onnxNode('Reshape', ['dy', 'dy_shape'], ['dy_rows']), // [N, O, OH·OW]
    onnxNode('MatMul', ['dy_rows', 'cols_t'], ['dw_per_image']), // [N, O, C·KH·KW]
    onnxNode('ReduceSum', ['dw_per_image', 'batch_axis'], ['dw'], { keepdims: 0 }),
  );
  return onnxModel({
    nodes,
    constants,
    inputs: [['x', ['N', g.inChannels, g.height, g.width]], ['dy', ['N', g.outChannels, oh, ow]]],
    outputs: [['dw', [g.outChannels, rows]]],
  });
}

/** db of conv2d: the sum of dy [N, O, OH, OW] over all but the channel axis → [O]. */
export function conv2dNchwBiasGradModel(g: ConvNchwGeometry): Uint8Array {
  return onnxModel({
    nodes: [onnxNode('ReduceSum', ['dy', 'axes'], ['db'], { keepdims: 0 })],
    constants: [['axes', [0, 2, 3]]],
    inputs: [['dy', ['N', g.outChannels, ...g.out]]],
    outputs: [['db', [g.outChannels]]],
  });
}
