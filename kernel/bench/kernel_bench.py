"""Kernel speed benchmark: tsdl against the IPython kernel with PyTorch, in the same run.

For each kernel: time from starting the kernel process to the first tensor result, and the median latency
(execute_request sent -> idle) of a trivial cell and of a small tensor cell. Also runs tsdl with tslab's
original builder program (TSDL_BUILDER_PROGRAM=1) and without the cache of type-checked cells (TSDL_NO_CELL_CACHE=1: every
repeat is type-checked again) to show what each saves.
Usage: npm run bench:kernel  [-- --repeats N]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "kernel"))
import harness  # noqa: E402  (installs the tsdl kernelspec into a temporary prefix)
from jupyter_client.manager import KernelManager  # noqa: E402

KERNELS = [
    # label, kernel name, extra env, first tensor cell, trivial cell, small tensor cell
    ("tsdl", "tsdl", {}, "tf.tensor([1, 2]).add(1)", "1 + 1",
     "tf.tensor([[1, 2], [3, 4]]).matMul(tf.tensor([[1], [1]]))"),
    ("tsdl, no cell cache", "tsdl", {"TSDL_NO_CELL_CACHE": "1"}, "tf.tensor([1, 2]).add(1)", "1 + 1",
     "tf.tensor([[1, 2], [3, 4]]).matMul(tf.tensor([[1], [1]]))"),
    ("tsdl, tslab builder", "tsdl", {"TSDL_BUILDER_PROGRAM": "1", "TSDL_NO_CELL_CACHE": "1"}, "tf.tensor([1, 2]).add(1)", "1 + 1",
     "tf.tensor([[1, 2], [3, 4]]).matMul(tf.tensor([[1], [1]]))"),
    ("IPython + PyTorch", "python3", {}, "import torch\ntorch.tensor([1., 2.]) + 1", "1 + 1",
     "torch.tensor([[1., 2.], [3., 4.]]) @ torch.tensor([[1.], [1.]])"),
]


def timed_run(kc, code):
    start = time.perf_counter()
    reply, msgs = harness.run(kc, code)
    elapsed = time.perf_counter() - start
    if reply["content"]["status"] != "ok" or not harness.of_type(msgs, "execute_result"):
        raise RuntimeError(f"cell {code!r} failed: {reply['content']}")
    return elapsed


def measure(label, name, env, first, trivial, tensor, repeats):
    km = KernelManager(kernel_name=name)
    start = time.perf_counter()
    km.start_kernel(env={**os.environ, **env}, cwd=os.path.join(harness.ROOT, "notebooks"))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        timed_run(kc, first)
        to_first = time.perf_counter() - start
        timed_run(kc, trivial)
        timed_run(kc, tensor)
        trivial_times = [timed_run(kc, trivial) for _ in range(repeats)]
        tensor_times = [timed_run(kc, tensor) for _ in range(repeats)]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return label, to_first, statistics.median(trivial_times), statistics.median(tensor_times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    rows = [measure(*k, repeats=args.repeats) for k in KERNELS]
    ref = rows[-1]
    print(f"\nkernel benchmark (median of {args.repeats} cells; ratio = kernel / IPython+PyTorch)")
    print(f"{'kernel':<22}{'start->1st tensor':>20}{'trivial cell':>16}{'ratio':>7}{'tensor cell':>15}{'ratio':>7}")
    for label, first, trivial, tensor in rows:
        print(f"{label:<22}{first:>19.2f}s{trivial * 1000:>14.1f}ms{trivial / ref[2]:>7.1f}"
              f"{tensor * 1000:>13.1f}ms{tensor / ref[3]:>7.1f}")
    print(f"targets: start->first tensor < 2 s; medians <= IPython's. load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
