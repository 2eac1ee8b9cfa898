"""npm run slides: execute every course notebook and write one reveal.js deck each.

    /usr/bin/python3 scripts/slides/build_slides.py [--notebooks DIR] [--out DIR]
        [--kernel NAME] [--timeout SECONDS] [--no-execute] [NOTEBOOK ...]

Writes (default out: out/slides/) <out>/<notebook path>.slides.html, <out>/index.html, and copies
reveal.js, require.js, mermaid.js and KaTeX (from node_modules) into <out>/vendor/, referenced with
relative URLs, so the decks work when opened from disk without network.
TSDL_QUICK=1 in the environment reaches the kernel (course notebooks run a
short version of their training loops). Notebooks using the ``tsdl`` kernel get
it from a temporary kernelspec written by ``node bin/tsdl.js install --prefix``.
A cell that fails stops that notebook's deck (tag a cell ``raises-exception`` to
show an intended error); the command then exits non-zero after the other decks.
"""

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deck_export import export_deck  # noqa: E402
from slide_layout import add_heading_slides  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def find_notebooks(folder):
    """Every .ipynb under ``folder`` (checkpoints excluded), sorted by path."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, f) for f in sorted(files) if f.endswith(".ipynb")]
    return found


def copy_vendor(out_dir):
    """Copies reveal.js (dist + notes plugin), require.js, mermaid.js and KaTeX into out/vendor/."""
    modules = os.path.join(REPO, "node_modules")
    reveal = os.path.join(modules, "reveal.js")
    requirejs = os.path.join(modules, "requirejs", "require.js")
    mermaid = os.path.join(modules, "mermaid", "dist", "mermaid.min.js")
    katex = os.path.join(modules, "katex", "dist")
    for needed in (reveal, requirejs, mermaid, katex):
        if not os.path.exists(needed):
            raise SystemExit(f"slides: {os.path.relpath(needed, REPO)} is missing; run `npm install` first")
    vendor = os.path.join(out_dir, "vendor")
    target = os.path.join(vendor, "reveal.js")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(os.path.join(reveal, "dist"), os.path.join(target, "dist"))
    shutil.copytree(os.path.join(reveal, "plugin", "notes"), os.path.join(target, "plugin", "notes"))
    shutil.copyfile(requirejs, os.path.join(vendor, "require.js"))
    shutil.copyfile(mermaid, os.path.join(vendor, "mermaid.min.js"))
    # KaTeX for the $...$ formulas of markdown cells: script, auto-render, stylesheet and its fonts.
    katex_out = os.path.join(vendor, "katex")
    shutil.rmtree(katex_out, ignore_errors=True)
    os.makedirs(os.path.join(katex_out, "contrib"))
    for name in ("katex.min.js", "katex.min.css", os.path.join("contrib", "auto-render.min.js")):
        shutil.copyfile(os.path.join(katex, name), os.path.join(katex_out, name))
    shutil.copytree(os.path.join(katex, "fonts"), os.path.join(katex_out, "fonts"))


def kernel_name_of(nb, override):
    return override or nb.metadata.get("kernelspec", {}).get("name") or "python3"


def install_tsdl_kernelspec(prefix):
    """Writes the tsdl kernelspec under ``prefix`` and puts it on JUPYTER_PATH."""
    cli = os.path.join(REPO, "bin", "tsdl.js")
    if not os.path.isfile(cli):
        raise SystemExit("slides: notebooks need the tsdl kernel but bin/tsdl.js does not exist yet")
    subprocess.run(["node", cli, "install", "--prefix", prefix], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL)
    data_dir = os.path.join(prefix, "share", "jupyter")
    paths = [data_dir] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(paths)


def deck_title(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.lstrip().startswith("#"):
                    return line.lstrip("# ").strip()
    return fallback


def decks_in(out_dir):
    """(href, title, source) of every deck in out_dir, also those of earlier runs."""
    found = []
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = sorted(d for d in dirs if d != "vendor")
        for name in sorted(files):
            if not name.endswith(".slides.html"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                head = f.read(4096)
            match = re.search(r"<title>(.*?) slides</title>", head, re.S)
            href = os.path.relpath(path, out_dir).replace(os.sep, "/")
            title = html.unescape(match.group(1).strip()) if match else href
            found.append((href, title, href[: -len(".slides.html")] + ".ipynb"))
    return found


def write_index(out_dir, decks, failures):
    rows = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title)}</a> '
        f'<span class="path">{html.escape(source)}</span></li>'
        for href, title, source in decks
    )
    failed = "".join(f"<li>{html.escape(name)}: {html.escape(reason)}</li>" for name, reason in failures)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>tsdl lecture slides</title>
<style>
body {{ font-family: sans-serif; font-size: 22px; max-width: 60em; margin: 2em auto; }}
.path {{ color: #777; font-size: 0.7em; margin-left: 0.5em; }}
li {{ margin: 0.4em 0; }}
</style></head>
<body><h1>tsdl lecture slides</h1>
<ol class="decks">
{rows}
</ol>
{f'<h2>Not built</h2><ul class="failures">{failed}</ul>' if failures else ''}
</body></html>
"""
    with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write(page)


def build_deck(path, notebooks_dir, out_dir, args):
    """Executes one notebook and writes its deck; returns (href, title)."""
    nb = nbformat.read(path, as_version=4)
    relative = os.path.relpath(path, notebooks_dir)
    stem = relative[: -len(".ipynb")]
    depth = stem.count(os.sep)
    if args.execute:
        client = NotebookClient(
            nb,
            timeout=args.timeout,
            kernel_name=kernel_name_of(nb, args.kernel),
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
            allow_errors=False,
        )
        client.execute()
    add_heading_slides(nb)
    title = deck_title(nb, os.path.basename(stem))
    body = export_deck(nb, "../" * depth + "vendor/", title)
    href = stem.replace(os.sep, "/") + ".slides.html"
    target = os.path.join(out_dir, stem + ".slides.html")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        f.write(body)
    return href, title


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="notebooks (default: all under --notebooks)")
    parser.add_argument("--notebooks", default=os.path.join(REPO, "notebooks"))
    parser.add_argument("--out", default=os.path.join(REPO, "out", "slides"))
    parser.add_argument("--kernel", default=None, help="kernel for every notebook (default: its own)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    parser.add_argument("--no-execute", dest="execute", action="store_false",
                        help="use the outputs saved in the notebooks")
    args = parser.parse_args(argv)
    # ipykernel's debugger warns about frozen modules on every start; nothing to act on.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    notebooks_dir = os.path.abspath(args.notebooks)
    paths = [os.path.abspath(p) for p in args.paths] or find_notebooks(notebooks_dir)
    os.makedirs(args.out, exist_ok=True)
    copy_vendor(args.out)
    quick = os.environ.get("TSDL_QUICK") == "1"
    print(f"slides: {len(paths)} notebook(s) -> {args.out}{' (quick mode)' if quick else ''}", flush=True)

    decks, failures = [], []
    with tempfile.TemporaryDirectory(prefix="tsdl-slides-") as prefix:
        kernels = {kernel_name_of(nbformat.read(p, as_version=4), args.kernel) for p in paths}
        if args.execute and "tsdl" in kernels:
            install_tsdl_kernelspec(prefix)
        for path in paths:
            started = time.time()
            name = os.path.relpath(path, notebooks_dir)
            try:
                href, title = build_deck(path, notebooks_dir, args.out, args)
            except CellExecutionError as error:
                failures.append((name, str(error).strip().splitlines()[-1][:300]))
                print(f"slides: FAILED {name}: a cell raised an error\n{error}", flush=True)
                continue
            except Exception as error:  # a kernel that died, a timeout, a bad notebook
                failures.append((name, f"{type(error).__name__}: {error}"[:300]))
                print(f"slides: FAILED {name}: {type(error).__name__}: {error}", flush=True)
                continue
            decks.append((href, title, name))
            print(f"slides: {name} -> {href} ({time.time() - started:.1f} s)", flush=True)
    write_index(args.out, decks_in(args.out), failures)
    print(f"slides: {len(decks)} deck(s) written, {len(failures)} failed; open {os.path.join(args.out, 'index.html')}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
