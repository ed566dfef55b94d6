import { Node } from '../model';

/** Kind names as findings print them. */
export const KIND_TITLES: Record<string, string> = {
  group: 'Group',
  user: 'User',
  domain: 'Domain',
  system: 'System',
  component: 'Component',
  api: 'API',
  resource: 'Resource',
};

const LIST_LIMIT = 5;

/**
 * Label of an entity for prose: the name people read (title or profile display name) where it has
 * one, else its name in the default namespace, else its ref. Refs stay beside it in messages, so a
 * reader of the CLI or the portal never translates ids.
 */
export function label(node: Node): string {
  if (node.title) return node.title;
  return node.namespace.toLowerCase() === 'default' ? node.name : node.ref;
}

/** `a, b and c`; beyond `limit` items, `a, b and 3 more`. */
export function joinList(items: string[], limit = LIST_LIMIT): string {
  const shown = items.slice(0, limit);
  const rest = items.length - shown.length;
  if (rest > 0) {
    return `${shown.join(', ')} and ${rest} more`;
  }
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
