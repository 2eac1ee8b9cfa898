import { beforeAll, describe, expect, it } from 'vitest';
import * as optuna from '../../src/tune';

beforeAll(() => optuna.logging.setVerbosity(optuna.logging.WARNING));

const quadratic = (trial: optuna.Trial) => {
  const x = trial.suggestFloat('x', -10, 10);
  const y = trial.suggestFloat('y', -10, 10);
  return (x - 2) ** 2 + (y + 1) ** 2;
};

describe('optuna-style study', () => {
  it('suggest* respect ranges, types, log scale and repeated names', async () => {
    const study = optuna.createStudy({ sampler: new optuna.samplers.RandomSampler({ seed: 0 }) });
    await study.optimize(async (trial) => {
      const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
      const n = trial.suggestInt('n', 1, 4);
      const step = trial.suggestFloat('s', 0, 1, { step: 0.25 });
      const opt = trial.suggestCategorical('opt', ['adam', 'sgd']);
      expect(trial.suggestInt('n', 1, 4)).toBe(n);
      expect(lr).toBeGreaterThanOrEqual(1e-5);
      expect(lr).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(n) && n >= 1 && n <= 4).toBe(true);
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(step);
      expect(['adam', 'sgd']).toContain(opt);
      await new Promise((r) => setTimeout(r, 1));
      return lr;
    }, { nTrials: 30 });
    expect(study.trials.length).toBe(30);
    const lrs = study.trials.map((t) => t.params.lr as number);
    expect(lrs.filter((v) => v < 1e-3).length).toBeGreaterThan(10); // log scale puts half below 1e-3
    expect(study.bestValue).toBe(Math.min(...lrs));
  });

  it('TPE finds the optimum of a quadratic and beats random search on average over seeds', async () => {
    const best = async (sampler: optuna.samplers.Sampler) => {
      const study = optuna.createStudy({ direction: 'minimize', sampler });
      await study.optimize(quadratic, { nTrials: 60 });
      return study.bestValue;
    };
    let tpeTotal = 0;
    let randomTotal = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      tpeTotal += await best(new optuna.samplers.TPESampler({ seed }));
      randomTotal += await best(new optuna.samplers.RandomSampler({ seed }));
    }
    expect(tpeTotal / 6).toBeLessThan(randomTotal / 6);
    expect(tpeTotal / 6).toBeLessThan(0.5);
    const study = optuna.createStudy({ sampler: new optuna.samplers.TPESampler({ seed: 0 }) });
    await study.optimize(quadratic, { nTrials: 80 });
    expect(study.bestValue).toBeLessThan(1);
    expect(Math.abs((study.bestParams.x as number) - 2)).toBeLessThan(1);
    expect(Math.abs((study.bestParams.y as number) + 1)).toBeLessThan(1);
  });

  it('TPE is repeatable with a seed and handles categorical and int parameters (maximize)', async () => {
    const run = async () => {
      const study = optuna.createStudy({ direction: 'maximize', sampler: new optuna.samplers.TPESampler({ seed: 9 }) });
      await study.optimize((t) => {
        const c = t.suggestCategorical('c', ['bad', 'good', 'ok']);
        const k = t.suggestInt('k', 0, 20);
        return (c === 'good' ? 10 : c === 'ok' ? 5 : 0) - Math.abs(k - 13);
      }, { nTrials: 40 });
      return study;
    };
    const [a, b] = [await run(), await run()];
    expect(a.trials.map((t) => t.params)).toEqual(b.trials.map((t) => t.params));
    expect(a.bestParams.c).toBe('good');
    expect(Math.abs((a.bestParams.k as number) - 13)).toBeLessThanOrEqual(1);
    const late = a.trials.slice(20).filter((t) => t.params.c === 'good').length;
    expect(late).toBeGreaterThan(10);
  });

  it('median pruner stops trials worse than the median; table records', async () => {
    const study = optuna.createStudy({ sampler: new optuna.samplers.RandomSampler({ seed: 1 }), pruner: new optuna.pruners.MedianPruner({ nStartupTrials: 3 }) });
    await study.optimize((trial) => {
      const offset = trial.suggestFloat('offset', 0, 10);
      let loss = 0;
      for (let epoch = 0; epoch < 5; epoch++) {
        loss = offset + 1 / (epoch + 1);
        trial.report(loss, epoch);
        if (trial.shouldPrune()) throw new optuna.TrialPruned();
      }
      return loss;
    }, { nTrials: 20 });
    const pruned = study.trials.filter((t) => t.state === 'PRUNED');
    expect(pruned.length).toBeGreaterThan(3);
    expect(study.trials.slice(0, 3).every((t) => t.state === 'COMPLETE')).toBe(true);
    const table = study.trialsDataframe();
    expect(Object.keys(table[0])).toEqual(['number', 'value', 'datetime_start', 'datetime_complete', 'duration', 'params_offset', 'state']);
    expect(table.filter((r) => r.state === 'PRUNED').length).toBe(pruned.length);
  });

  it('errors: bad ranges, no trials, objective errors re-thrown and recorded', async () => {
    const study = optuna.createStudy();
    expect(() => study.bestValue).toThrow(/No trials are completed yet/);
    await expect(study.optimize((t) => t.suggestFloat('x', 0, 1, { log: true }), { nTrials: 1 })).rejects.toThrow(/low must be larger than 0 for a log distribution, got low=0/);
    expect(study.trials[0].state).toBe('FAIL');
    await expect(study.optimize((t) => t.suggestInt('n', 5, 1), { nTrials: 1 })).rejects.toThrow(/low must be smaller than or equal to high, got low=5, high=1/);
    await expect(study.optimize(() => 1)).rejects.toThrow(/give nTrials and\/or timeout/);
    expect(() => optuna.createStudy({ direction: 'up' as never })).toThrow(/direction should be 'minimize' or 'maximize', got "up"/);
    await study.optimize(() => { throw new Error('boom'); }, { nTrials: 2, catchErrors: true });
    expect(study.trials.slice(-2).every((t) => t.state === 'FAIL')).toBe(true);
  });
});
