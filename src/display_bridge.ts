/**
 * `tsdl.progress` and `tsdl.summary` live in `display/` (they render output). The library exposes them on its
 * root so course code reads `tsdl.progress(...)`, but loads the display module only when one is first used:
 * importing the library alone never pulls in the plotting stack.
 */
import type { progress as progressFn } from '../display/progress';
import type { summary as summaryFn } from '../display/model/summary';

/** A stand-in for a function exported by another module, loaded on first call or property access. */
function lazyFunction<T extends (...args: never[]) => unknown>(load: () => T): T {
  let real: T | undefined;
  const target = (): T => (real ??= load());
  return new Proxy(function lazy() {} as unknown as T, {
    apply: (_t, thisArg, args) => Reflect.apply(target(), thisArg, args),
    get: (_t, prop) => Reflect.get(target(), prop),
    has: (_t, prop) => Reflect.has(target(), prop),
  });
}

/** Live training progress (see `display/progress`): `for (const epoch of tsdl.progress(100)) { ... }`. */
export const progress: typeof progressFn = lazyFunction(
  () => (require('../display/progress') as typeof import('../display/progress')).progress,
);

/** torchinfo-style model summary (see `display/model/summary`): `tsdl.summary(model, [1, 784])`. */
export const summary: typeof summaryFn = lazyFunction(
  () => (require('../display/model/summary') as typeof import('../display/model/summary')).summary,
);
