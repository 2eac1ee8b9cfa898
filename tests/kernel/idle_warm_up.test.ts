import path from 'path';
import { describe, expect, it } from 'vitest';
import { IdleWarmUp, WARM_UP_CELLS, warmUpConversions } from '../../kernel/idle_warm_up';
import { CellRunner, preludeSource } from './compiled_kernel';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IdleWarmUp', () => {
  it('takes its number of conversions from TSDL_WARM_UP when that is a whole number', () => {
    expect(warmUpConversions('0')).toBe(0);
    expect(warmUpConversions('250')).toBe(250);
    for (const setting of [undefined, '', 'off', '-1', '2.5']) expect(warmUpConversions(setting)).toBeUndefined();
  });

  it('its made-up cells are valid cells of a kernel with the prelude (they warm up what users run)', async () => {
    const runner = new CellRunner(path.join(__dirname, '..', '..'));
    try {
      expect((await runner.run(preludeSource(), 'prelude')).status).toBe('ok');
      for (const [i, cell] of WARM_UP_CELLS.entries()) {
        const outcome = await runner.run(cell(i + 1), `warm[${i}]`);
        expect(outcome, cell(i + 1)).toMatchObject({ status: 'ok' });
      }
    } finally {
      runner.close();
    }
  }, 120_000);

  it('converts one cell per task while idle, pauses when busy, resumes, and stops at its total', async () => {
    const seen: string[] = [];
    let idle = true;
    const warmUp = new IdleWarmUp((src) => seen.push(src), () => idle, { total: 25, delayMs: 5 });
    warmUp.resume();
    await sleep(2);
    expect(seen).toHaveLength(0); // waits delayMs first
    await sleep(30);
    idle = false; // a request came in
    const atPause = seen.length;
    expect(atPause).toBeGreaterThan(0);
    await sleep(30);
    expect(seen.length).toBe(atPause);
    idle = true;
    warmUp.resume();
    while (warmUp.conversions < 25) await sleep(5);
    await sleep(20);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25); // every cell new to the converter's cache
    expect(seen.slice(0, WARM_UP_CELLS.length)).toEqual(WARM_UP_CELLS.map((c, i) => c(i + 1)));
  });

  it('a throwing conversion does not stop it; stop() does', async () => {
    let calls = 0;
    const warmUp = new IdleWarmUp(() => { calls++; throw new Error('bad cell'); }, () => true, { total: 50, delayMs: 1 });
    warmUp.resume();
    while (calls < 3) await sleep(2);
    warmUp.stop();
    const stoppedAt = calls;
    await sleep(20);
    expect(calls).toBe(stoppedAt);
    warmUp.resume();
    await sleep(20);
    expect(calls).toBe(stoppedAt);
  });
});

describe('IdleWarmUp with a client sending cells one after another', () => {
  it('converts nothing while requests keep coming less than delayMs apart, then goes on', async () => {
    let converted = 0;
    const warmUp = new IdleWarmUp(() => { converted++; }, () => true, { total: 10, delayMs: 40 });
    warmUp.resume();
    for (let i = 0; i < 10; i++) {
      await sleep(10);
      warmUp.activity(); // a request every 10 ms
      warmUp.resume();
    }
    expect(converted).toBe(0);
    await sleep(120);
    expect(converted).toBe(10);
  });
});
