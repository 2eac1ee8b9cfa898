import * as tf from '@tensorflow/tfjs';

/**
 * A switch for one of tsdl's replacements of a tfjs-core 4.22 `Engine` method (`lean_gradients.ts`,
 * `lean_kernel_calls.ts`): `on = true` sets `replacement` as the engine's own `name` when tfjs-core is 4.22 (the
 * version the replacement mirrors) and `usable(engine)` says the members it relies on are there; `on = false`
 * removes it, so tfjs's method applies again. The switch returns whether the replacement is in use; idempotent.
 *
 * ```ts
 * const useLeanGradients = engineMethodSwitch('gradients', leanGradients, (e) => typeof e.startTape === 'function');
 * useLeanGradients(false); // tfjs's own Engine.gradients
 * ```
 */
export function engineMethodSwitch(name: string, replacement: (...args: never[]) => unknown,
  usable: (engine: Record<string, unknown>) => boolean): (on?: boolean) => boolean {
  let installed = false;
  return (on = true) => {
    const engine = tf.engine() as unknown as Record<string, unknown>;
    if (!on) {
      if (installed) delete engine[name];
      installed = false;
      return false;
    }
    if (installed) return true;
    if (!tf.version_core.startsWith('4.22.') || !usable(engine)) return false;
    engine[name] = replacement;
    installed = true;
    return true;
  };
}
