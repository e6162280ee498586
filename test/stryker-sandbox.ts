// Stryker runs the tests in a copy of the project made with mkdtemp(3), which is mode 0700. One
// unit test runs the built library as nobody (to see the kernel refuse a read), and nobody must
// be able to reach it there as in the checkout.
import { chmodSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): void {
  chmodSync(project.config.root, 0o755);
}
