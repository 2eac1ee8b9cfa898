import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `SequentialLR`. */
export interface SequentialLROptions {
  /** The schedulers to run one after the other, all on `optimizer`. */
  schedulers: LRScheduler[];
  /** The epochs at which to switch to the next scheduler (one fewer than the schedulers). */
  milestones: number[];
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Runs several schedulers one after the other, switching at the milestone epochs, like
 * `torch.optim.lr_scheduler.SequentialLR` (e.g. a linear warm-up followed by cosine annealing). At a
 * milestone the next scheduler starts from its epoch 0.
 *
 * ```ts
 * const warmup = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const cosine = new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: 95 });
 * const sched = new optim.lrScheduler.SequentialLR(opt, { schedulers: [warmup, cosine], milestones: [5] });
 * ```
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];

  constructor(optimizer: Optimizer<any>, options: SequentialLROptions) {
    const lastEpoch = options?.lastEpoch ?? -1;
    super(optimizer, lastEpoch);
    const { schedulers, milestones } = options ?? {};
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new Error('SequentialLR: schedulers must be a non-empty list');
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new TypeError(`SequentialLR: schedulers[${i}] is not an epoch scheduler`);
      if (s.optimizer !== optimizer) throw new Error(`SequentialLR: schedulers[${i}] belongs to another optimizer`);
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new Error(
        `SequentialLR: expected ${schedulers.length - 1} milestones for ${schedulers.length} schedulers, got ${JSON.stringify(milestones)}`,
      );
    }
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = lastEpoch + 1;
    // Undo what the schedulers did at construction and restart the first one.
    for (const g of this.groups) g.lr = g.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0].initialStep();
    this.setLastLr();
  }

  protected override getLr(): number[] {
    return this.groups.map((g) => g.lr);
  }

  override step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.setLastLr();
  }

  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  override loadStateDict(state: Record<string, unknown>): void {
    const { schedulers, ...rest } = state;
    super.loadStateDict(rest);
    (schedulers as Record<string, unknown>[] | undefined)?.forEach((s, i) => this.schedulers[i].loadStateDict(s));
  }
}
