import * as fs from 'fs';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import { decodeTree, encodeTree, type Saveable } from './tree_codec';

const FORMAT = 'tsdl-checkpoint';
const VERSION = 1;

/** The binary file that goes with the JSON file `file`: `model.json` → `model.bin`, `ckpt.pt` → `ckpt.pt.bin`. */
export function weightsPathFor(file: string): string {
  return file.toLowerCase().endsWith('.json') ? `${file.slice(0, -5)}.bin` : `${file}.bin`;
}

/**
 * Saves a state dict, a tensor, or a checkpoint object (tensors, numbers, strings, booleans, null, nested
 * arrays/objects) to `file` (JSON) plus a binary weights file beside it, like `torch.save`. No native
 * TensorFlow needed. Folders are created.
 *
 * ```ts
 * tsdl.save(model.stateDict(), 'model.json');                    // model.json + model.bin
 * tsdl.save({ epoch, model: model.stateDict(), optimizer: optimizer.stateDict() }, 'ckpt.json');
 * ```
 */
export function save(obj: Saveable | Record<string, tf.Tensor>, file: string): void {
  if (typeof file !== 'string' || file.length === 0) throw new TypeError('save: file must be a non-empty path string');
  const { json, chunks } = encodeTree(obj as Saveable, 'save');
  const weightsFile = weightsPathFor(file);
  const header = { format: FORMAT, version: VERSION, weights: path.basename(weightsFile), data: json };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const bin = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bin.set(c, at);
    at += c.byteLength;
  }
  fs.writeFileSync(weightsFile, bin);
  fs.writeFileSync(file, JSON.stringify(header));
}

/**
 * Loads what `save` wrote, like `torch.load`. The tensors are new and belong to the caller
 * (`tf.dispose(obj)` frees them all).
 *
 * ```ts
 * const sd = tsdl.load('model.json');
 * model.loadStateDict(sd);
 * tf.dispose(sd);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function load(file: string): any {
  if (typeof file !== 'string' || file.length === 0) throw new TypeError('load: file must be a non-empty path string');
  if (!fs.existsSync(file)) throw new Error(`load: no such file "${file}" (looked in ${path.resolve(file)})`);
  let header: { format?: string; version?: number; weights?: string; data?: unknown };
  try {
    header = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`load: "${file}" is not a tsdl checkpoint (invalid JSON: ${(err as Error).message})`);
  }
  if (header?.format !== FORMAT || typeof header.weights !== 'string') {
    throw new Error(`load: "${file}" is not a tsdl checkpoint (written by tsdl.save); for a tfjs-layers model use tf.loadLayersModel('file://...')`);
  }
  if (header.version !== VERSION) throw new Error(`load: "${file}" has checkpoint version ${header.version}; this tsdl reads version ${VERSION}`);
  const weightsFile = path.join(path.dirname(file), header.weights);
  if (!fs.existsSync(weightsFile)) throw new Error(`load: the weights file "${weightsFile}" that goes with "${file}" is missing`);
  const bytes = new Uint8Array(fs.readFileSync(weightsFile));
  return decodeTree(header.data, bytes, `load("${file}")`);
}
