import { parseChangelog } from './changelog';

describe('parseChangelog', () => {
  it('reads versions, dates and one-line entries, skipping unreleased sections', () => {
    const sections = parseChangelog(
      [
        '# Changelog: x',
        '',
        'Intro text.',
        '',
        '## Unreleased',
        '',
        '- Not yet.',
        '',
        '## [1.1.0] - 2026-11-20',
        '',
        '- Health module,',
        '  with a tier.',
        '* Faster builds.',
        '',
        '## 1.0.0',
        '',
        'First release.',
        '',
        '- Fastify 5.',
      ].join('\n'),
    );
    expect([...sections.values()]).toEqual([
      {
        version: '1.1.0',
        date: '2026-11-20',
        changes: ['Health module, with a tier.', 'Faster builds.'],
      },
      {
        version: '1.0.0',
        date: undefined,
        changes: ['First release.', 'Fastify 5.'],
      },
    ]);
  });
});
