"""The README's training loop, run as a user would paste it into a cell: it must type-check (a Sequential of
layers gives a tensor), train XOR, leave no tensors behind per step, and show the model's summary."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_protocol import KernelCase, of_type  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def readme_training_cell():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    blocks = re.findall(r"```ts\n(.*?)```", text, re.S)
    cell = next(b for b in blocks if "tsdl.backward" in b)
    return cell


class TestReadmeExample(KernelCase):
    def test_readme_training_loop_runs_and_learns_xor(self):
        cell = readme_training_cell()
        _, msgs = self.ok(cell)
        result = of_type(msgs, "execute_result")
        self.assertEqual(len(result), 1)
        self.assertIn("Total params: 17", result[0]["content"]["data"]["text/plain"])
        progress = of_type(msgs, "display_data")
        self.assertTrue(progress, "tsdl.progress shows a bar")
        loss = self.result("tsdl.backward(() => criterion.forward(model.forward(X), y))")
        self.assertLess(float(loss["data"]["text/plain"]), 0.1)
        before = self.result("tf.memory().numTensors")["data"]["text/plain"]
        self.ok("optimizer.zeroGrad(); tsdl.backward(() => criterion.forward(model.forward(X), y)); optimizer.step();")
        after = self.result("tf.memory().numTensors")["data"]["text/plain"]
        self.assertEqual(before, after)


if __name__ == "__main__":
    unittest.main()
