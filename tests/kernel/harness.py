"""Shared set-up for the kernel protocol tests: installs the tsdl kernelspec into a temporary prefix and
points Jupyter at it, so the tests do not depend on (or change) the user's Jupyter configuration."""
import atexit
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TIMEOUT = 60

_prefix = tempfile.mkdtemp(prefix="tsdl-kernelspec-")
atexit.register(shutil.rmtree, _prefix, True)


def install(name="tsdl", interrupt_mode="message"):
    """Installs the kernelspec as `name` (a copy with another interrupt mode gets another name)."""
    subprocess.run(
        ["node", os.path.join(ROOT, "bin", "tsdl.js"), "install", "--prefix", _prefix, "--interrupt-mode", interrupt_mode],
        check=True, stdout=subprocess.DEVNULL,
    )
    kernels = os.path.join(_prefix, "share", "jupyter", "kernels")
    if name != "tsdl":
        target = os.path.join(kernels, name)
        shutil.rmtree(target, ignore_errors=True)
        os.rename(os.path.join(kernels, "tsdl"), target)
    paths = os.environ.get("JUPYTER_PATH", "")
    share = os.path.join(_prefix, "share", "jupyter")
    if share not in paths.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = share + (os.pathsep + paths if paths else "")
    return os.path.join(kernels, name)


install("tsdl", "message")
install("tsdl-signal", "signal")
install("tsdl", "message")


def start(kernel_name="tsdl"):
    """Starts a kernel and a blocking client; returns (manager, client)."""
    from jupyter_client.manager import start_new_kernel
    return start_new_kernel(kernel_name=kernel_name, startup_timeout=TIMEOUT, cwd=os.path.join(ROOT, "notebooks"))


def run(kc, code, timeout=TIMEOUT, **kwargs):
    """Executes code; returns (reply, iopub messages of this request up to idle)."""
    msg_id = kc.execute(code, **kwargs)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply, collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=TIMEOUT):
    """iopub messages whose parent is msg_id, up to its idle status."""
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out
        out.append(msg)


def of_type(msgs, msg_type):
    return [m for m in msgs if m["msg_type"] == msg_type]


def stdout_text(msgs, name="stdout"):
    return "".join(m["content"]["text"] for m in of_type(msgs, "stream") if m["content"]["name"] == name)
