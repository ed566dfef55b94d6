/**
 * Which days of the burndown get an x-axis label, so that no two labels
 * overlap: the first and the last day always, and between them days at
 * least `minSpacing` apart. The chart scales as a whole (an SVG viewBox), so
 * spacing measured in viewBox units holds at every rendered width.
 *
 * @param count - the number of days (points) on the axis
 * @param plotWidth - the width the points spread over, in viewBox units
 * @param minSpacing - the least distance between two label centres (a label's width plus a gap)
 * @returns the indexes to label, ascending
 */
export function burndownLabelIndexes(
  count: number,
  plotWidth: number,
  minSpacing: number,
): number[] {
  if (count <= 0) return [];
  if (count === 1) return [0];
  const last = count - 1;
  const spacing = plotWidth / last;
  if (spacing * last < minSpacing) {
    // Not even the first and the last fit side by side: the last says most.
    return [last];
  }
  const every = Math.max(1, Math.ceil(minSpacing / spacing));
  const indexes: number[] = [];
  for (let i = 0; i <= last; i += every) indexes.push(i);
  // The last day is always labelled; a regular label too close to it goes.
  while (
    indexes.length > 1 &&
    (last - indexes[indexes.length - 1]) * spacing < minSpacing
  ) {
    indexes.pop();
  }
  indexes.push(last);
  return indexes;
}
