import { isJsonObject } from '../types';

interface Node {
  type: string;
  [key: string]: unknown;
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Node).type === 'string';

const UNSUPPORTED = new Set([
  'PartialStatement',
  'PartialBlockStatement',
  'Decorator',
  'DecoratorBlock',
]);

const CALLS = new Set(['MustacheStatement', 'BlockStatement', 'SubExpression']);

/**
 * Finds variables a template reads from the root context that the context does
 * not have, such as `values.databse`.
 *
 * @remarks
 * Handlebars' strict mode only catches missing variables that are printed and
 * on the branch actually rendered; a typo inside `{{#if}}` or a helper argument
 * would silently read as false. Paths inside `each`/`with` blocks are relative to
 * the iterated value and are left to strict mode.
 */
export function checkVariables(
  ast: unknown,
  context: object,
  helperNames: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];

  const checkPath = (path: Node, scope: number) => {
    const parts = path.parts as string[];
    if (path.data || scope - (path.depth as number) !== 0 || !parts.length) {
      return;
    }
    let current: unknown = context;
    for (const [i, part] of parts.entries()) {
      if (!isJsonObject(current)) {
        return;
      }
      if (!Object.prototype.hasOwnProperty.call(current, part)) {
        const loc = (path.loc as { start?: { line: number } })?.start;
        problems.push(
          `unknown variable '${parts.slice(0, i + 1).join('.')}'${
            loc ? ` on line ${loc.line}` : ''
          }`,
        );
        return;
      }
      current = current[part];
    }
  };

  const walk = (value: unknown, scope: number): void => {
    if (Array.isArray(value)) {
      value.forEach(v => walk(v, scope));
      return;
    }
    if (!isNode(value)) {
      return;
    }
    if (UNSUPPORTED.has(value.type)) {
      problems.push(`${value.type} is not supported`);
      return;
    }
    if (value.type === 'PathExpression') {
      checkPath(value, scope);
      return;
    }
    if (CALLS.has(value.type)) {
      const path = value.path as Node;
      const isCall =
        (value.params as unknown[]).length > 0 ||
        value.hash !== undefined ||
        (path.type === 'PathExpression' &&
          helperNames.has(path.original as string));
      if (!isCall) {
        walk(path, scope);
      }
      walk(value.params, scope);
      walk(value.hash, scope);
      const keepsContext =
        isCall && ['if', 'unless'].includes(path.original as string);
      walk(value.program, keepsContext ? scope : scope + 1);
      walk(value.inverse, scope);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'loc') {
        walk(child, scope);
      }
    }
  };

  walk(ast, 0);
  return problems;
}
