import { badRequest } from './status';

type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'exists' | '!exists'; key: string };

/** A parsed `labelSelector` query value. */
export type LabelSelector = (labels: Record<string, string>) => boolean;

/**
 * Parses an equality-based label selector: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
 * comma-separated. Set-based requirements (`in`, `notin`) answer 400, so a
 * caller relying on them learns that the double does not implement them.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements: Requirement[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) {
      continue;
    }
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(part);
    if (match) {
      const [, key, op, value] = match;
      requirements.push({ op: op === '!=' ? '!=' : '=', key, value });
    } else if (/^![^=!\s()]+$/.test(part)) {
      requirements.push({ op: '!exists', key: part.slice(1) });
    } else if (/^[^=!\s()]+$/.test(part)) {
      requirements.push({ op: 'exists', key: part });
    } else {
      throw badRequest(
        `unable to parse requirement: "${part}": kube-test-server (a test double) supports equality-based selectors (=, ==, !=) and existence (key, !key) only`,
      );
    }
  }
  return labels =>
    requirements.every(r => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case '=':
          return has && labels[r.key] === r.value;
        case '!=':
          return !has || labels[r.key] !== r.value;
        case 'exists':
          return has;
        default:
          return !has;
      }
    });
}
