/**
 * The tsdl library the bench trains with. `npm run bench` uses the compiled package (`BENCH_LIBRARY=dist`: `dist/`,
 * built by tsc, which is what the kernel preloads and what `require('tsdl')` gives), so that it times the code users
 * run; A/B and profiling scripts that switch internals of `src/` on and off use the TypeScript sources through tsx
 * (the default), the same module instance as their own `import ... from '../src/...'`. (tsx's transform names every
 * function it creates at run time, which a first window of small-model steps pays for: 4–7 % of it.)
 */
import type * as Library from '../src';
import type * as Backend from '../src/backend';

const fromDist = process.env.BENCH_LIBRARY === 'dist';

/* eslint-disable @typescript-eslint/no-require-imports */
export const tsdl: typeof Library = fromDist ? require('../dist/src/index.js') : require('../src');
export const backend: typeof Backend = fromDist ? require('../dist/src/backend/index.js') : require('../src/backend');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Which one this process uses, for the bench's header. */
export const libraryLabel = fromDist ? 'dist/ (compiled by tsc)' : 'src/ (TypeScript through tsx)';
