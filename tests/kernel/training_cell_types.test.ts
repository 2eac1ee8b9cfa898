import { describe, expect, it } from 'vitest';
import { CellRunner, outcomeSummary as summary, preludeSource, PROJECT_DIR as dir } from './compiled_kernel';

/**
 * Training cells as students write them, type-checked and run by the kernel's cell runner with the prelude:
 * batches from a DataLoader whose batch type is not spelled out are `any`, and must still reach a model's forward
 * and a loss as tensors.
 */
describe('training cells over untyped DataLoader batches', () => {
  it('type-check with a Sequential model and a loss, and train', async () => {
    const runner = new CellRunner(dir);
    try {
      expect((await runner.run(preludeSource(), 'prelude')).status).toBe('ok');
      const cells = [
        `const T = vision.transforms;
         const train = new vision.datasets.MNIST({ transform: T.Compose([T.ToTensor(), T.Normalize([0.1307], [0.3081])]) });
         const loader = new data.DataLoader(new data.Subset(train, [0, 1, 2, 3, 4, 5, 6, 7]), { batchSize: 4 });
         const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 16), new nn.ReLU(), new nn.Linear(16, 10));
         const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
         const lossFn = new nn.CrossEntropyLoss();`,
        `let steps = 0;
         for (const [x, y] of loader) {
           opt.zeroGrad();
           const loss = tsdl.backward(() => lossFn.forward(model.forward(x), y));
           opt.step();
           steps += Number.isFinite(loss) ? 1 : 0;
         }
         steps`,
        // a chain of other values is still typed unknown
        `const out: string = new nn.Sequential(new nn.Identity()).forward(3);`,
      ];
      const outcomes = [];
      for (const [i, cell] of cells.entries()) outcomes.push(summary(await runner.run(cell, `cell[${i}]`), true));
      expect(outcomes[0]).toBe('ok null');
      expect(outcomes[1]).toBe('ok 2');
      expect(outcomes[2]).toMatch(/Type 'unknown' is not assignable to type 'string'/);
    } finally {
      runner.close();
    }
  }, 120_000);
});
