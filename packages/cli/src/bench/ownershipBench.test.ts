import { formatBenchTable, measureOwnership } from './ownershipBench';

describe('ownership benchmark', () => {
  it('measures a small organisation in a child process', async () => {
    const rows = await measureOwnership({ sizes: [2000], runs: 2 });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ entities: 2000, runs: 2, maxOldSpaceMb: 2048 });
    expect(row.medianMs).toBeGreaterThan(0);
    expect(row.peakRssMb).toBeGreaterThan(row.inputHeapMb);
    expect(row.findings).toBeGreaterThan(0);
    const table = formatBenchTable(rows);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('| 2,000 ');
  }, 120_000);
});
