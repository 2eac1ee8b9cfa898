import * as tf from '@tensorflow/tfjs';

/** What `save` can store: tensors, numbers, strings, booleans, null, and arrays/plain objects of these. */
export type Saveable = tf.Tensor | number | string | boolean | null | Saveable[] | { [key: string]: Saveable };

/** A tensor's place in the binary file. */
export interface TensorRecord {
  __tensor__: { dtype: 'float32' | 'int32' | 'bool'; shape: number[]; offset: number; byteLength: number };
}

/** Splits a tree into JSON (tensors replaced by records) and the tensors' bytes. */
export function encodeTree(tree: Saveable, where: string): { json: unknown; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const seen = new Set<object>();
  const visit = (value: unknown, path: string): unknown => {
    if (value instanceof tf.Tensor) {
      if (value.isDisposed) throw new Error(`${where}: the tensor at ${path || '(root)'} is disposed`);
      const dtype = value.dtype;
      if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
        throw new TypeError(`${where}: cannot save the ${dtype} tensor at ${path || '(root)'} (float32, int32, bool only)`);
      }
      const data = value.dataSync();
      const bytes = dtype === 'bool' ? Uint8Array.from(data as Uint8Array) : new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
      const record: TensorRecord = { __tensor__: { dtype, shape: [...value.shape], offset, byteLength: bytes.byteLength } };
      chunks.push(bytes);
      offset += bytes.byteLength;
      return record;
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      return Number.isFinite(value) ? value : { __number__: String(value) };
    }
    if (typeof value === 'object') {
      if (seen.has(value)) throw new Error(`${where}: the object at ${path || '(root)'} contains itself`);
      seen.add(value);
      let out: unknown;
      if (Array.isArray(value)) out = value.map((v, i) => visit(v, `${path}[${i}]`));
      else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        const o: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
          if (v === undefined) continue;
          o[k] = visit(v, path ? `${path}.${k}` : k);
        }
        out = o;
      } else {
        throw new TypeError(
          `${where}: cannot save the ${(value as object).constructor?.name ?? 'object'} at ${path || '(root)'}; ` +
            'save a state dict (model.stateDict(), optimizer.stateDict()) or plain values',
        );
      }
      seen.delete(value);
      return out;
    }
    throw new TypeError(`${where}: cannot save the ${typeof value} at ${path || '(root)'}`);
  };
  return { json: visit(tree, ''), chunks };
}

/** Rebuilds a tree from its JSON and the binary file; the new tensors belong to the caller. */
export function decodeTree(json: unknown, bytes: Uint8Array, where: string): Saveable {
  const visit = (value: unknown, path: string): Saveable => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
    if (Array.isArray(value)) return value.map((v, i) => visit(v, `${path}[${i}]`));
    if (typeof value === 'object') {
      const rec = (value as Partial<TensorRecord>).__tensor__;
      if (rec) {
        const { dtype, shape, offset, byteLength } = rec;
        if (offset + byteLength > bytes.byteLength) {
          throw new Error(`${where}: the weights file is too short for the tensor at ${path || '(root)'} (corrupted or mismatched files)`);
        }
        const slice = bytes.slice(offset, offset + byteLength);
        const values =
          dtype === 'float32' ? new Float32Array(slice.buffer) : dtype === 'int32' ? new Int32Array(slice.buffer) : Uint8Array.from(slice);
        return tf.tensor(values, shape, dtype);
      }
      const num = (value as { __number__?: string }).__number__;
      if (typeof num === 'string' && Object.keys(value).length === 1) return Number(num);
      const out: Record<string, Saveable> = {};
      for (const [k, v] of Object.entries(value)) out[k] = visit(v, path ? `${path}.${k}` : k);
      return out;
    }
    throw new Error(`${where}: unexpected ${typeof value} at ${path || '(root)'}`);
  };
  return visit(json, '');
}
