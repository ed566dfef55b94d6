import { spawnSync } from 'node:child_process';

/** Whether `kubectl` is on PATH. */
export const hasKubectl =
  spawnSync('kubectl', ['version', '--client']).status === 0;

/**
 * `describe` for tests that need kubectl: skipped, with a warning, only on a
 * developer machine without it; in CI a missing kubectl fails the tests.
 */
export const describeWithKubectl =
  // eslint-disable-next-line jest/no-disabled-tests
  hasKubectl || process.env.CI ? describe : describe.skip;

if (!hasKubectl && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(
    'kubectl is not on PATH: skipping the kustomize rendering tests',
  );
}
