"""Kernel speed benchmark: tsdl against the IPython kernel with PyTorch, in the same run.

For each kernel: time from starting the kernel process to the first tensor result, and the median latency
(execute_request sent -> idle) of a trivial cell and of a small tensor cell, each both repeated (the same
code again: tsdl answers from its cache of type-checked cells) and new (a different constant each time, so
tsdl type-checks every cell), and, in a second start of each kernel, the latency of the first tensor cell sent
after 3 s of idle time, and the median new trivial and tensor cells after it: what a user who starts a kernel,
reads, and then runs cells sees (tsdl type-checks made-up cells meanwhile, `kernel/idle_warm_up.ts`; IPython's
first cell imports torch, as a notebook's first cell does). tsdl starts from its start-up snapshot
(made first with `tsdl snapshot`) and, for comparison, without it (TSDL_SNAPSHOT=0). Also runs tsdl on tslab's
own converter (TSDL_BUILDER_PROGRAM=1: builder program, every @types package, no variance hints; with
TSDL_CHECKER_REUSE=0 and TSDL_WARM_UP=0, a checker per cell and no warm-up) to show what the speed work saves;
TSDL_ALL_TYPES=1 and TSDL_NO_VARIANCE_HINTS=1 turn single changes off, TSDL_TIMING=1 logs the kernel's start-up
phases and per-cell convert/run times to its stderr. Absolute times depend on the machine's load; compare the
ratios to IPython measured in the same run.
Each of `--rounds` rounds (default 3) starts every kernel afresh, in alternating order; the table gives the
median over rounds, and each ratio is the median of the ratios within a round (this machine's speed moves by a
fifth within minutes), followed by every round's ratios.
Usage: npm run bench:kernel  [-- --repeats N --rounds R]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "kernel"))
import harness  # noqa: E402  (installs the tsdl kernelspec into a temporary prefix)
from jupyter_client.manager import KernelManager  # noqa: E402

TSDL_CELLS = ("tf.tensor([1, 2]).add(1)", "1 + {i}", "tf.tensor([[1, 2], [3, {i}]]).matMul(tf.tensor([[1], [1]]))")
KERNELS = [
    # label, kernel name, extra env, (first tensor cell, trivial cell, small tensor cell); {i} varies new cells
    ("tsdl", "tsdl", {}, TSDL_CELLS),
    ("tsdl without snapshot", "tsdl", {"TSDL_SNAPSHOT": "0"}, TSDL_CELLS),
    ("tsdl on tslab converter", "tsdl", {"TSDL_BUILDER_PROGRAM": "1", "TSDL_SNAPSHOT": "0", "TSDL_CHECKER_REUSE": "0",
                                         "TSDL_WARM_UP": "0"}, TSDL_CELLS),
    ("IPython + PyTorch", "python3", {}, ("import torch\ntorch.tensor([1., 2.]) + 1", "1 + {i}",
                                          "torch.tensor([[1., 2.], [3., {i}.]]) @ torch.tensor([[1.], [1.]])")),
]


def timed_run(kc, code):
    start = time.perf_counter()
    reply, msgs = harness.run(kc, code)
    elapsed = time.perf_counter() - start
    if reply["content"]["status"] != "ok" or not harness.of_type(msgs, "execute_result"):
        raise RuntimeError(f"cell {code!r} failed: {reply['content']}")
    return elapsed


IDLE_SECONDS = 3


def start(name, env):
    km = KernelManager(kernel_name=name)
    km.start_kernel(env={**os.environ, **env}, cwd=os.path.join(harness.ROOT, "notebooks"))
    kc = km.client()
    kc.start_channels()
    return km, kc


def after_idle(name, env, cells, repeats):
    """A user's view: the kernel starts, the user reads for IDLE_SECONDS, then runs cells. Returns the first
    (tensor) cell's latency and the medians of new trivial and new tensor cells after it."""
    first, trivial, tensor = cells
    km, kc = start(name, env)
    try:
        kc.wait_for_ready(timeout=300)
        time.sleep(IDLE_SECONDS)
        return [
            timed_run(kc, first),
            statistics.median(timed_run(kc, trivial.format(i=i + 5)) for i in range(repeats)),
            statistics.median(timed_run(kc, tensor.format(i=i + 5)) for i in range(repeats)),
        ]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def measure(label, name, env, cells, repeats):
    first, trivial, tensor = cells
    start_time = time.perf_counter()
    km, kc = start(name, env)
    try:
        kc.wait_for_ready(timeout=300)
        timed_run(kc, first)
        to_first = time.perf_counter() - start_time
        timed_run(kc, trivial.format(i=0))
        timed_run(kc, tensor.format(i=0))
        medians = [
            statistics.median(timed_run(kc, trivial.format(i=0)) for _ in range(repeats)),
            statistics.median(timed_run(kc, tensor.format(i=0)) for _ in range(repeats)),
            statistics.median(timed_run(kc, trivial.format(i=i + 5)) for i in range(repeats)),
            statistics.median(timed_run(kc, tensor.format(i=i + 5)) for i in range(repeats)),
        ]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    medians.extend(after_idle(name, env, cells, repeats))
    return label, to_first, medians


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    # the "tsdl" row starts from the kernel snapshot, as a user's kernel does after `npm install`
    subprocess.run(["node", os.path.join(harness.ROOT, "bin", "tsdl.js"), "snapshot"], check=True)
    # Each round measures every kernel, in the opposite order from the round before, so that a drift of the
    # machine's speed during the run weighs on both sides of a ratio; ratios are taken within a round.
    rounds = []
    for r in range(args.rounds):
        order = KERNELS if r % 2 == 0 else KERNELS[::-1]
        measured = {k[0]: measure(*k, repeats=args.repeats) for k in order}
        rounds.append([measured[k[0]] for k in KERNELS])
    columns = ["trivial, repeated", "tensor, repeated", "trivial, new", "tensor, new", f"1st cell, {IDLE_SECONDS}s idle",
               "trivial, new, idle", "tensor, new, idle"]
    print(f"\nkernel benchmark: {args.rounds} round(s), each kernel started afresh in each; times are the median over rounds "
          f"of each round's median of {args.repeats} cells; x = the median over rounds of the ratio to IPython+PyTorch in "
          "the same round")
    print(f"{'kernel':<24}{'start->1st tensor':>22}" + "".join(f"{c:>22}" for c in columns))
    for k, (label, _, _, _) in enumerate(KERNELS):
        firsts = [rnd[k][1] for rnd in rounds]
        first_ratio = statistics.median(rnd[k][1] / rnd[-1][1] for rnd in rounds)
        cells = ""
        for c in range(len(columns)):
            value = statistics.median(rnd[k][2][c] for rnd in rounds)
            ratio = statistics.median(rnd[k][2][c] / rnd[-1][2][c] for rnd in rounds)
            cells += f"{value * 1000:>12.1f}ms {ratio:>5.1f}x"
        print(f"{label:<24}{statistics.median(firsts):>14.2f}s {first_ratio:>5.1f}x{cells}")
    if args.rounds > 1:
        print("per round, x IPython+PyTorch (start->1st tensor; " + "; ".join(columns) + "):")
        for k, (label, _, _, _) in enumerate(KERNELS[:-1]):
            per_round = [" ".join([f"{rnd[k][1] / rnd[-1][1]:.1f}"] + [f"{rnd[k][2][c] / rnd[-1][2][c]:.1f}" for c in range(len(columns))])
                         for rnd in rounds]
            print(f"  {label:<24}" + " | ".join(per_round))
    print(f"targets: start->first tensor < 2 s; medians <= IPython's. load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
