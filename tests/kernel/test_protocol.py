"""Protocol tests the Jupyter kernel test suite does not cover: execute_input, counting, rich results, errors
of every kind, display updates, streams, interrupts (message and signal), restart, bad signatures, bad input."""
import collections
import os
import random
import time
import unittest
from queue import Empty

import harness
from harness import of_type, run, stdout_text


class KernelCase(unittest.TestCase):
    kernel_name = "tsdl"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = harness.start(cls.kernel_name)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def ok(self, code, **kw):
        reply, msgs = run(self.kc, code, **kw)
        self.assertEqual(reply["content"]["status"], "ok", msg=str(of_type(msgs, "error")))
        return reply, msgs

    def fails(self, code):
        reply, msgs = run(self.kc, code)
        self.assertEqual(reply["content"]["status"], "error")
        errors = of_type(msgs, "error")
        self.assertEqual(len(errors), 1)
        for key in ("ename", "evalue", "traceback"):
            self.assertIn(key, reply["content"])
            self.assertEqual(reply["content"][key], errors[0]["content"][key])
        return reply["content"]

    def result(self, code):
        _, msgs = self.ok(code)
        results = of_type(msgs, "execute_result")
        self.assertEqual(len(results), 1, msg=str(msgs))
        return results[0]["content"]


class TestMessages(KernelCase):
    def test_kernel_info_is_complete(self):
        self.kc.kernel_info()
        content = self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual(content["protocol_version"], "5.3")
        info = content["language_info"]
        for key in ("name", "version", "mimetype", "file_extension", "codemirror_mode", "pygments_lexer"):
            self.assertIn(key, info)
        self.assertEqual(info["name"], "typescript")
        self.assertRegex(content["banner"], r"tfjs backend: (tensorflow|wasm|cpu|webgl)")

    def test_execute_input_broadcast_and_count_increments(self):
        r1, m1 = self.ok("1")
        r2, m2 = self.ok("2")
        inputs = of_type(m2, "execute_input")
        self.assertEqual(len(inputs), 1)
        self.assertEqual(inputs[0]["content"]["code"], "2")
        self.assertEqual(r2["content"]["execution_count"], r1["content"]["execution_count"] + 1)
        self.assertEqual(inputs[0]["content"]["execution_count"], r2["content"]["execution_count"])

    def test_execute_result_always_has_text_plain_and_rich_metadata(self):
        content = self.result('({ [Symbol.for("Jupyter.display")]() { return { data: { "text/html": "<i>x</i>" }, '
                              'metadata: { "text/html": { isolated: true } } }; } })')
        self.assertEqual(content["data"]["text/html"], "<i>x</i>")
        self.assertIn("text/plain", content["data"])
        self.assertEqual(content["metadata"], {"text/html": {"isolated": True}})
        self.assertEqual(self.result("new Map([[1, 'a']])")["data"], {"text/plain": "Map(1) { 1 => 'a' }"})

    def test_statement_without_value_has_no_result(self):
        _, msgs = self.ok("const noValue = 3;")
        self.assertEqual(of_type(msgs, "execute_result"), [])

    def test_variables_functions_and_types_persist(self):
        self.ok("interface Point { x: number }\nfunction norm(p: Point): number { return Math.abs(p.x); }\nconst pt: Point = { x: -4 };")
        self.assertEqual(self.result("norm(pt)")["data"]["text/plain"], "4")

    def test_top_level_await(self):
        self.assertEqual(self.result("await new Promise<number>((r) => setTimeout(() => r(7), 20))")["data"]["text/plain"], "7")

    def test_tensor_result(self):
        self.assertIn("text/plain", self.result("tf.tensor([1, 2]).add(1)")["data"])

    def test_preloaded_names_are_type_checked(self):
        err = self.fails("tf.tensor([1]).notAMethod()")
        self.assertEqual(err["ename"], "TypeError")
        self.assertIn("notAMethod", err["evalue"])
        self.assertEqual(self.result("typeof display.html")["data"]["text/plain"], "'function'")

    def test_import_npm_package_and_project_module(self):
        self.assertEqual(self.result('import { join } from "path";\njoin("a", "b")')["data"]["text/plain"], "'a/b'")
        root = harness.ROOT
        self.assertEqual(self.result(f'import {{ toMimeBundle }} from "{root}/dist/display/protocol";\n'
                                     'toMimeBundle(5).data["text/plain"]')["data"]["text/plain"], "'5'")

    def test_display_data_ids_and_update(self):
        _, msgs = self.ok('const handle = display.html("<b>1</b>"); handle.update("<b>2</b>");')
        shown = of_type(msgs, "display_data")
        updated = of_type(msgs, "update_display_data")
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updated), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertTrue(display_id)
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], display_id)
        self.assertEqual(updated[0]["content"]["data"]["text/html"], "<b>2</b>")
        _, later = self.ok('handle.update("<b>3</b>")')
        self.assertEqual(of_type(later, "update_display_data")[0]["content"]["transient"]["display_id"], display_id)

    def test_display_of_object_with_protocol(self):
        _, msgs = self.ok('display({ [Symbol.for("Jupyter.display")]: () => ({ "text/markdown": "**m**" }) })')
        data = of_type(msgs, "display_data")[0]["content"]["data"]
        self.assertEqual(data["text/markdown"], "**m**")
        self.assertIn("text/plain", data)
        self.assertEqual(of_type(msgs, "execute_result"), [])

    def test_clear_output_wait(self):
        _, msgs = self.ok("clearOutput({ wait: true })")
        self.assertEqual(of_type(msgs, "clear_output")[0]["content"], {"wait": True})

    def test_complete_cursor_positions(self):
        self.ok("const learningRate = 0.1;")
        code = "learningR + 1"
        self.kc.complete(code, 9)
        content = self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]
        self.assertIn("learningRate", content["matches"])
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (0, 9))
        self.kc.complete("tf.ten", 6)
        content = self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]
        self.assertIn("tensor", content["matches"])
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (3, 6))

    def test_inspect_shows_type(self):
        self.ok("const inspected: number[] = [1];")
        self.kc.inspect("inspected", 3)
        content = self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]
        self.assertTrue(content["found"])
        self.assertIn("number[]", content["data"]["text/plain"])
        self.kc.inspect("   ", 1)
        self.assertFalse(self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]["found"])

    def test_is_complete_statuses(self):
        for code, status in (("1", "complete"), ("if (x) {", "incomplete"), ("const = 1", "invalid")):
            self.kc.is_complete(code)
            self.assertEqual(self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]["status"], status, code)

    def test_history_tail_range_search(self):
        self.ok("const historyMarker = 1;")
        self.kc.history(hist_access_type="search", pattern="const historyMarker*", output=False, raw=True)
        hist = self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]["history"]
        self.assertEqual(hist[-1][2], "const historyMarker = 1;")
        self.kc.history(hist_access_type="tail", n=1, output=False, raw=True)
        self.assertEqual(len(self.kc.get_shell_msg(timeout=harness.TIMEOUT)["content"]["history"]), 1)

    def test_comm_info(self):
        msg = self.kc.session.msg("comm_info_request", {})
        self.kc.shell_channel.send(msg)
        reply = self.kc.get_shell_msg(timeout=harness.TIMEOUT)
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"]["comms"], {})

    def test_silent_execution_sends_no_outputs(self):
        reply, msgs = self.ok('5', silent=True)
        self.assertEqual([m["msg_type"] for m in msgs if m["msg_type"] not in ("status", "stream")], [])


class TestStdinAndHelp(KernelCase):
    def answer(self, code, answers):
        """Runs code, answering its input_requests in order; returns (prompts, reply, iopub messages)."""
        msg_id = self.kc.execute(code, allow_stdin=True)
        prompts = []
        for value in answers:
            request = self.kc.get_stdin_msg(timeout=harness.TIMEOUT)
            self.assertEqual(request["parent_header"]["msg_id"], msg_id)
            prompts.append((request["content"]["prompt"], request["content"]["password"]))
            self.kc.input(value)
        reply = self.kc.get_shell_msg(timeout=harness.TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        return prompts, reply, harness.collect(self.kc, msg_id)

    def test_input_asks_the_front_end_and_returns_the_line(self):
        prompts, reply, msgs = self.answer(
            'const who = await input("Name: ");\nconst secret = await input("Password: ", { password: true });\n`${who} ${secret.length}`',
            ["Ada", "hunter2"])
        self.assertEqual(prompts, [("Name: ", False), ("Password: ", True)])
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"], "'Ada 7'")
        self.assertEqual(self.result("who")["data"]["text/plain"], "'Ada'")

    def test_input_without_stdin_is_a_clear_error(self):
        reply, msgs = run(self.kc, 'await input("Epochs? ")', allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("does not accept input", reply["content"]["evalue"])
        self.assertIn("allow_stdin: false", reply["content"]["evalue"])
        self.assertEqual(self.result("1 + 1")["data"]["text/plain"], "2")

    def test_input_prompt_must_be_a_string(self):
        content = self.fails("await input(42 as any)")
        self.assertIn("prompt must be a string", content["evalue"])

    def test_help_suffix_pages_the_documentation(self):
        reply, msgs = self.ok("tf.matMul?")
        payload = reply["content"]["payload"]
        self.assertEqual(len(payload), 1)
        self.assertEqual(payload[0]["source"], "page")
        self.assertIn("matMul", payload[0]["data"]["text/plain"])
        self.assertEqual(of_type(msgs, "execute_result"), [])
        reply, msgs = self.ok("nn.Linear??")
        self.assertIn("Linear", reply["content"]["payload"][0]["data"]["text/plain"])

    def test_help_on_an_unknown_name_says_so(self):
        reply, msgs = self.ok("noSuchThing?")
        self.assertEqual(reply["content"]["payload"], [])
        self.assertIn("Object `noSuchThing` not found.", stdout_text(msgs))


class TestKernelspec(unittest.TestCase):
    def test_install_writes_spec_and_logos(self):
        import json
        import struct
        import subprocess
        import tempfile
        prefix = tempfile.mkdtemp(prefix="tsdl-spec-check-")
        subprocess.run(["node", os.path.join(harness.ROOT, "bin", "tsdl.js"), "install", "--prefix", prefix,
                        "--interrupt-mode", "signal"], check=True, stdout=subprocess.DEVNULL)
        spec_dir = os.path.join(prefix, "share", "jupyter", "kernels", "tsdl")
        self.addCleanup(__import__("shutil").rmtree, prefix, True)
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            spec = json.load(f)
        self.assertEqual(spec["display_name"], "TypeScript (tsdl)")
        self.assertEqual(spec["language"], "typescript")
        self.assertEqual(spec["interrupt_mode"], "signal")
        self.assertEqual(spec["argv"][1:], [os.path.join(harness.ROOT, "bin", "tsdl.js"), "kernel", "{connection_file}"])
        for size in (32, 64):
            with open(os.path.join(spec_dir, f"logo-{size}x{size}.png"), "rb") as f:
                head = f.read(24)
            self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual(struct.unpack(">II", head[16:24]), (size, size))
        subprocess.run(["node", os.path.join(harness.ROOT, "bin", "tsdl.js"), "uninstall", "--prefix", prefix],
                       check=True, stdout=subprocess.DEVNULL)
        self.assertFalse(os.path.exists(spec_dir))


class TestBadInput(KernelCase):
    def setUp(self):
        self.ok("const survivor = 41;")

    def tearDown(self):
        self.assertEqual(self.result("survivor + 1")["data"]["text/plain"], "42")

    def test_syntax_error_points_at_line(self):
        err = self.fails("const a = 1;\nconst b = ;")
        self.assertEqual(err["ename"], "SyntaxError")
        self.assertIn("line 2", err["evalue"])

    def test_type_error_points_at_line(self):
        err = self.fails('const ok = 1;\nconst s: string = 5;')
        self.assertEqual(err["ename"], "TypeError")
        self.assertIn("not assignable", err["evalue"])
        self.assertIn("line 2", err["evalue"])
        self.assertTrue(any("const s: string = 5;" in line for line in err["traceback"]))

    def test_runtime_error_points_at_cell_line(self):
        err = self.fails('const first = 1;\nconst obj: any = null;\nobj.field;')
        self.assertEqual(err["ename"], "TypeError")
        self.assertIn("null", err["evalue"])
        self.assertTrue(any("cell line 3" in line for line in err["traceback"]), err["traceback"])

    def test_thrown_non_errors(self):
        err = self.fails("throw 42;")
        self.assertEqual((err["ename"], err["evalue"]), ("Uncaught number", "42"))
        err = self.fails('throw { code: "E1" };')
        self.assertEqual(err["evalue"], '{"code":"E1"}')

    def test_stack_overflow(self):
        err = self.fails("function down(n: number): number { return down(n + 1) + 1; }\ndown(0)")
        self.assertEqual(err["ename"], "RangeError")

    def test_huge_allocation(self):
        self.assertEqual(self.fails("new Array(2 ** 33)")["ename"], "RangeError")
        self.assertEqual(self.fails("new Float64Array(2 ** 45)")["ename"], "RangeError")

    def test_process_exit_is_refused(self):
        err = self.fails("process.exit(0)")
        self.assertIn("process.exit", err["evalue"])
        self.assertIn("Restart", err["evalue"])

    def test_unhandled_rejection_and_timer_error_are_reported(self):
        for code, text in (('Promise.reject(new Error("late failure")); 1', "late failure"),
                           ('setTimeout(() => { throw new Error("timer failure"); }, 10); 1', "timer failure")):
            self.ok(code)
            deadline = time.time() + 10
            seen = ""
            while text not in seen and time.time() < deadline:
                try:
                    msg = self.kc.get_iopub_msg(timeout=1)
                except Empty:
                    continue
                if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                    seen += msg["content"]["text"]
            self.assertIn(text, seen)

    def test_100k_lines_arrive_complete_in_few_messages(self):
        _, msgs = self.ok("for (let i = 0; i < 100000; i++) console.log(`line ${i}`);")
        streams = [m for m in of_type(msgs, "stream") if m["content"]["name"] == "stdout"]
        text = "".join(m["content"]["text"] for m in streams)
        self.assertEqual(text.count("\n"), 100000)
        self.assertTrue(text.startswith("line 0\n") and text.endswith("line 99999\n"))
        self.assertLessEqual(len(streams), 20)

    def test_5mb_output(self):
        _, msgs = self.ok('process.stdout.write("x".repeat(5_000_000)); "done"')
        self.assertEqual(len(stdout_text(msgs)), 5_000_000)

    def test_stdout_and_stderr_keep_order(self):
        _, msgs = self.ok('console.log("a"); console.error("b"); console.log("c");')
        self.assertEqual([(m["content"]["name"], m["content"]["text"]) for m in of_type(msgs, "stream")],
                         [("stdout", "a\n"), ("stderr", "b\n"), ("stdout", "c\n")])

    def test_bytes_split_inside_a_character_arrive_whole(self):
        _, msgs = self.ok('const b = Buffer.from("é → ok\\n"); process.stdout.write(b.subarray(0, 1)); '
                          'process.stdout.write(b.subarray(1, 4)); process.stdout.write(b.subarray(4));')
        self.assertEqual(stdout_text(msgs), "é → ok\n")

    def test_prints_of_a_synchronous_loop_arrive_while_it_runs(self):
        # A training loop that never awaits: each epoch's line must reach the notebook as it is printed, not
        # when the cell ends (IPython's behaviour; students watch the loss go down).
        msg_id = self.kc.execute('for (let epoch = 0; epoch < 3; epoch++) {\n'
                                 '  console.log(`epoch ${epoch}`);\n'
                                 '  const t0 = Date.now(); while (Date.now() - t0 < 700) {}\n}\nconsole.error("done");')
        arrivals = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=harness.TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            arrivals.append((time.monotonic(), msg))
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        end = arrivals[-1][0]
        streams = [(t, m["content"]["name"], m["content"]["text"]) for t, m in arrivals if m["msg_type"] == "stream"]
        self.assertEqual([(n, x) for _, n, x in streams],
                         [("stdout", f"epoch {e}\n") for e in range(3)] + [("stderr", "done\n")])
        self.assertGreater(end - streams[0][0], 1.0, "epoch 0's line came only when the cell ended")
        self.assertGreater(end - streams[1][0], 0.4, "epoch 1's line came only when the cell ended")

    def test_twenty_queued_cells(self):
        ids = [self.kc.execute(f"const queued{i} = {i}; queued{i} * 2") for i in range(20)]
        replies = {}
        while len(replies) < 20:
            reply = self.kc.get_shell_msg(timeout=harness.TIMEOUT)
            replies[reply["parent_header"]["msg_id"]] = reply["content"]
        counts = [replies[i]["execution_count"] for i in ids]
        self.assertTrue(all(replies[i]["status"] == "ok" for i in ids))
        self.assertEqual(counts, sorted(counts))
        self.assertEqual(len(set(counts)), 20)
        self.assertEqual(self.result("queued19")["data"]["text/plain"], "19")

    def test_display_protocol_returning_garbage(self):
        err = self.fails('({ [Symbol.for("Jupyter.display")]() { return 5; } })')
        self.assertIn("mime bundle", err["evalue"])

    def test_error_aborts_queued_cells(self):
        first = self.kc.execute('throw new Error("stop")')
        second = self.kc.execute("1")
        replies = {}
        while len(replies) < 2:
            reply = self.kc.get_shell_msg(timeout=harness.TIMEOUT)
            replies[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
        self.assertEqual(replies[first], "error")
        self.assertIn(replies[second], ("aborted", "ok"))


class InterruptCase(KernelCase):
    def interrupt_after(self, code, delay=1.0):
        self.ok("const beforeInterrupt = 5;")
        msg_id = self.kc.execute(code)
        time.sleep(delay)
        started = time.time()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertLess(time.time() - started, 1.0)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assertEqual(self.result("beforeInterrupt")["data"]["text/plain"], "5")

    def test_sync_loop(self):
        self.interrupt_after("while (true) {}")

    def test_async_loop_stops_running(self):
        self.interrupt_after("(globalThis as any).ticks = 0;\nwhile (true) { await new Promise((r) => setTimeout(r, 5)); (globalThis as any).ticks++; }")
        self.assert_stopped("(globalThis as any).ticks")


    def test_waiting_input_stops(self):
        self.interrupt_after('await input("never answered: ")')

    def test_for_await_loop_stops(self):
        self.interrupt_after("(globalThis as any).ticks = 0;\nasync function* every5ms() { while (true) { await new Promise((r) => setTimeout(r, 5)); yield 1; } }\n"
                             "for await (const _ of every5ms()) { (globalThis as any).ticks++; }")
        self.assert_stopped("(globalThis as any).ticks")

    def test_async_function_from_an_earlier_cell_stops(self):
        self.ok("async function trainForever() { for (;;) { await new Promise((r) => setTimeout(r, 5)); (globalThis as any).steps++; } }")
        self.interrupt_after("(globalThis as any).steps = 0;\nawait trainForever();")
        self.assert_stopped("(globalThis as any).steps")

    def test_sync_loop_inside_tidy_leaves_no_open_scope(self):
        self.ok("const before = tf.memory().numTensors;")
        self.interrupt_after("tf.tidy(() => { const t = tf.ones([10, 10]); while (true) { t.shape; } });")
        self.assertEqual(self.result("tf.engine().state.scopeStack.length")["data"]["text/plain"], "0")
        self.assertEqual(self.result("tf.memory().numTensors - before")["data"]["text/plain"], "0")

    def test_sync_loop_that_queued_callbacks(self):
        self.interrupt_after("Promise.resolve().then(() => { (globalThis as any).late = 1; });\nsetTimeout(() => undefined, 10);\n"
                             "while (true) {}")
        self.assertEqual(self.result("[1, 2].map((x) => x * 2)")["data"]["text/plain"], "[ 2, 4 ]")

    def test_interrupts_at_random_moments(self):
        # Short synchronous cells, interrupted at random moments: during the type-check, in the loop, just as it
        # ends, after it. Each ends ok or with KeyboardInterrupt, and the next cell runs normally (an interrupt
        # never lands in the kernel's own code). By signal, the snapshot launcher passes the interrupt on through
        # its pipe: with Node's SIGINT watchdog instead, a signal arriving just as a `breakOnSigint` call ends (Node
        # has taken the process's SIGINT listeners off and not yet put them back) killed the kernel.
        rng = random.Random(7)
        self.ok("function spin(ms: number) { const end = Date.now() + ms; let n = 0; while (Date.now() < end) n++; return n; }")
        statuses = collections.Counter()
        for i in range(40):
            msg_id = self.kc.execute(f"spin({rng.randint(2, 30)});\n{i}")
            time.sleep(rng.uniform(0.0, 0.04))
            self.km.interrupt_kernel()
            reply = self.kc.get_shell_msg(timeout=10)
            self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
            status = reply["content"]["status"]
            statuses[status if status == "ok" else reply["content"]["ename"]] += 1
            time.sleep(0.05)
            self.assertEqual(self.result(f"{i} + 1")["data"]["text/plain"], str(i + 1))
        self.assertEqual(set(statuses), {"ok", "KeyboardInterrupt"}, msg=str(statuses))

    def assert_stopped(self, counter):
        first = self.result(counter)["data"]["text/plain"]
        time.sleep(0.3)
        self.assertEqual(self.result(counter)["data"]["text/plain"], first)


class TestInterruptByMessage(InterruptCase):
    kernel_name = "tsdl"

    # A stuck main thread cannot take a message (nor, for code resumed after an await, a signal): the I/O
    # thread stops it through the inspector. Clients interrupting by signal only reach the main thread.
    def test_sync_loop_after_await(self):
        self.interrupt_after("await new Promise((r) => setTimeout(r, 10));\n(globalThis as any).spins = 0;\nwhile (true) { (globalThis as any).spins++; }")
        self.assert_stopped("(globalThis as any).spins")

    def test_promise_chain_that_never_yields(self):
        self.interrupt_after("(globalThis as any).spins = 0;\nasync function* forever() { while (true) yield 1; }\n"
                             "for await (const _ of forever()) { (globalThis as any).spins++; }")
        self.assert_stopped("(globalThis as any).spins")

    def test_stopped_inside_tidy_leaves_no_open_scope(self):
        self.ok("const before = tf.memory().numTensors;")
        self.interrupt_after("await new Promise((r) => setTimeout(r, 10));\ntf.tidy(() => { const t = tf.ones([10, 10]); while (true) { t.shape; } });")
        self.assertEqual(self.result("tf.engine().state.scopeStack.length")["data"]["text/plain"], "0")
        self.assertEqual(self.result("tf.memory().numTensors - before")["data"]["text/plain"], "0")
        self.assertEqual(self.result("tf.tidy(() => tf.ones([2]).add(1)).arraySync()")["data"]["text/plain"], "[ 2, 2 ]")


class TestInterruptBySignal(InterruptCase):
    kernel_name = "tsdl-signal"


class TestLifecycle(KernelCase):
    def test_restart_clears_state(self):
        self.ok("const beforeRestart = 1;")
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=harness.TIMEOUT)
        reply, _ = run(self.kc, "beforeRestart")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["execution_count"], 1)
        self.assertEqual(self.result("1 + 1")["data"]["text/plain"], "2")

    def test_bad_signature_is_dropped(self):
        from jupyter_client.session import Session
        forged = Session(key=b"not-the-key", username="mallory")
        msg = forged.msg("execute_request", {"code": "(globalThis as any).forged = true", "silent": False})
        forged.send(self.kc.shell_channel.socket, msg)
        deadline = time.time() + 2
        while time.time() < deadline:
            try:
                reply = self.kc.get_shell_msg(timeout=0.5)
            except Empty:
                continue
            self.assertNotEqual(reply["parent_header"].get("msg_id"), msg["header"]["msg_id"])
        self.assertEqual(self.result("(globalThis as any).forged === undefined")["data"]["text/plain"], "true")

    def test_zz_shutdown(self):
        self.kc.shutdown()
        reply = self.kc.get_control_msg(timeout=harness.TIMEOUT) if hasattr(self.kc, "get_control_msg") else None
        if reply is not None:
            self.assertEqual(reply["msg_type"], "shutdown_reply")
        deadline = time.time() + 10
        while self.km.is_alive() and time.time() < deadline:
            time.sleep(0.1)
        self.assertFalse(self.km.is_alive())


if __name__ == "__main__":
    unittest.main()
