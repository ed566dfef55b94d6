import { burndownLabelIndexes } from './burndownLabels';

describe('burndownLabelIndexes', () => {
  const plotWidth = 584;
  const minSpacing = 44;

  it('labels the first and last day and keeps every pair of labels apart, for every campaign length', () => {
    for (let count = 2; count <= 400; count++) {
      const indexes = burndownLabelIndexes(count, plotWidth, minSpacing);
      const spacing = plotWidth / (count - 1);
      expect(indexes[indexes.length - 1]).toBe(count - 1);
      expect(indexes[0]).toBe(0);
      for (let i = 1; i < indexes.length; i++) {
        expect(indexes[i]).toBeGreaterThan(indexes[i - 1]);
        expect((indexes[i] - indexes[i - 1]) * spacing).toBeGreaterThanOrEqual(
          minSpacing,
        );
      }
    }
  });

  it('drops the regular label next to the last day (the overlap the page showed)', () => {
    // 32 days used to be labelled every 6th day plus the last: 30 and 31,
    // 19 units apart, overlapped (a label is about 31 units wide).
    const indexes = burndownLabelIndexes(32, plotWidth, minSpacing);
    expect(indexes).toContain(31);
    expect(indexes).not.toContain(30);
    expect(indexes[indexes.length - 2]).toBe(27);
  });

  it('labels every day when they fit, and copes with one day or none', () => {
    expect(burndownLabelIndexes(5, plotWidth, minSpacing)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(burndownLabelIndexes(1, plotWidth, minSpacing)).toEqual([0]);
    expect(burndownLabelIndexes(0, plotWidth, minSpacing)).toEqual([]);
    expect(burndownLabelIndexes(3, 30, minSpacing)).toEqual([2]);
  });
});
