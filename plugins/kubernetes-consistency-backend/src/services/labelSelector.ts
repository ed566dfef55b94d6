/** One requirement of a Kubernetes label selector. */
export type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!exists'; key: string };

/**
 * Parses a label selector as `kubectl -l` and the API server accept it:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, separated
 * by commas.
 *
 * @throws Error naming the part it cannot read
 */
export function parseLabelSelector(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  // Commas inside `in (…)` lists do not separate requirements.
  const parts = text.match(/[^,(]+(\([^)]*\))?[^,]*/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    let m = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(part);
    if (m) {
      requirements.push({
        op: m[2] === '!=' ? '!=' : '=',
        key: m[1],
        value: m[3],
      });
      continue;
    }
    m = /^([^\s=!(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (m) {
      requirements.push({
        op: m[2] as 'in' | 'notin',
        key: m[1],
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      });
      continue;
    }
    m = /^(!?)([^\s=!(),]+)$/.exec(part);
    if (m) {
      requirements.push({ op: m[1] ? '!exists' : 'exists', key: m[2] });
      continue;
    }
    throw new Error(`cannot parse '${part}'`);
  }
  if (requirements.length === 0) {
    throw new Error('it is empty');
  }
  return requirements;
}

/** Whether labels satisfy every requirement. */
export function matchesSelector(
  requirements: readonly Requirement[],
  labels: Record<string, string>,
): boolean {
  for (const r of requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case '=':
        if (!has || value !== r.value) return false;
        break;
      case '!=':
        if (has && value === r.value) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(value)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(value)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      default:
        if (has) return false;
    }
  }
  return true;
}
