import v8 from 'v8';
import type * as TS from '@tslab/typescript-for-tslab';

/**
 * TypeScript functions that are thousands of lines long but run once per cell (or, for the checker, once per
 * several cells): each builds a closure environment whose inner functions do the work. V8's optimizing
 * compiler still optimizes them once they have run a while, on a background thread that competes with the
 * kernel for the CPU: `node --trace-opt` over 320 varied cells showed 953 ms for `createProgram` alone and 183 ms
 * for `createPrinter` (of 4.5 s for all of TypeScript), nearly all within the first 200 cells, for no gain: the
 * time is in the inner functions, optimized on their own.
 */
export const TYPESCRIPT_FACTORIES = [
  'createProgram', 'createPrinter', 'createTypeChecker', 'transformNodes', 'createEmitHelperFactory',
  'transformTypeScript', 'transformClassFields', 'transformModule', 'transformDeclarations',
] as const;

/**
 * Tells V8 never to optimize `TYPESCRIPT_FACTORIES` of `ts` (they keep running as bytecode and baseline code).
 * Returns how many it marked: 0 when `TSDL_OPTIMIZE_ALL=1` or when this V8 does not allow it.
 * In a 400-cell run pinned to one core, cells 51–200 took 2.6–3.5 ms (median per 50) instead of 3.8–8.2 ms.
 */
export function keepFactoriesUnoptimized(ts: typeof TS, env: NodeJS.ProcessEnv = process.env): number {
  if (env.TSDL_OPTIMIZE_ALL === '1') return 0;
  let marked = 0;
  try {
    // Only this function is compiled with V8's natives syntax, and it runs before the flag is turned off again.
    v8.setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const neverOptimize = new Function('f', '%NeverOptimizeFunction(f);') as (f: unknown) => void;
    for (const name of TYPESCRIPT_FACTORIES) {
      const f = (ts as unknown as Record<string, unknown>)[name];
      if (typeof f !== 'function') continue;
      neverOptimize(f);
      marked++;
    }
  } catch {
    // only a speed-up
  } finally {
    v8.setFlagsFromString('--no-allow-natives-syntax');
  }
  return marked;
}
