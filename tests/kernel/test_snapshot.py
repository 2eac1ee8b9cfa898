"""The kernel's start-up snapshot, driven through Jupyter's client like a front end does.

`tsdl snapshot` is run into a temporary cache folder; kernels started with that folder come up from it through
the launcher (`bin/tsdl.js kernel`), kernels with `TSDL_SNAPSHOT=0` or with an unloadable snapshot start in the
launcher's own process. Run with `npm run test:protocol`.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import harness
from jupyter_client.manager import KernelManager

BIN = os.path.join(harness.ROOT, "bin", "tsdl.js")
LOCATION = os.path.join(harness.ROOT, "dist", "kernel", "snapshot", "location.js")


def snapshot_file(env):
    """Where the kernel looks for its snapshot with this environment."""
    code = f"console.log(require({json.dumps(LOCATION)}).kernelSnapshotFile())"
    return subprocess.run(["node", "-e", code], env=env, check=True, capture_output=True, text=True).stdout.strip()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped) counts as gone
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(")")[-1].split()[0] != "Z"


class SnapshotKernel:
    """A kernel started with `env`, its launcher's pid and a client; a context manager."""

    def __init__(self, env):
        self.km = KernelManager(kernel_name="tsdl")
        self.km.start_kernel(env=env, cwd=os.path.join(harness.ROOT, "notebooks"))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=harness.TIMEOUT)
        self.launcher = self.km.provisioner.process.pid

    def value(self, code):
        reply, msgs = harness.run(self.kc, code)
        assert reply["content"]["status"] == "ok", reply["content"]
        return harness.of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


class TestSnapshot(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cache = tempfile.mkdtemp(prefix="tsdl-cache-")
        cls.env = {**os.environ, "TSDL_CACHE_DIR": cls.cache}
        cls.env.pop("TSDL_SNAPSHOT", None)
        made = subprocess.run(["node", BIN, "snapshot"], env=cls.env, capture_output=True, text=True, timeout=300)
        assert made.returncode == 0, made.stderr
        cls.blob = snapshot_file(cls.env)
        assert os.path.exists(cls.blob), made.stdout + made.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.cache, ignore_errors=True)

    def test_kernel_comes_up_from_the_snapshot(self):
        with SnapshotKernel(self.env) as k:
            kernel_pid = int(k.value("process.pid"))
            self.assertNotEqual(kernel_pid, k.launcher, "the kernel runs in the launcher's process: no snapshot used")
            with open(f"/proc/{kernel_pid}/cmdline") as f:
                self.assertIn("--snapshot-blob", f.read().replace("\0", " "))
            self.assertEqual(k.value("tf.tensor([1, 2]).add(1).arraySync()"), "[ 2, 3 ]")
            # what Node leaves out of snapshots is put back: stack traces, and clean execArgv for child processes
            self.assertEqual(k.value("Error.stackTraceLimit"), "10")
            self.assertEqual(k.value("process.execArgv.filter((a) => a.includes('snapshot')).length"), "0")
            self.assertEqual(k.value(
                "require('child_process').execFileSync(process.execPath, [...process.execArgv, '-e', 'console.log(6 * 7)']).toString().trim()"),
                "'42'")
            reply, msgs = harness.run(k.kc, "const n: number = 1;\nconst o: any = null;\no.field")
            tb = "\n".join(harness.of_type(msgs, "error")[0]["content"]["traceback"])
            self.assertIn("cell line 3", tb)
            reply, msgs = harness.run(k.kc, "const s: string = 1;")
            self.assertIn("Type 'number' is not assignable to type 'string'", harness.of_type(msgs, "error")[0]["content"]["evalue"])

    def test_killing_the_launcher_stops_the_kernel(self):
        with SnapshotKernel(self.env) as k:
            kernel_pid = int(k.value("process.pid"))
            os.kill(k.launcher, signal.SIGKILL)
            deadline = time.time() + 10
            while alive(kernel_pid) and time.time() < deadline:
                time.sleep(0.1)
            self.assertFalse(alive(kernel_pid), "the kernel outlived its launcher")

    def test_interrupt_by_signal_reaches_the_snapshot_kernel(self):
        km = KernelManager(kernel_name="tsdl-signal")
        km.start_kernel(env=self.env, cwd=os.path.join(harness.ROOT, "notebooks"))
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=harness.TIMEOUT)
            msg_id = kc.execute("(globalThis as any).spins = 0;\nwhile (true) { (globalThis as any).spins++; }")
            time.sleep(2)
            km.interrupt_kernel()
            reply = kc.get_shell_msg(timeout=10)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=10)
            self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
            reply, msgs = harness.run(kc, "(globalThis as any).spins > 0")
            self.assertEqual(harness.of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"], "true")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def test_tsdl_snapshot_0_starts_without_it(self):
        with SnapshotKernel({**self.env, "TSDL_SNAPSHOT": "0"}) as k:
            self.assertEqual(int(k.value("process.pid")), k.launcher)
            self.assertEqual(k.value("tf.tensor([1, 2]).add(1).arraySync()"), "[ 2, 3 ]")

    def test_an_unloadable_snapshot_is_set_aside(self):
        cache = tempfile.mkdtemp(prefix="tsdl-cache-bad-")
        try:
            env = {**self.env, "TSDL_CACHE_DIR": cache}
            blob = snapshot_file(env)
            os.makedirs(os.path.dirname(blob))
            with open(blob, "wb") as f:
                f.write(b"not a snapshot")
            with SnapshotKernel(env) as k:
                self.assertEqual(int(k.value("process.pid")), k.launcher, "the kernel should have started in the launcher")
                self.assertEqual(k.value("tf.tensor([1, 2]).add(1).arraySync()"), "[ 2, 3 ]")
            self.assertFalse(os.path.exists(blob))
            self.assertTrue(os.path.exists(blob + ".failed"), "no marker: the bad snapshot would be rebuilt and retried")
        finally:
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
