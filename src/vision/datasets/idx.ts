/**
 * Reader for the IDX file format used by MNIST (http://yann.lecun.com/exdb/mnist/):
 * two zero bytes, a type byte, the number of dimensions, then each dimension as a big-endian uint32,
 * then the values in row-major order.
 */
import * as fs from 'fs';

/** Element types of IDX files by type byte. */
const IDX_TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
};

/** A parsed IDX array. `data` views the file's bytes for uint8 files (no copy). */
export interface IdxArray {
  dtype: string;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Parses IDX bytes; throws a clear error on a malformed header or a truncated body. */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${source}: not an IDX file (it must start with two zero bytes)`);
  }
  const type = IDX_TYPES[bytes[2]];
  if (!type) throw new Error(`${source}: unknown IDX element type 0x${bytes[2].toString(16)}`);
  const rank = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) throw new Error(`${source}: truncated IDX header`);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerSize + count * type.bytes;
  if (bytes.length < expected) {
    throw new Error(`${source}: truncated IDX body, expected ${expected} bytes for shape [${shape.join(', ')}], got ${bytes.length}`);
  }
  let data: IdxArray['data'];
  switch (type.name) {
    case 'uint8':
      data = bytes.subarray(headerSize, headerSize + count);
      break;
    case 'int8':
      data = new Int8Array(bytes.buffer, bytes.byteOffset + headerSize, count);
      break;
    default: {
      const out = type.name === 'int16' ? new Int16Array(count) : type.name === 'int32' ? new Int32Array(count)
        : type.name === 'float32' ? new Float32Array(count) : new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const at = headerSize + i * type.bytes;
        out[i] = type.name === 'int16' ? view.getInt16(at, false) : type.name === 'int32' ? view.getInt32(at, false)
          : type.name === 'float32' ? view.getFloat32(at, false) : view.getFloat64(at, false);
      }
      data = out;
    }
  }
  return { dtype: type.name, shape, data };
}

/** Reads and parses an IDX file. */
export function readIdxFile(path: string): IdxArray {
  return parseIdx(new Uint8Array(fs.readFileSync(path)), path);
}
