import { execFileSync } from 'child_process';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ALLOCATOR_SETTINGS, allocatorEnv } from '../../src/backend/allocator_env';

describe('allocator settings for training processes', () => {
  it('gives glibc a 32 MB mmap threshold and keeps 64 MB of freed heap, unless the user tuned glibc or turned them off', () => {
    expect(allocatorEnv({})).toEqual({ MALLOC_MMAP_THRESHOLD_: '33554432', MALLOC_TRIM_THRESHOLD_: '67108864' });
    expect(allocatorEnv({ MALLOC_ARENA_MAX: '2', GLIBC_TUNABLES: 'glibc.cpu.hwcaps=-AVX2' })).toEqual(ALLOCATOR_SETTINGS);
    for (const env of [{ MALLOC_MMAP_THRESHOLD_: '1' }, { MALLOC_TOP_PAD_: '0' }, { GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=1' },
      { TSDL_ALLOCATOR_SETTINGS: '0' }]) {
      expect(allocatorEnv(env), JSON.stringify(env)).toEqual({});
    }
  });

  it('lets ONNX Runtime\'s returned copies of large outputs reuse freed memory instead of faulting in fresh pages', () => {
    // A Relu over an MNIST CNN layer's output size (5.5 MB), run 60 times in a fresh process through the compiled
    // library; the binding returns each output as a new buffer. Page faults per run over the last 50.
    const dist = path.join(__dirname, '..', '..', 'dist', 'src', 'backend', 'onnx');
    const script = `const { onnxRuntime } = require(${JSON.stringify(path.join(dist, 'onnx_runtime.js'))});
      const { onnxModel, onnxNode } = require(${JSON.stringify(path.join(dist, 'onnx_graph.js'))});
      const rt = onnxRuntime();
      if (!rt) { console.log('no runtime'); process.exit(0); }
      const n = 1384448;
      const s = rt.session('relu', () => onnxModel({ nodes: [onnxNode('Relu', ['x'], ['y'])], inputs: [['x', [n]]], outputs: [['y', [n]]] }));
      const x = new Float32Array(n), y = new Float32Array(n);
      let before = 0;
      for (let i = 0; i < 60; i++) {
        if (i === 10) before = process.resourceUsage().minorPageFault;
        s.run({ x: { data: x, dims: [n] } }, { y: { data: y, dims: [n] } });
      }
      console.log((process.resourceUsage().minorPageFault - before) / 50);`;
    const faultsPerRun = (extra: Record<string, string>) => execFileSync(process.execPath, ['-e', script],
      { env: { PATH: process.env.PATH, ...extra }, encoding: 'utf8' }).trim();
    const plain = faultsPerRun({});
    if (plain === 'no runtime') return; // onnxruntime-node is optional
    const tuned = Number(faultsPerRun(allocatorEnv({})));
    // glibc's defaults: ~1,350 pages per 5.5 MB copy, a third or more of them faulted in again on every run
    // (measured 459); with the settings ~56.
    expect(Number(plain)).toBeGreaterThan(300);
    expect(tuned).toBeLessThan(Number(plain) / 4);
  });
});
