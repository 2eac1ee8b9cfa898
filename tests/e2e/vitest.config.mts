// Browser tests: `npm run test:e2e`. Separate from the unit tests (`npm test`):
// they need chromium, Debian's jupyter_server and a JupyterLab build (made once
// and cached by lab/build.js in global-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One browser and one kernel at a time: the machines have 2 cores.
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
