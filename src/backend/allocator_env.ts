/**
 * glibc allocator settings for a Node process that trains with tsdl: the kernel's (`kernel/snapshot/launch.ts`
 * starts it with them) and the bench's workloads.
 *
 * onnxruntime-node's binding returns every output of a run as a copy in a new ArrayBuffer, even when the output
 * was computed into memory we passed in (its `OrtValueToNapiValue`): the MNIST CNN's first convolution alone returns
 * 5.5 MB per step. glibc serves such large blocks with fresh memory mappings (or trims them off the heap once freed),
 * whose pages fault in, zeroed by the operating system, on first write: ~1,000 page faults (4 MB) per MNIST CNN step,
 * ~1.3 ms of it on this 2-core VM. With an mmap threshold of 32 MB (the most glibc's own dynamic threshold reaches)
 * and 64 MB of freed memory kept at the top of the heap, blocks are reused: 964 → 95 faults per step, peak resident
 * memory +1 MB (`bench/tmp`-style count of `process.resourceUsage().minorPageFault` over 60 steps).
 *
 * glibc reads these when the process starts, so they are given to child processes; a Node process started
 * otherwise can be given them by its shell (`MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=67108864 node …`).
 * Other C libraries ignore them.
 */
export const ALLOCATOR_SETTINGS: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(64 * 1024 * 1024),
};

/** glibc tunables that turn its dynamic mmap threshold off when set (and so would make half of ours worse than none). */
const THRESHOLD_TUNABLES = ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_TOP_PAD_', 'MALLOC_MMAP_MAX_'];

/**
 * The variables to add to `env` for a child process that will train: `ALLOCATOR_SETTINGS`, or none when
 * `TSDL_ALLOCATOR_SETTINGS=0` or the user has tuned glibc's thresholds themselves (one of `THRESHOLD_TUNABLES`, or
 * `glibc.malloc.` in `GLIBC_TUNABLES`): theirs then apply whole.
 */
export function allocatorEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (env.TSDL_ALLOCATOR_SETTINGS === '0') return {};
  if (THRESHOLD_TUNABLES.some((k) => env[k] !== undefined) || (env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.')) return {};
  return { ...ALLOCATOR_SETTINGS };
}
