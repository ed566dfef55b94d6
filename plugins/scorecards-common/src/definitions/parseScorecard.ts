import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseDocument,
  YAMLMap,
} from 'yaml';
import type {
  CheckDefinition,
  CheckSeverity,
  JsonValue,
  LevelDefinition,
  ScorecardDefinition,
} from '../apiTypes';
import { CHECK_SEVERITIES } from '../apiTypes';
import { resolveRuleParams, RULES } from '../rules';

/** A scorecard definition that cannot be loaded: names the file, the line and the reason. @public */
export class ScorecardDefinitionError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ScorecardDefinitionError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

class Reader {
  constructor(readonly file: string, private readonly lines: LineCounter) {}

  lineOf(node: Node | null | undefined, fallback = 1): number {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : this.lines.linePos(offset).line;
  }

  fail(node: Node | null | undefined, reason: string, fallback = 1): never {
    throw new ScorecardDefinitionError(
      this.file,
      this.lineOf(node, fallback),
      reason,
    );
  }

  map(node: unknown, what: string, parent?: Node): YAMLMap {
    if (!isMap(node))
      this.fail((node as Node) ?? parent, `${what} must be a mapping`);
    return node;
  }

  /** The value node at `key`, refusing keys the definition does not know. */
  entries(
    map: YAMLMap,
    what: string,
    known: string[],
  ): Map<string, Node | null> {
    const out = new Map<string, Node | null>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !known.includes(key)) {
        this.fail(
          pair.key as Node,
          `${what}: unknown field '${key ?? '?'}' (expected ${known.join(
            ', ',
          )})`,
          this.lineOf(map),
        );
      }
      out.set(key, (pair.value as Node | null) ?? null);
    }
    return out;
  }

  string(
    fields: Map<string, Node | null>,
    key: string,
    what: string,
    owner: Node,
    options: { optional?: boolean; pattern?: RegExp } = {},
  ): string | undefined {
    const node = fields.get(key);
    if (node === undefined || node === null) {
      if (options.optional) return undefined;
      return this.fail(owner, `${what}: '${key}' is required`);
    }
    if (
      !isScalar(node) ||
      typeof node.value !== 'string' ||
      node.value.trim() === ''
    ) {
      return this.fail(node, `${what}: '${key}' must be a non-empty string`);
    }
    if (options.pattern && !options.pattern.test(node.value)) {
      return this.fail(
        node,
        `${what}: '${key}' '${node.value}' must be lower-case words joined by dashes`,
      );
    }
    return node.value;
  }
}

function toJson(node: Node | null): JsonValue {
  return node === null ? null : (node.toJSON() as JsonValue);
}

function readCheck(
  reader: Reader,
  node: unknown,
  index: number,
  parent: Node,
): CheckDefinition {
  const what = `checks[${index}]`;
  const map = reader.map(node, what, parent);
  const fields = reader.entries(map, what, [
    'id',
    'rule',
    'title',
    'description',
    'severity',
    'howToFix',
    'required',
    'params',
  ]);
  const id = reader.string(fields, 'id', what, map, { pattern: ID })!;
  const at = `check '${id}'`;
  const ruleId =
    reader.string(fields, 'rule', at, map, { optional: true }) ?? id;
  const rule = RULES.get(ruleId);
  if (!rule) {
    reader.fail(
      fields.get('rule') ?? fields.get('id'),
      `${at}: unknown rule '${ruleId}' (known: ${[...RULES.keys()].join(
        ', ',
      )})`,
    );
  }
  const severityNode = fields.get('severity');
  const severity = reader.string(fields, 'severity', at, map)!;
  if (!CHECK_SEVERITIES.includes(severity as CheckSeverity)) {
    reader.fail(
      severityNode,
      `${at}: severity '${severity}' must be one of ${CHECK_SEVERITIES.join(
        ', ',
      )}`,
    );
  }
  const requiredNode = fields.get('required');
  let required = false;
  if (requiredNode !== undefined && requiredNode !== null) {
    if (!isScalar(requiredNode) || typeof requiredNode.value !== 'boolean') {
      reader.fail(requiredNode, `${at}: 'required' must be true or false`);
    }
    required = requiredNode.value as boolean;
  }
  const paramsNode = fields.get('params');
  let given: Record<string, JsonValue> = {};
  if (paramsNode !== undefined && paramsNode !== null) {
    const paramsMap = reader.map(paramsNode, `${at}: params`);
    reader.entries(paramsMap, `${at}: params`, Object.keys(rule.params));
    given = toJson(paramsMap) as Record<string, JsonValue>;
  }
  const resolved = resolveRuleParams(rule, given);
  if ('error' in resolved) {
    const paramNode =
      resolved.key && isMap(paramsNode)
        ? (paramsNode.get(resolved.key, true) as Node)
        : undefined;
    reader.fail(paramNode ?? paramsNode ?? map, `${at}: ${resolved.error}`);
  }
  return {
    id,
    rule: ruleId,
    title: reader.string(fields, 'title', at, map)!,
    description: reader.string(fields, 'description', at, map)!,
    severity: severity as CheckSeverity,
    howToFix: reader.string(fields, 'howToFix', at, map)!,
    required,
    params: resolved.params,
    source: { file: reader.file, line: reader.lineOf(map) },
  };
}

function readLevel(
  reader: Reader,
  node: unknown,
  index: number,
  parent: Node,
  checkIds: Set<string>,
): {
  level: Omit<LevelDefinition, 'requiredChecks'>;
  node: YAMLMap;
  extendsNode?: Node;
} {
  const what = `levels[${index}]`;
  const map = reader.map(node, what, parent);
  const fields = reader.entries(map, what, [
    'id',
    'title',
    'extends',
    'checks',
  ]);
  const id = reader.string(fields, 'id', what, map, { pattern: ID })!;
  const at = `level '${id}'`;
  const checksNode = fields.get('checks');
  if (!isSeq(checksNode))
    reader.fail(
      checksNode ?? map,
      `${at}: 'checks' must be a list of check ids`,
    );
  const checks: string[] = [];
  for (const item of checksNode.items as Node[]) {
    if (!isScalar(item) || typeof item.value !== 'string') {
      reader.fail(item, `${at}: every entry of 'checks' must be a check id`);
    }
    if (!checkIds.has(item.value)) {
      reader.fail(
        item,
        `${at}: unknown check '${item.value}' (define it under 'checks')`,
      );
    }
    if (checks.includes(item.value))
      reader.fail(item, `${at}: check '${item.value}' listed twice`);
    checks.push(item.value);
  }
  return {
    level: {
      id,
      title: reader.string(fields, 'title', at, map)!,
      extends: reader.string(fields, 'extends', at, map, { optional: true }),
      checks,
      source: { file: reader.file, line: reader.lineOf(map) },
    },
    node: map,
    extendsNode: fields.get('extends') ?? undefined,
  };
}

/** Each level's checks plus those of the levels it extends; refuses unknown parents and cycles. */
function resolveLevels(
  reader: Reader,
  read: Array<ReturnType<typeof readLevel>>,
): LevelDefinition[] {
  const byId = new Map(read.map(r => [r.level.id, r]));
  for (const r of read) {
    if (r.level.extends !== undefined && !byId.has(r.level.extends)) {
      reader.fail(
        r.extendsNode,
        `level '${r.level.id}' extends unknown level '${r.level.extends}'`,
      );
    }
  }
  return read.map(r => {
    const chain = [r.level.id];
    const required = new Set(r.level.checks);
    let parent = r.level.extends;
    while (parent !== undefined) {
      if (chain.includes(parent)) {
        reader.fail(
          r.extendsNode,
          `cycle in levels: ${[...chain, parent].join(' extends ')}`,
        );
      }
      chain.push(parent);
      const p = byId.get(parent)!;
      p.level.checks.forEach(c => required.add(c));
      parent = p.level.extends;
    }
    return { ...r.level, requiredChecks: [...required] };
  });
}

/**
 * Parses one scorecard definition (one YAML document).
 *
 * @throws {@link ScorecardDefinitionError} naming the file, the line and the
 *   reason for a YAML error, an unknown field, rule or check, a bad parameter,
 *   a duplicate id or a cycle in levels
 * @public
 */
export function parseScorecard(
  text: string,
  file: string,
): ScorecardDefinition {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const reader: Reader = new Reader(file, lines);
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new ScorecardDefinitionError(
      file,
      lines.linePos(error.pos[0]).line,
      `invalid YAML: ${error.message.split('\n')[0]}`,
    );
  }
  const root = reader.map(doc.contents, 'the scorecard');
  const fields = reader.entries(root, 'scorecard', [
    'id',
    'title',
    'description',
    'checks',
    'levels',
  ]);
  const id = reader.string(fields, 'id', 'scorecard', root, { pattern: ID })!;
  const checksNode = fields.get('checks');
  if (!isSeq(checksNode) || checksNode.items.length === 0) {
    reader.fail(
      checksNode ?? root,
      `scorecard '${id}': 'checks' must be a non-empty list`,
    );
  }
  const checks: CheckDefinition[] = [];
  checksNode.items.forEach((item, i) => {
    const check = readCheck(reader, item, i, checksNode);
    if (checks.some(c => c.id === check.id)) {
      reader.fail(item as Node, `duplicate check id '${check.id}'`);
    }
    checks.push(check);
  });
  const levelsNode = fields.get('levels');
  if (!isSeq(levelsNode) || levelsNode.items.length === 0) {
    reader.fail(
      levelsNode ?? root,
      `scorecard '${id}': 'levels' must be a non-empty list`,
    );
  }
  const checkIds = new Set(checks.map(c => c.id));
  const read: Array<ReturnType<typeof readLevel>> = [];
  levelsNode.items.forEach((item, i) => {
    const level = readLevel(reader, item, i, levelsNode, checkIds);
    if (read.some(r => r.level.id === level.level.id)) {
      reader.fail(item as Node, `duplicate level id '${level.level.id}'`);
    }
    read.push(level);
  });
  const levels = resolveLevels(reader, read);
  const inLevels = new Set(levels.flatMap(l => l.checks));
  const orphan = checks.find(c => !inLevels.has(c.id));
  if (orphan) {
    reader.fail(
      (checksNode.items as Node[])[checks.indexOf(orphan)],
      `check '${orphan.id}' is not part of any level`,
    );
  }
  return {
    id,
    title: reader.string(fields, 'title', 'scorecard', root)!,
    description:
      reader.string(fields, 'description', 'scorecard', root, {
        optional: true,
      }) ?? '',
    checks,
    levels,
    source: { file, line: reader.lineOf(root) },
  };
}
