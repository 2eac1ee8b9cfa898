import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';

/**
 * Saves and loads tfjs-layers models at `file://` paths without tfjs-node, in the same layout tfjs-node
 * uses (`model.json` + `weights.bin`):
 *
 * ```ts
 * await model.save('file://./my-model');                       // my-model/model.json, my-model/weights.bin
 * const again = await tf.loadLayersModel('file://./my-model/model.json');
 * ```
 */
export class FileIOHandler implements tf.io.IOHandler {
  constructor(private readonly target: string) {}

  /** The folder to save into: the path itself, or its folder when it names a .json file. */
  private saveDir(): { dir: string; jsonName: string } {
    return this.target.toLowerCase().endsWith('.json')
      ? { dir: path.dirname(this.target), jsonName: path.basename(this.target) }
      : { dir: this.target, jsonName: 'model.json' };
  }

  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new Error('file:// saving supports JSON model topologies only');
    }
    const { dir, jsonName } = this.saveDir();
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
      throw new Error(`model.save('file://${this.target}'): "${dir}" exists and is not a folder`);
    }
    fs.mkdirSync(dir, { recursive: true });
    const weightsName = 'weights.bin';
    const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const modelJSON: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology ?? {},
      weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs ?? [] }],
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
    };
    if (artifacts.trainingConfig) modelJSON.trainingConfig = artifacts.trainingConfig;
    if (artifacts.userDefinedMetadata) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
    fs.writeFileSync(path.join(dir, weightsName), Buffer.from(weightData));
    fs.writeFileSync(path.join(dir, jsonName), JSON.stringify(modelJSON));
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
        weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
        weightDataBytes: weightData.byteLength,
      },
    };
  }

  async load(): Promise<tf.io.ModelArtifacts> {
    let file = this.target;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'model.json');
    if (!fs.existsSync(file)) throw new Error(`loadLayersModel('file://${this.target}'): no such file "${path.resolve(file)}"`);
    let modelJSON: tf.io.ModelJSON;
    try {
      modelJSON = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`loadLayersModel: "${file}" is not valid JSON (${(err as Error).message})`);
    }
    const dir = path.dirname(file);
    const weightSpecs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of modelJSON.weightsManifest ?? []) {
      weightSpecs.push(...group.weights);
      for (const p of group.paths) {
        const weightsFile = path.join(dir, p);
        if (!fs.existsSync(weightsFile)) throw new Error(`loadLayersModel: the weights file "${weightsFile}" listed in "${file}" is missing`);
        const b = fs.readFileSync(weightsFile);
        buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
      }
    }
    return {
      modelTopology: modelJSON.modelTopology,
      weightSpecs,
      weightData: tf.io.CompositeArrayBuffer.join(buffers),
      format: modelJSON.format,
      generatedBy: modelJSON.generatedBy,
      convertedBy: modelJSON.convertedBy,
      trainingConfig: modelJSON.trainingConfig,
      userDefinedMetadata: modelJSON.userDefinedMetadata,
    };
  }
}

let registered = false;
let nativeHandlerPresent = false;

/** Called when tfjs-node is loaded: it brings its own file:// handler, so ours steps aside. */
export function useNativeFileHandler(): void {
  nativeHandlerPresent = true;
}

function route(url: string | string[]): tf.io.IOHandler {
  if (nativeHandlerPresent || Array.isArray(url) || !url.startsWith('file://')) return null as unknown as tf.io.IOHandler;
  return new FileIOHandler(url.slice('file://'.length));
}

/** Registers the file:// handler with tfjs (once). */
export function registerFileIOHandler(): void {
  if (registered) return;
  registered = true;
  // tfjs-node, when loaded first, already handles file:// (two handlers for one URL is an error in tfjs).
  if (tf.io.getSaveHandlers('file:///probe').length > 0) {
    nativeHandlerPresent = true;
    return;
  }
  tf.io.registerSaveRouter(route);
  tf.io.registerLoadRouter(route);
}
