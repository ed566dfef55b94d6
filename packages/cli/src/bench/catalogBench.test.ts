import {
  catalogVerdicts,
  formatCatalogTable,
  measureCatalog,
} from './catalogBench';

describe('catalog benchmark', () => {
  it('reads one generated catalog file in each mode, each in its own process', async () => {
    const rows = await measureCatalog({
      sizes: [300],
      runs: 1,
      modes: ['js-yaml', 'reference-js-yaml', 'ours', 'check'],
    });
    expect(rows.map(r => r.mode)).toEqual([
      'js-yaml',
      'reference-js-yaml',
      'ours',
      'check',
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ entities: 300, runs: 1, entityCount: 300 });
      expect(row.peakRssMb).toBeGreaterThan(0);
    }
    const [, reference, ours, check] = rows;
    expect(reference.findings).toBeGreaterThan(0);
    expect(ours.findings).toBeGreaterThan(0);
    expect(check.findings).toBe(ours.findings);
    expect(formatCatalogTable(rows).split('\n')).toHaveLength(6);
    expect(catalogVerdicts(rows)).toEqual([
      expect.stringMatching(
        /^300: whole check \d+ ms = [\d.]+× the fastest parser's parse \(js-yaml, \d+ ms\)/,
      ),
      expect.stringMatching(/^300: our analysis \d+ ms vs reference-js-yaml: /),
    ]);
  }, 120_000);
});
