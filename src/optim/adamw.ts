import { AdamFamily, type AdamOptions } from './adam';
import type { ParamsInput } from './optimizer';

/**
 * AdamW, like `torch.optim.AdamW` (Loshchilov & Hutter, 2017): Adam with decoupled weight decay — each
 * step first shrinks the parameter, p ← p (1 - lr · weightDecay), then applies the Adam update to the
 * plain gradient. Default `weightDecay` 1e-2. The rule is in `AdamFamily`.
 *
 * ```ts
 * const opt = new optim.AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.05 });
 * ```
 */
export class AdamW extends AdamFamily {
  protected readonly decoupled = true;

  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false, ...options });
  }
}
