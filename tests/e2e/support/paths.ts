// Folders the browser tests use.
import * as path from 'path';

/** Root of the repository. */
export const REPO = path.resolve(__dirname, '..', '..', '..');
/** Screenshots and logs of a run (gitignored). */
export const ARTIFACTS = path.join(REPO, 'tests', 'e2e', 'artifacts');
/** Small notebooks written for these tests. */
export const TEST_NOTEBOOKS = path.join(REPO, 'tests', 'e2e', 'notebooks');
/** The course notebooks. */
export const COURSE_NOTEBOOKS = path.join(REPO, 'notebooks');
