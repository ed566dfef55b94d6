import fs from 'node:fs';
import { fixturePath } from '../__fixtures__/fixtures';
import { TEMPLATE_CHECKS } from '../template/checkTemplate';
import { POLICY_CHECKS } from './checks';

describe('POLICY_CHECKS', () => {
  it('documents every check, with its severity, in POLICY.md (the template checks too)', () => {
    const doc = fs.readFileSync(fixturePath('..', '..', 'POLICY.md'), 'utf8');
    const headings = [
      ...doc.matchAll(/^### `([a-z-]+)` \((error|warning)\)$/gm),
    ].map(m => `${m[1]} ${m[2]}`);
    // Every template check reports errors only.
    expect(headings.sort()).toEqual(
      [
        ...POLICY_CHECKS.map(c => `${c.id} ${c.severity}`),
        ...Object.values(TEMPLATE_CHECKS).map(id => `${id} error`),
      ].sort(),
    );
  });
});
