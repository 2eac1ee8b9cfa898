import { describe, expect, it } from 'vitest';
import * as ts from '@tslab/typescript-for-tslab';
import { keepFactoriesUnoptimized, TYPESCRIPT_FACTORIES } from '../../kernel/v8_tiering';

describe('keepFactoriesUnoptimized', () => {
  it('marks every factory of this TypeScript build', () => {
    for (const name of TYPESCRIPT_FACTORIES) expect(typeof (ts as unknown as Record<string, unknown>)[name], name).toBe('function');
    expect(keepFactoriesUnoptimized(ts)).toBe(TYPESCRIPT_FACTORIES.length);
  });

  it('leaves V8 natives syntax off afterwards: cells cannot use it', () => {
    keepFactoriesUnoptimized(ts);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    expect(() => new Function('%DebugPrint(1);')).toThrow(SyntaxError);
  });

  it('does nothing with TSDL_OPTIMIZE_ALL=1', () => {
    expect(keepFactoriesUnoptimized(ts, { TSDL_OPTIMIZE_ALL: '1' })).toBe(0);
  });
});
