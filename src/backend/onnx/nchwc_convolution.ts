import { onnxModel, onnxNode, type OnnxConstant, type OnnxNode, type OnnxAttribute } from './onnx_graph';

/**
 * ONNX Runtime's blocked ("NCHWc") convolution, for weights that change between calls.
 *
 * ONNX Runtime runs a plain `Conv` as an im2col and a matrix product per image, unless its graph optimizer has
 * rewritten the node into the `Conv` of its internal `com.microsoft.nchwc` domain: a direct convolution over
 * channels in blocks of 8 (AVX2) or 16 (AVX-512), much faster on small images. The optimizer only does that for a
 * weight stored in the model, which tsdl's weights, trained between calls, are not. So these graphs do what it
 * does, with the weight as an input: reorder the weight into blocks inside the graph (a Reshape, Transpose, Reshape:
 * [O, C, KH, KW] → [O/B, C/B, KH, KW, B, B] in memory, with the output channels zero-padded to a multiple of B), the
 * image into channel blocks (`ReorderInput`; an image of fewer than B channels is read as it is), convolve, and
 * reorder the result back (`ReorderOutput`). Each model timed alone on a 2-core AVX-512 machine, plain → blocked,
 * with the MNIST CNN's shapes (64 images): 32→64 channels on 13×13, 3.0 → 2.2 ms; its input gradient, 64→32 on
 * 11×11 padded by 2, 5.5 → 3.0 ms; 1→32 on 28×28, 4.3 → 2.3 ms; a CIFAR layer of 128 images, 64→64 on 32×32,
 * 69 → 56 ms. The reordered image and result are whole-batch buffers, which ONNX Runtime keeps: `native_conv.ts`
 * runs large batches in chunks.
 */

/** Whether tsdl's graphs use blocked convolutions (`TSDL_NCHWC=0`: no; `native_conv.useBlockedConvolutions` sets it). */
export const blockedConvolutionSetting = { on: process.env.TSDL_NCHWC !== '0' };

/** ONNX Runtime's domain of blocked operators (its version 1). */
export const NCHWC_DOMAIN = 'com.microsoft.nchwc';

/** What one convolution of the graph is: names of its tensors, channel counts and ONNX Conv attributes. */
export interface NchwcConvolutionSpec {
  /** [N, C, H, W] input. */
  input: string;
  /** [O, C, KH, KW] weight (not grouped). */
  weight: string;
  /** Optional [O] bias. */
  bias?: string;
  /** [N, O, OH, OW] result. */
  output: string;
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  /** ONNX Conv attributes other than kernel_shape and group: strides, dilations, pads. */
  attributes: Record<string, OnnxAttribute>;
  /** Input and result are [N, H, W, C] instead (tfjs's layout), read and written so by the reorders. */
  channelsLast?: boolean;
}

/** Whether a convolution of `inChannels` → any output channels can run blocked with blocks of `blockSize`. */
export function nchwcApplies(blockSize: number, inChannels: number): boolean {
  return blockSize >= 4 && (inChannels < blockSize || inChannels % blockSize === 0);
}

/**
 * The values a blocked convolution of one image holds in ONNX Runtime's buffers: its input reordered into blocks
 * (none when it has fewer channels than a block: that input is read as it is) and its result in whole blocks.
 */
export function nchwcImageValues(blockSize: number, inChannels: number, inPixels: number, outChannels: number, outPixels: number): number {
  const blocks = (channels: number) => Math.ceil(channels / blockSize) * blockSize;
  return (inChannels < blockSize ? 0 : blocks(inChannels) * inPixels) + blocks(outChannels) * outPixels;
}

/**
 * The nodes and constants of `spec`'s convolution in blocks of `blockSize` (ONNX Runtime's `MlasNchwcGetBlockSize`,
 * see `nchwcBlockSizeModel`), or null when the input channels do not fit its blocks (neither fewer than one block
 * nor a multiple of it): the caller then uses a plain Conv. Names of intermediate values start with `output`.
 */
export function nchwcConvolution(blockSize: number, spec: NchwcConvolutionSpec): { nodes: OnnxNode[]; constants: OnnxConstant[] } | null {
  const { inChannels: c, outChannels: o, kernel: [kh, kw], output: name } = spec;
  const b = blockSize;
  if (!nchwcApplies(b, c)) return null;
  const paddedOut = Math.ceil(o / b) * b;
  const nodes: OnnxNode[] = [];
  const constants: OnnxConstant[] = [];
  let weight = spec.weight;
  let bias = spec.bias;
  if (paddedOut !== o) {
    // Zero filters (and biases) up to a whole block; ReorderOutput drops their channels again.
    constants.push([`${name}_wpad`, [0, 0, 0, 0, paddedOut - o, 0, 0, 0]]);
    nodes.push(onnxNode('Pad', [weight, `${name}_wpad`], [`${name}_w_padded`]));
    weight = `${name}_w_padded`;
    if (bias) {
      constants.push([`${name}_bpad`, [0, paddedOut - o]]);
      nodes.push(onnxNode('Pad', [bias, `${name}_bpad`], [`${name}_b_padded`]));
      bias = `${name}_b_padded`;
    }
  }
  const blocked = c < b;
  // Fewer input channels than a block: the image stays NCHW and the weight is [O/B, C, KH, KW, B]; else both are
  // blocked and the weight is [O/B, C/B, KH, KW, B(in), B(out)].
  constants.push(
    [`${name}_wsplit`, blocked ? [paddedOut / b, b, c, kh, kw] : [paddedOut / b, b, c / b, b, kh, kw]],
    [`${name}_wshape`, [paddedOut, c, kh, kw]],
  );
  nodes.push(
    onnxNode('Reshape', [weight, `${name}_wsplit`], [`${name}_w_split`]),
    onnxNode('Transpose', [`${name}_w_split`], [`${name}_w_order`], { perm: blocked ? [0, 2, 3, 4, 1] : [0, 2, 4, 5, 3, 1] }),
    onnxNode('Reshape', [`${name}_w_order`, `${name}_wshape`], [`${name}_w_blocked`]),
  );
  const layout: Record<string, OnnxAttribute> = spec.channelsLast ? { channels_last: 1 } : {};
  let input = spec.input;
  if (!blocked) {
    nodes.push(onnxNode('ReorderInput', [input], [`${name}_x_blocked`], layout, NCHWC_DOMAIN));
    input = `${name}_x_blocked`;
  } else if (spec.channelsLast) {
    // The unblocked input of a convolution in blocks is read as NCHW.
    nodes.push(onnxNode('Transpose', [input], [`${name}_x_nchw`], { perm: [0, 3, 1, 2] }));
    input = `${name}_x_nchw`;
  }
  nodes.push(
    onnxNode('Conv', bias ? [input, `${name}_w_blocked`, bias] : [input, `${name}_w_blocked`], [`${name}_y_blocked`],
      { ...spec.attributes, kernel_shape: spec.kernel }, NCHWC_DOMAIN),
    onnxNode('ReorderOutput', [`${name}_y_blocked`], [spec.output], { channels: o, ...layout }, NCHWC_DOMAIN),
  );
  return { nodes, constants };
}

/**
 * A model whose output is the shape ONNX Runtime gives a 4-channel image in blocks: [1, B, 1, 1] as floats, B
 * being its block size. Loading fails where the blocked operators are not built in.
 */
export function nchwcBlockSizeModel(): Uint8Array {
  return onnxModel({
    nodes: [
      onnxNode('ReorderInput', ['x'], ['x_blocked'], {}, NCHWC_DOMAIN),
      onnxNode('Shape', ['x_blocked'], ['dims_int']),
      onnxNode('Cast', ['dims_int'], ['dims'], { to: 1 }),
    ],
    inputs: [['x', [1, 4, 1, 1]]],
    outputs: [['dims', [4]]],
  });
}
