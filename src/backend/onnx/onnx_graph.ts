/**
 * Writes small ONNX models: a graph of a few float32 operators, whose inputs and outputs have symbolic
 * dimensions, so that one model serves every batch size and image size.
 *
 * ONNX models are protocol buffers (`onnx/onnx.proto`). The few messages needed here (ModelProto, GraphProto,
 * NodeProto, AttributeProto, ValueInfoProto and the type/shape messages) are written directly in the protobuf
 * wire format: the npm packages that can build ONNX models carry the whole schema and a protobuf runtime for what
 * is ~60 lines here.
 *
 * ```ts
 * const bytes = onnxModel({
 *   nodes: [onnxNode('MatMul', ['a', 'b'], ['c'])],
 *   inputs: [['a', ['M', 'K']], ['b', ['K', 'N']]],
 *   outputs: [['c', ['M', 'N']]],
 * });
 * ```
 */

/** An attribute value: an integer, a list of integers or a float (what the kernels here need). */
export type OnnxAttribute = number | number[] | { float: number };

/** One operator of a graph. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
  /** The operator set's domain, when not ONNX's own (e.g. ONNX Runtime's `com.microsoft.nchwc`, version 1). */
  domain?: string;
}

/** A graph input or output: its name and its dimensions (numbers, or names for symbolic ones). */
export type OnnxValue = [name: string, dims: (number | string)[]];

/** A constant int64 vector (the shapes, axes, pads and slice bounds that operators take as inputs). */
export type OnnxConstant = [name: string, values: number[]];

/** The operator set the models declare (ONNX 1.12's; every operator used here has been stable since). */
export const ONNX_OPSET = 17;

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** AttributeProto.AttributeType values. */
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;
/** TensorProto.DataType.FLOAT and INT64. */
const ELEMENT_FLOAT = 1;
const ELEMENT_INT64 = 7;

/** Appends protobuf fields to a growing byte list. */
class ProtoWriter {
  readonly bytes: number[] = [];

  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new Error(`onnxModel: ${value} is not an integer`);
    // Negative int64 values are written as their 64-bit two's complement (ten bytes).
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, value: number): this {
    this.key(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    const b = new Uint8Array(new Float32Array([value]).buffer);
    this.bytes.push(...b);
    return this;
  }

  raw(field: number, bytes: ArrayLike<number>): this {
    this.key(field, WIRE_BYTES);
    this.varint(bytes.length);
    for (let i = 0; i < bytes.length; i++) this.bytes.push(bytes[i]);
    return this;
  }

  string(field: number, text: string): this {
    return this.raw(field, new TextEncoder().encode(text));
  }

  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.raw(field, inner.bytes);
  }
}

/** An operator node; attributes are ints, int lists or `{ float }`. */
export function onnxNode(opType: string, inputs: string[], outputs: string[], attributes: Record<string, OnnxAttribute> = {},
  domain?: string): OnnxNode {
  return domain ? { opType, inputs, outputs, attributes, domain } : { opType, inputs, outputs, attributes };
}

function writeAttribute(w: ProtoWriter, name: string, value: OnnxAttribute): void {
  w.string(1, name);
  if (typeof value === 'number') w.int(20, ATTRIBUTE_INT).int(3, value);
  else if (Array.isArray(value)) {
    w.int(20, ATTRIBUTE_INTS);
    for (const v of value) w.int(8, v);
  } else w.int(20, ATTRIBUTE_FLOAT).float(2, value.float);
}

function writeValueInfo(w: ProtoWriter, [name, dims]: OnnxValue): void {
  w.string(1, name);
  w.message(2, (type) => type.message(1, (tensor) => {
    tensor.int(1, ELEMENT_FLOAT);
    tensor.message(2, (shape) => {
      for (const d of dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
    });
  }));
}

function writeConstant(w: ProtoWriter, [name, values]: OnnxConstant): void {
  w.int(1, values.length); // dims
  w.int(2, ELEMENT_INT64); // data_type
  w.string(8, name);
  const raw = new DataView(new ArrayBuffer(8 * values.length));
  values.forEach((v, i) => raw.setBigInt64(8 * i, BigInt(v), true));
  w.raw(9, new Uint8Array(raw.buffer)); // raw_data, little-endian
}

/** The bytes of a model (IR version 8) holding one graph of float32 operators and its constants. */
export function onnxModel(graph: {
  nodes: OnnxNode[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  constants?: OnnxConstant[];
  name?: string;
}): Uint8Array {
  const model = new ProtoWriter();
  model.int(1, 8); // ir_version
  model.string(2, 'tsdl'); // producer_name
  model.message(8, (opset) => opset.string(1, '').int(2, ONNX_OPSET));
  const domains = new Set(graph.nodes.map((n) => n.domain).filter((d): d is string => d !== undefined));
  for (const domain of domains) model.message(8, (opset) => opset.string(1, domain).int(2, 1));
  model.message(7, (g) => {
    for (const node of graph.nodes) {
      g.message(1, (n) => {
        for (const i of node.inputs) n.string(1, i);
        for (const o of node.outputs) n.string(2, o);
        n.string(4, node.opType);
        if (node.domain) n.string(7, node.domain);
        for (const [name, value] of Object.entries(node.attributes)) n.message(5, (a) => writeAttribute(a, name, value));
      });
    }
    g.string(2, graph.name ?? 'tsdl');
    for (const c of graph.constants ?? []) g.message(5, (t) => writeConstant(t, c));
    for (const v of graph.inputs) g.message(11, (i) => writeValueInfo(i, v));
    for (const v of graph.outputs) g.message(12, (o) => writeValueInfo(o, v));
  });
  return Uint8Array.from(model.bytes);
}
