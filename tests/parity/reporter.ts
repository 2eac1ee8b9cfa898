/**
 * Vitest reporter for `npm run parity`: after the normal output, prints one line
 * `parity: M/N cases match`, where N counts every parity case (`it(...)`) that ran and M those that passed.
 * Skipped cases count as not matching, so N always covers everything listed.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class ParityReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let total = 0;
    let passed = 0;
    const failing: string[] = [];
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        total++;
        if (test.result().state === 'passed') passed++;
        else failing.push(test.name);
      }
    }
    if (failing.length > 0) {
      process.stdout.write(`\nparity cases not matching (${failing.length}):\n${failing.map((n) => `  - ${n}`).join('\n')}\n`);
    }
    process.stdout.write(`\nparity: ${passed}/${total} cases match\n`);
  }
}
