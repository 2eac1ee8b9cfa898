"""The Jupyter kernel test suite (jupyter_kernel_test) run against tsdl with every sample configured."""
import unittest

import jupyter_kernel_test

import harness  # installs the kernelspec into a temporary prefix

jupyter_kernel_test.TIMEOUT = harness.TIMEOUT


class TsdlKernelSuite(jupyter_kernel_test.KernelTests):
    kernel_name = "tsdl"
    language_name = "typescript"
    file_extension = ".ts"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = harness.start(cls.kernel_name)

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": "const completionTarget = 1; completionTa", "matches": {"completionTarget"}},
    ]
    complete_code_samples = ["1 + 1", "let a = 1;", "function f() { return 1; }", "for (const x of [1]) console.log(x);"]
    incomplete_code_samples = ["function f() {", "if (true) {", "const s = `abc", "[1, 2,"]
    invalid_code_samples = ["const = 5;", "1 +* 2", ")", "const 1x = 2;"]

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": '({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<b>rich</b>" }; } })',
         "mime": "text/html", "result": "<b>rich</b>"},
    ]
    code_history_pattern = "1 + 2"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display.html("<b>hi</b>")', "mime": "text/html"},
        {"code": 'display.markdown("# Title")', "mime": "text/markdown"},
        {"code": 'display.svg("<svg xmlns=\'http://www.w3.org/2000/svg\'></svg>")', "mime": "image/svg+xml"},
        {"code": 'display.png(new Uint8Array([137, 80, 78, 71]))', "mime": "image/png"},
        {"code": 'display.jpeg("/9j/4AAQ")', "mime": "image/jpeg"},
        {"code": "display.json({ a: 1 })", "mime": "application/json"},
        {"code": 'display.latex("$x^2$")', "mime": "text/latex"},
        {"code": 'display.vegalite({ mark: "point", data: { values: [] } })', "mime": "application/vnd.vegalite.v5+json"},
        {"code": 'display.mime({ "text/csv": "a,b" })', "mime": "text/csv"},
        {"code": "display(42)", "mime": "text/plain"},
    ]
    code_clear_output = 'console.log("before"); clearOutput()'
    code_inspect_sample = "Math.max"
    code_page_something = "Math.max?"


if __name__ == "__main__":
    unittest.main()
